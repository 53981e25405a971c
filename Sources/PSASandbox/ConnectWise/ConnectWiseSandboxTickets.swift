import Foundation
import Hummingbird

/// `/service/tickets`: create (validated field by field, every problem named), read, list with
/// conditions, JSON-Patch updates (a closing status closes the ticket) and notes
/// (psa-apis.md §1.3 (4), (5)).
struct ConnectWiseSandboxTickets: Sendable {
    typealias Setup = ConnectWiseSandboxData
    typealias Item = ConnectWiseSandboxError.Item

    let state: ConnectWiseSandboxState
    let credentials: SandboxCredentials
    /// The companies as ConnectWise holds them now, changes over `/sandbox/companies` included.
    let companies: ConnectWiseSandboxCompanies

    static let list = ConnectWiseSandboxList(fields: [
        "id", "summary", "recordType", "company", "board", "status", "type", "priority", "severity", "impact",
        "externalXRef", "closedFlag", "closedDate", "dateEntered", "mergedParentTicket", "_info",
    ])
    static let noteList = ConnectWiseSandboxList(fields: [
        "id", "ticketId", "text", "detailDescriptionFlag", "internalAnalysisFlag", "resolutionFlag", "dateCreated",
        "createdBy",
    ])
    /// Ticket summaries are limited to 100 characters (UTF-16 units, as .NET counts); the limit is
    /// the one commonly reported (psa-apis.md §1.3 (4)).
    static let summaryLimit = 100

    func records() -> [[String: Any]] {
        state.store.withLock { Array($0.tickets.values) }.sorted { $0.id < $1.id }.map(json)
    }

    func list(_ request: Request) -> Response {
        Self.list.respond(records(), to: request)
    }

    func get(_ context: SandboxRequestContext) -> Response {
        guard let id = context.parameters.get("id").flatMap(Int.init), let ticket = ticket(id) else {
            return Self.ticketNotFound(context)
        }
        return JSONResponse.make(json(ticket))
    }

