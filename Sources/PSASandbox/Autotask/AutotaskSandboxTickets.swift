import Foundation
import Hummingbird

/// Tickets and their notes: create (`{"itemId"}`), get (`{"item"}`), PATCH with the changed
/// fields, query, and `Tickets/{id}/Notes`. Writes need a user with write permission.
struct AutotaskSandboxTickets {
    let sandbox: PSASandbox
    let request: Request
    let context: SandboxRequestContext
    let user: AutotaskSandboxUser

    typealias Fields = AutotaskSandboxFields

    static let fieldNames = Set(Fields.ticketFieldOrder.map { $0.lowercased() })
    static let integerFields: Set<String> = [
        "companyID", "status", "priority", "queueID", "issueType", "subIssueType", "ticketType", "ticketCategory",
        "source", "assignedResourceID", "assignedResourceRoleID",
    ]
    static let writableFields =
        integerFields.union(["title", "description", "dueDateTime", "externalID", "resolution"])

    func create() async -> Response {
        if let refusal = refuseWrite("Tickets") { return refusal }
        guard let body = await JSONResponse.body(of: request, context: context) as? [String: Any] else {
            return AutotaskSandboxAPI.errors(["The request body is not a valid ticket."], status: .badRequest)
        }
        var values: [String: AutotaskSandboxValue] = [:]
        if let problems = Self.apply(body, to: &values), !problems.isEmpty {
            return AutotaskSandboxAPI.errors(problems, status: .badRequest)
        }
        guard let userDefinedFields = Self.userDefinedFields(in: body) else {
            return AutotaskSandboxAPI.errors([Self.userDefinedFieldsShape], status: .badRequest)
        }
        let requirements = sandbox.autotask.requirements.withLock { $0 }
        var problems = Fields.ticket(with: requirements).filter { $0.isRequired && (values[$0.name] ?? .null) == .null }
            .map { "\($0.name) is required." }
        problems += Self.missing(requirements.userDefinedFields, in: userDefinedFields)
        if values["queueID"] == nil, values["assignedResourceID"] == nil || values["assignedResourceRoleID"] == nil {
            problems.append("A ticket needs a queueID, or an assignedResourceID with an assignedResourceRoleID.")
        }
        problems += validate(values)
        guard problems.isEmpty else { return AutotaskSandboxAPI.errors(problems, status: .badRequest) }
        if let refusal = companyRefusal(values) {
            return AutotaskSandboxAPI.errors([refusal], status: .internalServerError)
        }
        let now = Self.timestamp()
        let id = sandbox.autotask.store.withLock { store in
            let id = store.nextTicketID
            store.nextTicketID += 1
            values["id"] = .int(id)
            values["ticketNumber"] = .string("T\(now.prefix(10).replacingOccurrences(of: "-", with: "")).\(id)")
            values["createDate"] = .string(now)
            values["lastActivityDate"] = .string(now)
            if case .int(Fields.completeStatus) = values["status"] { values["completedDate"] = .string(now) }
            store.tickets[id] = AutotaskSandboxTicket(values: values, userDefinedFields: userDefinedFields)
            return id
        }
        return JSONResponse.make(["itemId": id])
    }

    /// Autotask answers a missing id with 200 and `{"item": null}`.
    func get(id: String) -> Response {
        let ticket = Int(id).flatMap { id in sandbox.autotask.store.withLock { $0.tickets[id] } }
        return JSONResponse.make(["item": ticket.map { $0.json(including: nil) as Any } ?? NSNull()])
    }

    func update() async -> Response {
        if let refusal = refuseWrite("Tickets") { return refusal }
        guard let body = await JSONResponse.body(of: request, context: context) as? [String: Any],
            let id = (body.first { $0.key.lowercased() == "id" }?.value as? NSNumber)?.intValue
        else {
            return AutotaskSandboxAPI.errors(["A PATCH body needs the id of the ticket."], status: .badRequest)
        }
        let patch = body.filter { $0.key.lowercased() != "id" }
        guard let userDefinedFields = Self.userDefinedFields(in: patch) else {
            return AutotaskSandboxAPI.errors([Self.userDefinedFieldsShape], status: .badRequest)
        }
        return sandbox.autotask.store.withLock { store -> Response in
            guard var ticket = store.tickets[id] else {
                return AutotaskSandboxAPI.errors(["Ticket \(id) does not exist."], status: .notFound)
            }
            if let problems = Self.apply(patch, to: &ticket.values), !problems.isEmpty {
                return AutotaskSandboxAPI.errors(problems, status: .badRequest)
            }
            let problems = validate(ticket.values)
            guard problems.isEmpty else { return AutotaskSandboxAPI.errors(problems, status: .badRequest) }
            for field in userDefinedFields {
                if let index = ticket.userDefinedFields.firstIndex(where: {
                    $0.name.lowercased() == field.name.lowercased()
                }) {
                    ticket.userDefinedFields[index].value = field.value
                } else {
                    ticket.userDefinedFields.append(field)
                }
            }
            let now = Self.timestamp()
            if case .int(let status) = ticket.values["status"] {
                if status != Fields.completeStatus {
                    ticket.values["completedDate"] = .null
                    ticket.refusesNotes = false
                } else if (ticket.values["completedDate"] ?? .null) == .null {
                    // Completed when it became Complete, not at every later change.
                    ticket.values["completedDate"] = .string(now)
                }
            }
            ticket.values["lastActivityDate"] = .string(now)
            store.tickets[id] = ticket
            return JSONResponse.make(["itemId": id])
        }
    }

