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
        var problems = Fields.ticket.filter { $0.isRequired && (values[$0.name] ?? .null) == .null }
            .map { "\($0.name) is required." }
        if values["queueID"] == nil, values["assignedResourceID"] == nil || values["assignedResourceRoleID"] == nil {
            problems.append("A ticket needs a queueID, or an assignedResourceID with an assignedResourceRoleID.")
        }
        problems += validate(values)
        guard problems.isEmpty else { return AutotaskSandboxAPI.errors(problems, status: .badRequest) }
        let now = Self.timestamp()
        let id = sandbox.autotask.store.withLock { store in
            let id = store.nextTicketID
            store.nextTicketID += 1
            values["id"] = .int(id)
            values["ticketNumber"] = .string("T\(now.prefix(10).replacingOccurrences(of: "-", with: "")).\(id)")
            values["createDate"] = .string(now)
            values["lastActivityDate"] = .string(now)
            if case .int(Fields.completeStatus) = values["status"] { values["completedDate"] = .string(now) }
            store.tickets[id] = AutotaskSandboxTicket(values: values)
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
        return sandbox.autotask.store.withLock { store -> Response in
            guard var ticket = store.tickets[id] else {
                return AutotaskSandboxAPI.errors(["Ticket \(id) does not exist."], status: .notFound)
            }
            if let problems = Self.apply(patch, to: &ticket.values), !problems.isEmpty {
                return AutotaskSandboxAPI.errors(problems, status: .badRequest)
            }
            let problems = validate(ticket.values)
            guard problems.isEmpty else { return AutotaskSandboxAPI.errors(problems, status: .badRequest) }
            let now = Self.timestamp()
            if case .int(let status) = ticket.values["status"] {
                ticket.values["completedDate"] = status == Fields.completeStatus ? .string(now) : .null
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
        guard let ticketID = Int(ticketID), sandbox.autotask.store.withLock({ $0.tickets[ticketID] != nil }) else {
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
