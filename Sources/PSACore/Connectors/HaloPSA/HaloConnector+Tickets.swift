/// Tickets (`/Tickets`, Halo's Faults) and their actions (`/Actions`). Every write is a POST
/// of a JSON array; a POST with an `id` updates that ticket.
extension HaloConnector {
    /// A refused create made nothing: when the ticket type's requirements have changed since
    /// psalink read them (an admin made urgency required, with a default), it is sent once more
    /// with what the type asks for now.
    public func createTicket(_ draft: TicketDraft) async throws(ConnectorError) -> PSATicket {
        let fields = try await createFields(for: draft)
        let created: HaloJSON
        do {
            created = try await post("/Tickets", [.object(fields)], scope: "edit:tickets")
        } catch .rejected(let field, let message) {
            if let type = draft.settings[.ticketType].flatMap({ Int($0) }) { ticketTypes.lookup(type).forget() }
            let current = try await createFields(for: draft)
            guard current != fields else { throw .rejected(field: field, message: message) }
            created = try await post("/Tickets", [.object(current)], scope: "edit:tickets")
        }
        // One ticket in, one out: Halo answers the object, some versions a one-element array.
        guard let ticket = Self.ticket(from: created.array?.first ?? created) else {
            throw .unexpectedResponse("the created ticket came back without an id")
        }
        return ticket
    }

    private func createFields(for draft: TicketDraft) async throws(ConnectorError) -> [String: HaloJSON] {
        var fields: [String: HaloJSON] = [
            "summary": .string(draft.title),
            "details": .string(draft.details),
            "client_id": try Self.haloID(draft.companyID, field: "client_id"),
            "third_party_id_string": .string(draft.externalReference),
        ]
        let numeric: [(TicketField, String)] = [
            (.ticketType, "tickettype_id"), (.status, "status_id"), (.priority, "priority_id"),
            (.impact, "impact"), (.urgency, "urgency"),
        ]
        let settings = draft.settings.merging(try await requiredDefaults(for: draft)) { own, _ in own }
        for (setting, field) in numeric {
            if let value = settings[setting] { fields[field] = try Self.haloID(value, field: field) }
        }
        if let category = draft.settings[.category] { fields["category_1"] = .string(category) }
        return fields
    }

    /// A note needs an outcome: the note's own, else the integration's, else the PSA's
    /// internal-note outcome. Without any, the note is still sent and Halo's refusal ("An
    /// Outcome must be entered ...") reported.
    ///
    /// Who sees it is the action's own `hiddenfromuser`, which wins over the outcome's default;
    /// `sendemail` is always false, so that a public note shows on the portal without Halo
    /// e-mailing the end user (Actions schema in specs/halopsa/halopsa-swagger.json; psa-apis.md
    /// §3 "Add note" [HA1 `Actions`]).
    public func addNote(_ note: TicketNote, toTicket id: String) async throws(ConnectorError) {
        var outcome = note.settings[.outcome] ?? ticketSettings[.outcome]
        if outcome == nil { outcome = try await internalNoteOutcome() }
        var action: [String: HaloJSON] = [
            "ticket_id": try Self.haloID(id, field: "ticket_id"),
            "note_html": .string(Self.html(note.text)),
            "hiddenfromuser": .bool(note.isInternal),
            "sendemail": .bool(false),
        ]
        if let outcome { action["outcome_id"] = try Self.haloID(outcome, field: "outcome_id") }
        _ = try await post(
            "/Actions", [.object(action)], scope: "edit:tickets", field: outcome == nil ? "outcome" : nil)
    }