    func create(_ request: Request, context: SandboxRequestContext) async -> Response {
        if let refusal = writeRefusal(request, level: "Add") { return refusal }
        guard let body = await JSONResponse.body(of: request, context: context) as? [String: Any] else {
            return ConnectWiseSandboxError.badRequest("The request body must be a ticket object in JSON.")
        }
        var errors: [Item] = []
        func fail(_ field: String, _ code: String, _ message: String) {
            errors.append(Item(code: code, message: message, resource: "ticket", field: field))
        }

        let summary = (body["summary"] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if summary.isEmpty {
            fail("summary", "NullValue", "The summary field is required.")
        } else if summary.utf16.count > Self.summaryLimit {
            fail("summary", "InvalidField", "The summary field must be \(Self.summaryLimit) characters or fewer.")
        }

        var company: Setup.Company?
        switch Self.value(body["company"]) {
        case nil: fail("company", "NullValue", "The company field is required.")
        case let reference as [String: Any]:
            let id = Self.int(reference["id"])
            let identifier = reference["identifier"] as? String
            // A company with `deletedFlag`, or deleted over `/sandbox/companies`, is not found.
            if let id {
                company = companies.company(id: id)
            } else if let identifier {
                company = companies.company(identifier: identifier)
            }
            if company?.deletedFlag == true { company = nil }
            if let found = company, found.status.id != 1 {
                // Stock statuses other than Active disallow saving tickets (CompanyStatus
                // `disallowSavingFlag`).
                fail(
                    "company", "InvalidField",
                    "The company \(found.identifier) (id \(found.id)) has the status \(found.status.name), which"
                        + " does not allow new tickets.")
            } else if company == nil {
                let named = id.map { "id \($0)" } ?? identifier.map { "identifier \($0)" } ?? "no id"
                fail("company", "InvalidField", "The company (\(named)) was not found.")
            }
        default: fail("company", "InvalidField", "company must be a reference such as {\"id\": 250}.")
        }

        var board = Setup.boards.first { $0.id == Setup.serviceDesk }!
        switch Self.lookup(body["board"], in: Setup.boards.filter { !$0.inactiveFlag }, id: \.id, name: \.name) {
        case .absent: break
        case .found(let found) where found.projectFlag:
            fail("board", "InvalidField", "\(found.name) is a project board; service tickets cannot be created there.")
        case .found(let found): board = found
        case .invalid: fail("board", "InvalidField", "The board was not found or is inactive.")
        }

        let boardStatuses = Setup.statuses.filter { $0.boardID == board.id && !$0.inactive }
        var status = boardStatuses.first { $0.defaultFlag } ?? boardStatuses[0]
        switch Self.lookup(body["status"], in: boardStatuses, id: \.id, name: \.name) {
        case .absent: break
        case .found(let found): status = found
        case .invalid: fail("status", "InvalidField", "The status is not an active status of board \(board.name).")
        }

        var type: Setup.BoardType?
        let boardTypes = Setup.types.filter { $0.boardID == board.id && !$0.inactiveFlag }
        switch Self.lookup(body["type"], in: boardTypes, id: \.id, name: \.name) {
        case .absent: break
        case .found(let found): type = found
        case .invalid: fail("type", "InvalidField", "The type is not an active type of board \(board.name).")
        }

        var priority = Setup.priorities.first { $0.defaultFlag }!
        switch Self.lookup(body["priority"], in: Setup.priorities, id: \.id, name: \.name) {
        case .absent: break
        case .found(let found): priority = found
        case .invalid: fail("priority", "InvalidField", "The priority was not found.")
        }

        var levels: [String: String] = [:]
        for field in ["severity", "impact"] {
            switch Self.level(body[field]) {
            case .absent: levels[field] = "Medium"
            case .found(let level): levels[field] = level
            case .invalid: fail(field, "InvalidField", "\(field) must be Low, Medium or High.")
            }
        }

        let recordType = Self.value(body["recordType"]) as? String ?? "ServiceTicket"
        if !["ServiceTicket", "ProjectTicket", "ProjectIssue"].contains(recordType) {
            fail("recordType", "InvalidField", "recordType must be ServiceTicket, ProjectTicket or ProjectIssue.")
        }
        let externalXRef = Self.value(body["externalXRef"])
        if externalXRef != nil, !(externalXRef is String) {
            fail("externalXRef", "InvalidField", "externalXRef must be a string.")
        }
        let description = Self.value(body["initialDescription"]) as? String

        guard errors.isEmpty, let company else { return ConnectWiseSandboxError.invalid("ticket", errors) }
        let now = ConnectWiseSandboxState.timestamp()
        let ticket = state.store.withLock { store in
            let ticket = ConnectWiseSandboxState.Ticket(
                id: store.nextTicketID, summary: summary, recordType: recordType, companyID: company.id,
                boardID: board.id, statusID: status.id, typeID: type?.id, priorityID: priority.id,
                severity: levels["severity"]!, impact: levels["impact"]!, externalXRef: externalXRef as? String,
                closedFlag: status.closedStatus, closedDate: status.closedStatus ? now : nil, dateEntered: now,
                lastUpdated: now, enteredBy: "APIMember")
            store.nextTicketID += 1
            store.tickets[ticket.id] = ticket
            if let description, !description.isEmpty {
                store.notes.append(
                    .init(
                        id: store.nextNoteID, ticketID: ticket.id, text: description, detailDescriptionFlag: true,
                        internalAnalysisFlag: false, resolutionFlag: false, dateCreated: now, createdBy: "APIMember"))
                store.nextNoteID += 1
            }
            return ticket
        }
        return JSONResponse.make(json(ticket), status: .created)
    }

    /// `PATCH /service/tickets/{id}` with a JSON-Patch array; `replace` (or `add`) of status,
    /// priority, summary, severity, impact and externalXRef. A status of the ticket's board with
    /// `closedStatus` closes the ticket, any other reopens it [CW9, CW10].
    func patch(_ request: Request, context: SandboxRequestContext) async -> Response {
        if let refusal = writeRefusal(request, level: "Edit") { return refusal }
        guard let id = context.parameters.get("id").flatMap(Int.init), var ticket = ticket(id) else {
            return Self.ticketNotFound(context)
        }
        guard let operations = await JSONResponse.body(of: request, context: context) as? [[String: Any]],
            !operations.isEmpty
        else {
            return ConnectWiseSandboxError.badRequest(
                "The body must be a JSON-Patch array such as [{\"op\": \"replace\", \"path\": \"status\", \"value\": {\"id\": 1}}]."
            )
        }
        var errors: [Item] = []
        func fail(_ field: String, _ message: String) {
            errors.append(Item(code: "InvalidField", message: message, resource: "ticket", field: field))
        }
        for operation in operations {
            let path = ((operation["path"] as? String) ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "/ "))
            guard let op = (operation["op"] as? String)?.lowercased(), ["replace", "add"].contains(op) else {
                fail(
                    path.isEmpty ? "op" : path,
                    "Only replace operations are supported, not \(operation["op"] ?? "none").")
                continue
            }
            let value = operation["value"]
            switch path.lowercased() {
            case "status":
                let statuses = Setup.statuses.filter { $0.boardID == ticket.boardID && !$0.inactive }
                guard case .found(let status) = Self.lookup(value, in: statuses, id: \.id, name: \.name) else {
                    fail("status", "The status is not an active status of the ticket's board.")
                    continue
                }
                ticket.statusID = status.id
                if !status.closedStatus { ticket.refusesNotes = false }
                if status.closedStatus != ticket.closedFlag {
                    ticket.closedFlag = status.closedStatus
                    ticket.closedDate = status.closedStatus ? ConnectWiseSandboxState.timestamp() : nil
                }
            case "priority":
                guard case .found(let priority) = Self.lookup(value, in: Setup.priorities, id: \.id, name: \.name)
                else {
                    fail("priority", "The priority was not found.")
                    continue
                }
                ticket.priorityID = priority.id
            case "summary":
                guard let summary = value as? String, !summary.isEmpty, summary.utf16.count <= Self.summaryLimit else {
                    fail("summary", "The summary must be 1 to \(Self.summaryLimit) characters.")
                    continue
                }
                ticket.summary = summary
            case "severity", "impact":
                guard case .found(let level) = Self.level(value) else {
                    fail(path, "\(path) must be Low, Medium or High.")
                    continue
                }
                if path.lowercased() == "severity" { ticket.severity = level } else { ticket.impact = level }
            case "externalxref":
                ticket.externalXRef = value as? String
            default:
                fail(path.isEmpty ? "path" : path, "\(path.isEmpty ? "An empty path" : path) cannot be patched here.")
            }
        }
        guard errors.isEmpty else { return ConnectWiseSandboxError.invalid("ticket", errors) }
        ticket.lastUpdated = ConnectWiseSandboxState.timestamp()
        let saved = ticket
        state.store.withLock { $0.tickets[saved.id] = saved }
        return JSONResponse.make(json(saved))
    }