    func query() async -> Response {
        let query: AutotaskSandboxQuery
        do {
            query = try AutotaskSandboxQuery.parse(
                await AutotaskSandboxPaging.queryInput(request, context: context), knownFields: Self.fieldNames)
        } catch {
            return AutotaskSandboxPaging.invalid(error)
        }
        let after = AutotaskSandboxPaging.cursor(request) ?? Int.min
        let tickets = sandbox.autotask.store.withLock { store in
            store.tickets.values.filter { $0.id > after }.sorted { $0.id < $1.id }
        }
        let lowered = tickets.lazy.filter { ticket in
            query.filter.matches { field in
                let name = Fields.ticketFieldOrder.first { $0.lowercased() == field } ?? field
                return .init(ticket.values[name] ?? .null)
            }
        }
        let matched = Array(lowered.prefix(query.maxRecords + 1))
        let page = Array(matched.prefix(query.maxRecords))
        return AutotaskSandboxPaging.response(
            items: page.map { $0.json(including: query.includeFields) }, lastID: page.last?.id,
            hasMore: matched.count > page.count, query: query, entity: "Tickets", request: request)
    }

    func addNote(ticketID: String) async -> Response {
        if let refusal = refuseWrite("TicketNotes") { return refusal }
        guard let ticketID = Int(ticketID), let ticket = sandbox.autotask.store.withLock({ $0.tickets[ticketID] })
        else {
            return AutotaskSandboxAPI.errors(["Ticket \(ticketID) does not exist."], status: .notFound)
        }
        guard let body = await JSONResponse.body(of: request, context: context) as? [String: Any] else {
            return AutotaskSandboxAPI.errors(["The request body is not a valid ticket note."], status: .badRequest)
        }
        let lowered = Dictionary(body.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        var problems: [String] = []
        if let given = (lowered["ticketid"] as? NSNumber)?.intValue, given != ticketID {
            problems.append("ticketID \(given) does not match the ticket in the URL (\(ticketID)).")
        }
        let title = lowered["title"] as? String ?? ""
        let description = lowered["description"] as? String ?? ""
        if title.isEmpty { problems.append("title is required.") }
        if description.isEmpty { problems.append("description is required.") }
        let noteType = (lowered["notetype"] as? NSNumber)?.intValue
        let publish = (lowered["publish"] as? NSNumber)?.intValue
        for (name, value) in [("noteType", noteType), ("publish", publish)] {
            guard let value else {
                problems.append("\(name) is required.")
                continue
            }
            if !Fields.isPicklistValue(value, of: name, in: Fields.ticketNote) {
                problems.append("Value does not reference an existing picklist value for \(name): \(value).")
            }
        }
        guard problems.isEmpty, let noteType, let publish else {
            return AutotaskSandboxAPI.errors(problems, status: .badRequest)
        }
        // A business rule rather than a field check: Autotask reports those as a server error.
        if ticket.refusesNotes, ticket.values["status"] == .int(Fields.completeStatus) {
            let number = ticket.values["ticketNumber"]?.description ?? String(ticketID)
            return AutotaskSandboxAPI.errors(
                [
                    "Unable to save the ticket note: ticket \(number) is Complete."
                        + " Reopen the ticket before adding notes."
                ],
                status: .internalServerError)
        }
        let id = sandbox.autotask.store.withLock { store in
            let id = store.nextNoteID
            store.nextNoteID += 1
            store.notes.append(
                AutotaskSandboxNote(
                    id: id, ticketID: ticketID, title: title, description: description, noteType: noteType,
                    publish: publish, createDateTime: Self.timestamp()))
            return id
        }
        return JSONResponse.make(["itemId": id])
    }

    // MARK: Validation

    private func refuseWrite(_ entity: String) -> Response? {
        guard !user.canWrite else { return nil }
        return AutotaskSandboxAPI.errors(
            [
                "User \(user.username) does not have permission to create or edit \(entity) (security level: API User (read only))."
            ],
            status: .forbidden)
    }

    /// Copies the writable fields of `body` into `values`; returns problems for unknown,
    /// read-only or wrongly typed fields.
    private static func apply(_ body: [String: Any], to values: inout [String: AutotaskSandboxValue]) -> [String]? {
        var problems: [String] = []
        for (key, raw) in body {
            guard let name = Fields.ticketFieldOrder.first(where: { $0.lowercased() == key.lowercased() }) else {
                if key.lowercased() != "userdefinedfields" { problems.append("Unknown field \(key).") }
                continue
            }
            guard writableFields.contains(name) else {
                problems.append("\(name) is read-only.")
                continue
            }
            if raw is NSNull {
                values[name] = .null
            } else if integerFields.contains(name) {
                guard let number = (raw as? NSNumber)?.intValue ?? (raw as? String).flatMap({ Int($0) }) else {
                    problems.append("\(name) must be an integer.")
                    continue
                }
                values[name] = .int(number)
            } else if let text = raw as? String {
                values[name] = .string(text)
            } else {
                problems.append("\(name) must be a string.")
            }
        }
        return problems
    }

    static let userDefinedFieldsShape = "userDefinedFields must be a list of {\"name\", \"value\"} objects."

    /// The `userDefinedFields` of a body as name and text value; nil when they are not a list
    /// of `{"name", "value"}` objects.
    static func userDefinedFields(in body: [String: Any]) -> [(name: String, value: String)]? {
        guard let raw = body.first(where: { $0.key.lowercased() == "userdefinedfields" })?.value, !(raw is NSNull)
        else { return [] }
        guard let items = raw as? [[String: Any]] else { return nil }
        var fields: [(name: String, value: String)] = []
        for item in items {
            let lowered = Dictionary(
                item.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
            guard let name = lowered["name"] as? String, !name.isEmpty else { return nil }
            switch lowered["value"] {
            case nil, is NSNull: fields.append((name, ""))
            case let text as String: fields.append((name, text))
            case let number as NSNumber: fields.append((name, number.stringValue))
            default: return nil
            }
        }
        return fields
    }

    /// Required user-defined fields a create leaves empty or sets to a value their picklist lacks.
    static func missing(
        _ required: [AutotaskSandboxRequirements.UserDefinedField], in given: [(name: String, value: String)]
    ) -> [String] {
        required.compactMap { field in
            let value = given.last { $0.name.lowercased() == field.name.lowercased() }?.value ?? ""
            if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return "\(field.name) is required." }
            if let picklist = field.picklist, !picklist.contains(value) {
                return "Value does not reference an existing picklist value for \(field.name): \(value)."
            }
            return nil
        }
    }

    /// A new ticket's company must still be there and active: Autotask refuses one for a company
    /// deleted or made inactive (over `/sandbox/companies`, or seeded inactive) as a failed save,
    /// 500 with the error envelope, as it refuses a note on a completed ticket.
    private func companyRefusal(_ values: [String: AutotaskSandboxValue]) -> String? {
        guard case .int(let companyID) = values["companyID"] else { return nil }
        let view = sandbox.companies(in: .autotask)
        guard let index = CompanyControlAPI.index(of: String(companyID), in: .autotask, count: view.count) else {
            return nil
        }
        guard let company = view.company(index) else {
            return "Unable to save the ticket: companyID \(companyID) does not reference an existing company."
        }
        guard company.isActive else {
            return "Unable to save the ticket: company \(company.name) (\(companyID)) is inactive."
        }
        return nil
    }

    private func validate(_ values: [String: AutotaskSandboxValue]) -> [String] {
        var problems: [String] = []
        if case .int(let companyID) = values["companyID"] {
            let known =
                companyID == 0
                || (companyID > AutotaskSandboxCompanies.firstCustomerID
                    && companyID - AutotaskSandboxCompanies.firstCustomerID < sandbox.companies.count)
            if !known { problems.append("Value does not reference an existing entity for companyID: \(companyID).") }
        }
        for field in Fields.ticket where field.picks != nil {
            guard case .int(let value) = values[field.name] else { continue }
            if !Fields.isPicklistValue(value, of: field.name, in: Fields.ticket) {
                problems.append("Value does not reference an existing picklist value for \(field.name): \(value).")
            }
        }
        if case .int(let sub) = values["subIssueType"] {
            let parent = Fields.field("subIssueType", in: Fields.ticket)?.picks?.first { $0.value == sub }?.parent
            if case .int(let issue) = values["issueType"], parent == issue {
            } else {
                problems.append("subIssueType \(sub) does not belong to the ticket's issueType.")
            }
        }
        return problems
    }

    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }
}