    /// The note goes first: an action added to a closed ticket may reopen it (a ticket type's
    /// "status after technician update"), and a refused note leaves the ticket unchanged. Where
    /// Halo refuses actions on a closed ticket, a reopen sets the status first and then notes.
    public func updateTicket(_ id: String, _ change: TicketChange) async throws(ConnectorError) {
        if let note = change.note {
            do {
                try await addNote(note, toTicket: id)
            } catch .rejected(let field, let message) where change.statusID != nil {
                try await updateFields(id, change)
                do {
                    try await addNote(note, toTicket: id)
                } catch {
                    throw .rejected(field: field, message: message)
                }
                return
            }
        }
        try await updateFields(id, change)
    }

    private func updateFields(_ id: String, _ change: TicketChange) async throws(ConnectorError) {
        guard change.changesFields else { return }
        var fields: [String: HaloJSON] = ["id": try Self.haloID(id, field: "id")]
        if let status = change.statusID { fields["status_id"] = try Self.haloID(status, field: "status_id") }
        if let priority = change.priorityID { fields["priority_id"] = try Self.haloID(priority, field: "priority_id") }
        // Setting the same fields twice has the effect of setting them once.
        _ = try await post("/Tickets", [.object(fields)], scope: "edit:tickets", repeatable: true)
    }

    public func ticket(id: String) async throws(ConnectorError) -> PSATicket? {
        guard let number = Int(id.trimmingCharacters(in: .whitespaces)) else { return nil }
        do {
            let json = try await get("/Tickets/\(number)", scope: "read:tickets")
            // Faults carries `deleted` (HaloPSA spec): a deleted ticket may still be readable.
            if json["deleted"]?.bool == true { return nil }
            return Self.ticket(from: json)
        } catch .notFound {
            return nil
        }
    }

    /// Halo cannot filter on `third_party_id_string`: read the company's tickets, open and
    /// closed, page by page, and keep the newest that carries the reference.
    public func findTicket(externalReference: String, companyID: String) async throws(ConnectorError) -> PSATicket? {
        let client = try Self.haloID(companyID, field: "client_id")
        var newest: (number: Int, ticket: PSATicket)?
        var seen = Set<String>()
        var page = 1
        while true {
            let json = try await get(
                "/Tickets",
                query: [
                    ("client_id", client.idText ?? companyID), ("pageinate", "true"),
                    ("page_size", String(HaloPageSize.tickets)), ("page_no", String(page)),
                ],
                scope: "read:tickets")
            let rows = try items(json, key: "tickets")
            let total = json["record_count"]?.int
            var added = 0
            for row in rows {
                guard let id = row["id"]?.idText, seen.insert(id).inserted else { continue }
                added += 1
                guard row["third_party_id_string"]?.string == externalReference, let ticket = Self.ticket(from: row)
                else { continue }
                let number = row["id"]?.int ?? 0
                if newest.map({ number > $0.number }) ?? true { newest = (number, ticket) }
            }
            if added == 0 { break }
            if let total {
                if seen.count >= total { break }
            } else if rows.count < HaloPageSize.tickets {
                break
            }
            page += 1
        }
        return newest?.ticket
    }

    static func ticket(from json: HaloJSON) -> PSATicket? {
        guard let id = json["id"]?.idText, id != "0" else { return nil }
        let isClosed = json["hasbeenclosed"]?.bool ?? false
        // `merged_into_id` is the HaloPSA spec's (Faults); 0 or absent when not merged.
        let mergedInto = json["merged_into_id"]?.int.flatMap { $0 > 0 ? String($0) : nil }
        return PSATicket(
            id: id, title: json["summary"]?.string ?? "", companyID: json["client_id"]?.idText,
            statusID: json["status_id"]?.idText, isClosed: isClosed,
            externalReference: json["third_party_id_string"]?.string, priorityID: json["priority_id"]?.idText,
            closedAt: isClosed ? PSADate.parse(json["dateclosed"]?.string) : nil, mergedInto: mergedInto)
    }

    /// Plain text as note HTML: markup escaped, line breaks kept.
    static func html(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\n", "\r\n": result += "<br>"
            default: result.append(character)
            }
        }
        return result
    }
}