    func notes(_ request: Request, context: SandboxRequestContext) -> Response {
        guard let id = context.parameters.get("id").flatMap(Int.init), ticket(id) != nil else {
            return Self.ticketNotFound(context)
        }
        let notes = state.store.withLock { $0.notes.filter { $0.ticketID == id } }
        return Self.noteList.respond(notes.map(Self.json), to: request)
    }

    /// A note must say where it shows: discussion (`detailDescriptionFlag`), internal analysis
    /// or resolution, as a note in ConnectWise's own screens always does.
    func addNote(_ request: Request, context: SandboxRequestContext) async -> Response {
        if let refusal = writeRefusal(request, level: "Edit") { return refusal }
        guard let id = context.parameters.get("id").flatMap(Int.init), let ticket = ticket(id) else {
            return Self.ticketNotFound(context)
        }
        guard let body = await JSONResponse.body(of: request, context: context) as? [String: Any] else {
            return ConnectWiseSandboxError.badRequest("The request body must be a note object in JSON.")
        }
        var errors: [Item] = []
        if ticket.refusesNotes, ticket.closedFlag {
            errors.append(
                Item(
                    code: "InvalidField", message: "Ticket is closed; reopen ticket \(id) before adding notes.",
                    resource: "serviceNote", field: "ticketId"))
        }
        let text = body["text"] as? String ?? ""
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            errors.append(
                Item(code: "NullValue", message: "The text field is required.", resource: "serviceNote", field: "text"))
        }
        let detail = body["detailDescriptionFlag"] as? Bool ?? false
        let isInternal = body["internalAnalysisFlag"] as? Bool ?? false
        let resolution = body["resolutionFlag"] as? Bool ?? false
        if !detail, !isInternal, !resolution {
            errors.append(
                Item(
                    code: "InvalidField",
                    message:
                        "A note must be flagged as discussion (detailDescriptionFlag), internal (internalAnalysisFlag)"
                        + " or resolution (resolutionFlag).", resource: "serviceNote", field: "detailDescriptionFlag"))
        }
        guard errors.isEmpty else { return ConnectWiseSandboxError.invalid("serviceNote", errors) }
        let now = ConnectWiseSandboxState.timestamp()
        let note = state.store.withLock { store in
            let note = ConnectWiseSandboxState.Note(
                id: store.nextNoteID, ticketID: id, text: text, detailDescriptionFlag: detail,
                internalAnalysisFlag: isInternal, resolutionFlag: resolution,
                processNotifications: body["processNotifications"] as? Bool, dateCreated: now, createdBy: "APIMember")
            store.nextNoteID += 1
            store.notes.append(note)
            store.tickets[id]?.lastUpdated = now
            return note
        }
        return JSONResponse.make(Self.json(note), status: .created)
    }

    // MARK: Helpers

    private func ticket(_ id: Int) -> ConnectWiseSandboxState.Ticket? {
        state.store.withLock { $0.tickets[id] }
    }

    /// 403 for the read-only API member, naming the permission its security role lacks.
    private func writeRefusal(_ request: Request, level: String) -> Response? {
        guard case .success(.readOnly) = ConnectWiseSandboxAuth.member(of: request, credentials: credentials) else {
            return nil
        }
        let permission = "Service Desk > Service Tickets: \(level) (All)"
        return ConnectWiseSandboxError.response(
            .forbidden, code: "Forbidden",
            message: "You do not have permission to \(level.lowercased()) service tickets.",
            errors: [
                Item(
                    code: "MissingPermission", message: "The API member's security role needs \(permission)",
                    resource: "ticket", field: nil)
            ])
    }

    private static func ticketNotFound(_ context: SandboxRequestContext) -> Response {
        ConnectWiseSandboxError.notFound("Service ticket with id \(context.parameters.get("id") ?? "?") was not found.")
    }

    enum Lookup<Value> {
        case absent
        case found(Value)
        case invalid
    }

    /// A reference given as `{"id": N}` or `{"name": "..."}`.
    static func lookup<Value>(
        _ reference: Any?, in candidates: [Value], id: KeyPath<Value, Int>, name: KeyPath<Value, String>
    ) -> Lookup<Value> {
        guard let reference = value(reference) else { return .absent }
        guard let object = reference as? [String: Any] else { return .invalid }
        if let wanted = int(object["id"]) {
            return candidates.first { $0[keyPath: id] == wanted }.map(Lookup.found) ?? .invalid
        }
        if let wanted = object["name"] as? String {
            return candidates.first { $0[keyPath: name].lowercased() == wanted.lowercased() }.map(Lookup.found)
                ?? .invalid
        }
        return .invalid
    }

    /// Severity and impact: Low, Medium or High in any case.
    static func level(_ raw: Any?) -> Lookup<String> {
        guard let raw = value(raw) else { return .absent }
        guard let text = raw as? String else { return .invalid }
        return Setup.levels.first { $0.lowercased() == text.lowercased() }.map(Lookup.found) ?? .invalid
    }

    /// nil for a missing key and for JSON null.
    static func value(_ raw: Any?) -> Any? {
        guard let raw, !(raw is NSNull) else { return nil }
        return raw
    }

    /// A JSON number or numeric string as an Int.
    static func int(_ raw: Any?) -> Int? {
        switch raw {
        case let number as Int: return number
        case let number as Double where number.rounded() == number: return Int(exactly: number)
        case let text as String: return Int(text)
        default: return nil
        }
    }

    // MARK: JSON

    func json(_ ticket: ConnectWiseSandboxState.Ticket) -> [String: Any] {
        let company = companies.company(id: ticket.companyID, includingDeleted: true)
        let status = Setup.statuses.first { $0.id == ticket.statusID }
        let priority = Setup.priorities.first { $0.id == ticket.priorityID }
        var object: [String: Any] = [
            "id": ticket.id, "summary": ticket.summary, "recordType": ticket.recordType,
            "board": Setup.reference(board: ticket.boardID),
            "status": ["id": ticket.statusID, "name": status?.name ?? ""],
            "company": ["id": ticket.companyID, "identifier": company?.identifier ?? "", "name": company?.name ?? ""],
            "priority": ["id": ticket.priorityID, "name": priority?.name ?? "", "sort": priority?.sortOrder ?? 0],
            "severity": ticket.severity, "impact": ticket.impact, "closedFlag": ticket.closedFlag,
            "dateEntered": ticket.dateEntered,
            "_info": [
                "dateEntered": ticket.dateEntered, "lastUpdated": ticket.lastUpdated, "enteredBy": ticket.enteredBy,
                "updatedBy": ticket.enteredBy,
            ],
        ]
        if let typeID = ticket.typeID {
            object["type"] = ["id": typeID, "name": Setup.types.first { $0.id == typeID }?.name ?? ""]
        }
        if let externalXRef = ticket.externalXRef { object["externalXRef"] = externalXRef }
        if let closedDate = ticket.closedDate { object["closedDate"] = closedDate }
        if let parent = ticket.mergedParent {
            object["mergedParentTicket"] = ["id": parent.id, "summary": parent.summary]
        }
        return object
    }

    static func json(_ note: ConnectWiseSandboxState.Note) -> [String: Any] {
        [
            "id": note.id, "ticketId": note.ticketID, "text": note.text,
            "detailDescriptionFlag": note.detailDescriptionFlag, "internalAnalysisFlag": note.internalAnalysisFlag,
            "resolutionFlag": note.resolutionFlag, "processNotifications": note.processNotifications ?? false,
            "dateCreated": note.dateCreated, "createdBy": note.createdBy,
        ]
    }
}
