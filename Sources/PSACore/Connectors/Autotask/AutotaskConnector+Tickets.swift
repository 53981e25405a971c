import Foundation

extension AutotaskConnector {
    /// Creates with `POST Tickets` (-> `{"itemId"}`, AT2) and reads the ticket back for its
    /// number. A create that may have reached Autotask is never retried here: only the caller
    /// can tell, through `findTicket`, whether a failed attempt already created the ticket.
    /// A refused one made nothing: when the field information psalink filled it from has
    /// changed since it was read (an admin made a field required), it is sent once more with
    /// what Autotask asks for now.
    public func createTicket(_ draft: TicketDraft) async throws(ConnectorError) -> PSATicket {
        let body = try await createBody(for: draft)
        let response: HTTPResponse
        do {
            response = try await call(.post, "Tickets", body: body, endpoint: "Tickets")
        } catch .rejected(let field, let message) {
            session.fields(of: "Tickets").forget()
            session.fields(of: Self.userFieldsEntity).forget()
            let current = try await createBody(for: draft)
            guard !Self.sameJSON(current, body) else { throw .rejected(field: field, message: message) }
            response = try await call(.post, "Tickets", body: current, endpoint: "Tickets")
        }
        let id = try decode(AutotaskWire.OperationResult.self, from: response).itemId.text
        guard let ticket = try await ticket(id: id) else {
            throw .unexpectedResponse("Autotask created ticket \(id) but does not return it")
        }
        return ticket
    }

    private func createBody(for draft: TicketDraft) async throws(ConnectorError) -> [String: Any] {
        var body: [String: Any] = [
            "companyID": Self.jsonValue(draft.companyID),
            "title": draft.title,
            "description": draft.details,
            "externalID": draft.externalReference,
            // Commonly required and not derivable from an event; a day ahead leaves room for triage.
            "dueDateTime": Self.timestamp(Date().addingTimeInterval(24 * 3600)),
        ]
        for (name, field) in Self.ticketFieldNames {
            if let value = draft.settings[field], !value.isEmpty { body[name] = Self.jsonValue(value) }
        }
        try await fillRequiredDefaults(&body)
        let userFields = try await userDefinedFieldsBody(for: draft)
        if !userFields.isEmpty { body["userDefinedFields"] = userFields }
        return body
    }

    /// Whether two request bodies say the same, the due date aside (it moves with the clock).
    static func sameJSON(_ one: [String: Any], _ other: [String: Any]) -> Bool {
        func text(_ body: [String: Any]) -> Data? {
            var body = body
            body["dueDateTime"] = nil
            return try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        }
        return text(one) == text(other)
    }

    /// `POST Tickets/{id}/Notes`. Note type and publish come from the note picklists
    /// (`noteDefaults`).
    ///
    /// Autotask's TicketNote has no field that sends or suppresses an e-mail (TicketNoteModel in
    /// specs/autotask/autotask-rest-v1.0-swagger.json: id, ticketID, title, description,
    /// noteType, publish, …; psa-apis.md §2 "Add note" [AT1]): the REST call itself notifies no
    /// one, unlike the notification boxes of Autotask's own note form. Workflow rules an admin
    /// set up in Autotask may still act on a new note; psalink cannot see or stop them.
    public func addNote(_ note: TicketNote, toTicket id: String) async throws(ConnectorError) {
        let (noteType, publish) = try await noteDefaults(isInternal: note.isInternal)
        let firstLine = note.text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let title = firstLine.isEmpty ? "psalink" : String(firstLine.prefix(250))
        let body: [String: Any] = [
            "ticketID": Self.jsonValue(id), "title": title, "description": note.text,
            "noteType": Self.jsonValue(noteType), "publish": Self.jsonValue(publish),
        ]
        _ = try await call(.post, "Tickets/\(Self.pathComponent(id))/Notes", body: body, endpoint: "TicketNotes")
    }

    /// `PATCH Tickets` with the id and the new status and priority (AT8, AT3); a completing
    /// status also carries the note as the resolution. Setting the same values twice has the
    /// same effect as once, so the PATCH may be retried. The note follows.
    public func updateTicket(_ id: String, _ change: TicketChange) async throws(ConnectorError) {
        if change.changesFields {
            var body: [String: Any] = ["id": Self.jsonValue(id)]
            if let priority = change.priorityID { body["priority"] = Self.jsonValue(priority) }
            if let status = change.statusID {
                body["status"] = Self.jsonValue(status)
                let complete = Self.completeStatus(in: try await entityFields("Tickets"))
                if status == complete, let note = change.note, !note.text.isEmpty { body["resolution"] = note.text }
            }
            _ = try await call(.patch, "Tickets", body: body, endpoint: "Tickets", retryable: true)
        }
        if let note = change.note { try await addNote(note, toTicket: id) }
    }

    /// `GET Tickets/{id}` -> `{"item": {...}}`; a missing ticket is a 404 or `{"item": null}`.
    public func ticket(id: String) async throws(ConnectorError) -> PSATicket? {
        let response: HTTPResponse
        do {
            response = try await call(.get, "Tickets/\(Self.pathComponent(id))", endpoint: "Tickets")
        } catch .notFound {
            return nil
        }
        return try decode(AutotaskWire.ItemResult<AutotaskWire.Ticket>.self, from: response).item.map(Self.ticket)
    }

    /// Autotask queries have no sort order, so every match is read and the highest id (the
    /// newest ticket) wins. Whether `externalID` is queryable is not documented (UNCONFIRMED);
    /// an Autotask that refuses the filter reports it as an error.
    public func findTicket(externalReference: String, companyID: String) async throws(ConnectorError)
        -> PSATicket?
    {
        let body: [String: Any] = [
            "MaxRecords": 500,
            "IncludeFields": [
                "id", "ticketNumber", "title", "companyID", "status", "priority", "externalID", "completedDate",
            ],
            "filter": [
                [
                    "op": "and",
                    "items": [
                        ["op": "eq", "field": "companyID", "value": Self.jsonValue(companyID)],
                        ["op": "eq", "field": "externalID", "value": externalReference],
                    ],
                ]
            ],
        ]
        var newest: AutotaskWire.Ticket?
        try await query("Tickets", body: body, endpoint: "Tickets", as: AutotaskWire.Ticket.self) { page in
            for item in page where newest.map({ Self.isNewer(item, than: $0) }) ?? true {
                newest = item
            }
        }
        return newest.map(Self.ticket)
    }

    // MARK: Helpers

    /// Autotask's REST API shows no merges: the TicketModel of its OpenAPI document (specs/
    /// autotask) has no merge field, so a merged ticket is seen as what it is left as, closed
    /// or gone.
    static func ticket(_ item: AutotaskWire.Ticket) -> PSATicket {
        PSATicket(
            id: item.id.text, number: item.ticketNumber, title: item.title ?? "", companyID: item.companyID?.text,
            statusID: item.status?.text, isClosed: !(item.completedDate ?? "").isEmpty,
            externalReference: item.externalID, priorityID: item.priority?.text,
            closedAt: PSADate.parse(item.completedDate))
    }

    static func isNewer(_ candidate: AutotaskWire.Ticket, than current: AutotaskWire.Ticket) -> Bool {
        switch (Int64(candidate.id.text), Int64(current.id.text)) {
        case (let new?, let old?): return new > old
        default: return candidate.id.text > current.id.text
        }
    }

    /// The note type and publish values from TicketNotes' picklists. A failed read is the
    /// note's failure: a note sent with guessed values could be published more widely than meant.
    private func noteDefaults(isInternal: Bool) async throws(ConnectorError) -> (noteType: String, publish: String) {
        let fields = try await entityFields("TicketNotes")
        func values(_ name: String) -> [AutotaskWire.PicklistValue] {
            (fields.first { $0.name.lowercased() == name.lowercased() }?.picklistValues ?? [])
                .filter { $0.isActive ?? true }
        }
        func preferred(_ list: [AutotaskWire.PicklistValue]) -> String? {
            (list.first { $0.isDefaultValue == true } ?? list.first)?.value.text
        }
        let noteType = preferred(values("noteType")) ?? "1"
        let publishValues = values("publish")
        // An instance that lists no publish values at all (none seen so far) gets the values
        // Autotask ships, 1 "All Autotask Users" and 2 "Internal Only".
        guard !publishValues.isEmpty else { return (noteType, isInternal ? "2" : "1") }
        guard let publish = Self.publishValue(in: publishValues, isInternal: isInternal) else {
            let labels = publishValues.compactMap(\.label).map { String(reflecting: $0) }.joined(separator: ", ")
            throw .rejected(
                field: "publish",
                message: "no value of the TicketNotes publish picklist is "
                    + (isInternal ? "internal" : "for all users") + " (its values: \(labels))")
        }
        return (noteType, publish)
    }

    /// `publish` is a picklist whose values an instance may relabel or extend (psa-apis.md §2
    /// "Add note": read its entityInformation/fields), so the value is picked by label, never
    /// by number: an internal note takes "Internal Only" (else a label with "internal" that does
    /// not also reach co-managed users); a public one "All Autotask Users" (else a label with
    /// "all"), the value whose notes the customer's portal shows. No match is nil rather than the
    /// picklist's default, which could publish an internal note to everyone.
    static func publishValue(in values: [AutotaskWire.PicklistValue], isInternal: Bool) -> String? {
        func label(_ value: AutotaskWire.PicklistValue) -> String { (value.label ?? "").lowercased() }
        let match: AutotaskWire.PicklistValue?
        if isInternal {
            match =
                values.first { label($0) == "internal only" }
                ?? values.first { label($0).contains("internal") && !label($0).contains("co-managed") }
        } else {
            match =
                values.first { label($0) == "all autotask users" }
                ?? values.first { label($0).split(separator: " ").contains("all") }
        }
        return match?.value.text
    }

    /// Ids travel as JSON numbers, which is what Autotask's integer fields take.
    static func jsonValue(_ text: String) -> Any {
        Int64(text).map { $0 as Any } ?? text
    }

    static func pathComponent(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
