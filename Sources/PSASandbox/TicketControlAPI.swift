import Foundation
import Hummingbird

/// `/sandbox/tickets` and `/sandbox/required`: what a technician or an administrator does in
/// the PSA while psalink is not looking, over HTTP, so that tests and demos driving
/// `psalink sandbox` from outside the process can meet deleted, merged and closed tickets and
/// fields the PSA insists on. Not part of any vendor's API, and never faulty or throttled.
/// Answers are JSON; a bad body answers 400 and an unknown ticket 404, each
/// `{"message": "..."}` naming what is wrong.
///
/// `POST /sandbox/tickets` with a JSON object (`"ticket"` and `"into"` are ids, as text or
/// numbers; `"psa"` is `"halo"`, `"connectwise"` or `"autotask"`):
/// - `{"action": "delete", "psa": ..., "ticket": "ID"}`: the ticket is gone, with its notes,
///   as if a technician deleted it. HaloPSA: `GET /api/Tickets/{id}`, an action
///   (`POST /api/Actions`) and an update (`POST /api/Tickets` with that `id`) answer 404 in
///   Halo's error shape; the update does not create the ticket anew. ConnectWise:
///   `GET`/`PATCH /service/tickets/{id}` and `POST /service/tickets/{id}/notes` answer 404
///   `{"code": "NotFound", ...}`. Autotask: `GET /V1.0/Tickets/{id}` answers 200
///   `{"item": null}`; `PATCH /V1.0/Tickets` with that id and `POST /V1.0/Tickets/{id}/Notes`
///   answer 404 `{"errors": [...]}`. Ticket lists and queries no longer return it. Answers
///   `{"deleted": "ID"}`.
/// - `{"action": "merge", "psa": "halo"|"connectwise", "ticket": "ID", "into": "ID2"}`: ID is
///   merged into ID2, which must exist (else 404). HaloPSA: ID is closed (status 9 "Closed"
///   unless it already has a closed status, `hasbeenclosed` true, `dateclosed` now) and shows
///   `merged_into_id: ID2` (`Faults.merged_into_id`). ConnectWise: ID gets `closedFlag` true,
///   its board's closed status, `closedDate` now and `mergedParentTicket: {"id": ID2,
///   "summary": ...}`. Autotask answers 400: its REST API shows no ticket merges. Answers
///   `{"merged": "ID", "into": "ID2"}`.
/// - `{"action": "close", "psa": ..., "ticket": "ID", "refuseNotes": false}`: closed by a
///   technician. HaloPSA: status 9 "Closed", `hasbeenclosed` true, `dateclosed` now;
///   ConnectWise: `closedFlag` true, the first closed status of its board, `closedDate` now;
///   Autotask: status 5 (Complete), `completedDate` now. A ticket that is already closed keeps
///   its closed status and date. With `"refuseNotes": true` notes on it are refused while it
///   stays closed: HaloPSA 400 `{"ClassName": "System.Exception", "Message": "You cannot add an
///   Action to a closed Ticket. ..."}`; ConnectWise 400 `{"code": "InvalidObject", "message":
///   "serviceNote object is invalid", "errors": [{"code": "InvalidField", "message": "Ticket is
///   closed; ...", "resource": "serviceNote", "field": "ticketId"}]}`; Autotask 500
///   `{"errors": ["Unable to save the ticket note: ticket ... is Complete. ..."]}`. Reopening it
///   (HaloPSA: an update or an action to an open status; ConnectWise: a PATCH to an open
///   status; Autotask: a PATCH to another status) lifts the refusal. Answers `{"closed": "ID"}`.
///
/// However a ticket was closed, `GET` shows when: HaloPSA `dateclosed`, ConnectWise
/// `closedDate`, Autotask `completedDate`, in ISO 8601 UTC.
///
/// `POST /sandbox/required` sets a field every new ticket must carry:
/// - `{"psa": "halo", "ticketType": "NAME or ID", "field": "urgency"|"impact",
///   "default": ID|null}`: `GET /api/TicketType/{id}` shows `requireurgency` (`requireimpact`)
///   true and `defaulturgency` (`defaultimpact`) the default or null. From then on a create of
///   that type without the field (missing, null or 0) answers 400 in Halo's error shape,
///   "Urgency is required for Tickets of type 'Incident'". The default must be an id of the
///   Urgency (Impact) lookup, `GET /api/Lookup?lookupid=18` (17), else 400. An unknown ticket
///   type answers 404. Answers `{"psa": "halo", "ticketType": ID, "required": FIELD,
///   "default": ID|null}`.
/// - `{"psa": "autotask", "field": "issueType"|"subIssueType"|"source"|"ticketCategory"|
///   "queueID"|"ticketType", "default": VALUE|null}`: the field reports `isRequired` true in
///   `GET /V1.0/Tickets/entityInformation/fields` and, with a default, only that picklist
///   value has `isDefaultValue` true (it must be an active value of the field's picklist, else
///   400). A create without the field answers 400 `{"errors": ["issueType is required."]}`.
///   Answers `{"psa": "autotask", "required": FIELD, "default": VALUE|null}`.
/// - `{"psa": "autotask", "udf": "NAME", "picklist": ["EMEA", "APAC"], "default": "EMEA"|null}`:
///   a required user-defined field, a picklist when `picklist` is given and text otherwise
///   (the default must be one of the picklist's values), listed by
///   `GET /V1.0/Tickets/entityInformation/userDefinedFields` as `{"fields": [Field]}` (`name`,
///   `label`, `type` and `dataType` "string", `isRequired` true, `isPickList`, `picklistValues`
///   `[{value, label, isDefaultValue, sortOrder, parentValue, isActive, isSystem}]`,
///   `defaultValue`, ...). A create must carry `"userDefinedFields": [{"name": "NAME",
///   "value": "V"}]` with V not empty (one of the picklist values for a picklist), else 400
///   `{"errors": ["NAME is required."]}` (or "Value does not reference an existing picklist
///   value for NAME: V."). `GET /V1.0/Tickets/{id}` returns the `userDefinedFields` stored.
///   Setting a field of the same name again replaces it. Answers `{"psa": "autotask",
///   "udf": "NAME", "required": true, "default": V|null}`.
/// - `{"psa": "connectwise", ...}` answers 400: ConnectWise PSA's API reports no required
///   ticket fields.
///
/// `DELETE /sandbox/required` puts every requirement back and answers `{"cleared": true}`.
struct TicketControlAPI {
    let sandbox: PSASandbox

    typealias Problem = ControlProblem

    static let actions = "{\"action\": \"delete\"|\"merge\"|\"close\", \"psa\": ..., \"ticket\": \"ID\", ...}"

    func register(on router: Router<SandboxRequestContext>) {
        router.controlKnob("/sandbox/tickets", expecting: Self.actions) { object throws(Problem) in
            try act(object)
        }
        router.controlKnob("/sandbox/required", expecting: "{\"psa\": \"halo\"|\"autotask\", ...}") {
            object throws(Problem) in try require(object)
        }
        router.delete("/sandbox/required") { _, _ in
            sandbox.halo.clearRequirements()
            sandbox.autotask.requirements.withLock { $0 = AutotaskSandboxRequirements() }
            return JSONResponse.make(["cleared": true])
        }
    }

    // MARK: - Tickets

    private func act(_ object: [String: Any]) throws(Problem) -> [String: Any] {
        guard let action = object["action"] as? String, ["delete", "merge", "close"].contains(action) else {
            throw Problem(message: "expected \(Self.actions)")
        }
        let psa = try Self.psa(object)
        guard let ticket = Problem.id(object["ticket"]) else {
            throw Problem(message: "a ticket action needs \"ticket\", the id of a ticket")
        }
        switch action {
        case "delete":
            try delete(try Self.number(ticket, in: psa), in: psa)
            return ["deleted": ticket]
        case "close":
            var refuseNotes = false
            if let value = object["refuseNotes"], !(value is NSNull) {
                guard let flag = FaultControlAPI.flag(value) else {
                    throw Problem(message: "refuseNotes must be true or false")
                }
                refuseNotes = flag
            }
            try close(try Self.number(ticket, in: psa), in: psa, refuseNotes: refuseNotes)
            return ["closed": ticket]
        default:
            guard psa != .autotask else { throw Problem(message: "Autotask's REST API shows no ticket merges") }
            guard let into = Problem.id(object["into"]) else {
                throw Problem(message: "a merge needs \"into\", the id of the ticket it is merged into")
            }
            let (source, target) = (try Self.number(ticket, in: psa), try Self.number(into, in: psa))
            guard source != target else { throw Problem(message: "a ticket cannot be merged into itself") }
            try merge(source, into: target, in: psa)
            return ["merged": ticket, "into": into]
        }
    }

    private func delete(_ id: Int, in psa: SandboxPSA) throws(Problem) {
        let found: Bool
        switch psa {
        case .halo:
            found = sandbox.halo.withTickets { book in
                guard book.tickets.removeValue(forKey: id) != nil else { return false }
                book.actions.removeAll { $0.ticketID == id }
                return true
            }
        case .connectwise:
            found = sandbox.connectWise.store.withLock { store in
                guard store.tickets.removeValue(forKey: id) != nil else { return false }
                store.notes.removeAll { $0.ticketID == id }
                return true
            }
        case .autotask:
            found = sandbox.autotask.store.withLock { store in
                guard store.tickets.removeValue(forKey: id) != nil else { return false }
                store.notes.removeAll { $0.ticketID == id }
                return true
            }
        }
        guard found else { throw Self.unknown(id, in: psa) }
    }

    private func close(_ id: Int, in psa: SandboxPSA, refuseNotes: Bool) throws(Problem) {
        let found: Bool
        switch psa {
        case .halo:
            found = sandbox.halo.withTickets { book in
                guard let ticket = book.tickets[id] else { return false }
                if !ticket.hasBeenClosed { book.setStatus(HaloSandboxSetup.closedStatusID, ofTicket: id) }
                book.tickets[id]?.refusesActions = refuseNotes
                return true
            }
        case .connectwise:
            found = sandbox.connectWise.store.withLock { store in
                guard var ticket = store.tickets[id] else { return false }
                Self.closeConnectWise(&ticket)
                ticket.refusesNotes = refuseNotes
                store.tickets[id] = ticket
                return true
            }
        case .autotask:
            found = sandbox.autotask.store.withLock { store in
                guard var ticket = store.tickets[id] else { return false }
                let now = AutotaskSandboxTickets.timestamp()
                if ticket.values["status"] != .int(AutotaskSandboxFields.completeStatus)
                    || (ticket.values["completedDate"] ?? .null) == .null
                {
                    ticket.values["status"] = .int(AutotaskSandboxFields.completeStatus)
                    ticket.values["completedDate"] = .string(now)
                    ticket.values["lastActivityDate"] = .string(now)
                }
                ticket.refusesNotes = refuseNotes
                store.tickets[id] = ticket
                return true
            }
        }
        guard found else { throw Self.unknown(id, in: psa) }
    }

    /// A closed status of the ticket's board, as a technician's Close picks, unless it has one.
    private static func closeConnectWise(_ ticket: inout ConnectWiseSandboxState.Ticket) {
        let now = ConnectWiseSandboxState.timestamp()
        let statuses = ConnectWiseSandboxData.statuses.filter { $0.boardID == ticket.boardID && !$0.inactive }
        let current = statuses.first { $0.id == ticket.statusID }
        if current?.closedStatus != true,
            let closed = statuses.filter(\.closedStatus).min(by: { $0.sortOrder < $1.sortOrder })
        {
            ticket.statusID = closed.id
        }
        if !ticket.closedFlag || ticket.closedDate == nil { ticket.closedDate = now }
        ticket.closedFlag = true
        ticket.lastUpdated = now
    }

    private func merge(_ id: Int, into target: Int, in psa: SandboxPSA) throws(Problem) {
        let missing: Int?
        switch psa {
        case .halo:
            missing = sandbox.halo.withTickets { book in
                guard let ticket = book.tickets[id] else { return id }
                guard book.tickets[target] != nil else { return target }
                if !ticket.hasBeenClosed { book.setStatus(HaloSandboxSetup.closedStatusID, ofTicket: id) }
                book.tickets[id]?.mergedIntoID = target
                return nil
            }
        case .connectwise:
            missing = sandbox.connectWise.store.withLock { store in
                guard var ticket = store.tickets[id] else { return id }
                guard let parent = store.tickets[target] else { return target }
                Self.closeConnectWise(&ticket)
                ticket.mergedParent = (parent.id, parent.summary)
                store.tickets[id] = ticket
                return nil
            }
        case .autotask:
            missing = nil
        }
        if let missing { throw Self.unknown(missing, in: psa) }
    }

    // MARK: - Required fields

    private func require(_ object: [String: Any]) throws(Problem) -> [String: Any] {
        switch try Self.psa(object) {
        case .connectwise: throw Problem(message: "ConnectWise PSA's API does not report required ticket fields")
        case .halo: return try requireHalo(object)
        case .autotask:
            return object["udf"] == nil ? try requireAutotaskField(object) : try requireAutotaskUDF(object)
        }
    }

    private func requireHalo(_ object: [String: Any]) throws(Problem) -> [String: Any] {
        guard let name = Problem.id(object["ticketType"]) else {
            throw Problem(message: "a HaloPSA requirement needs \"ticketType\", the name or id of a ticket type")
        }
        guard
            let type = HaloSandboxSetup.ticketTypes.first(where: {
                String($0.id) == name || $0.name.lowercased() == name.lowercased()
            })
        else { throw Problem(message: "no HaloPSA ticket type '\(name)'", status: .notFound) }
        let lookups = ["urgency": "Urgency", "impact": "Impact"]
        guard let field = object["field"] as? String, let lookup = lookups[field] else {
            throw Problem(message: "a HaloPSA requirement needs \"field\": \"urgency\" or \"impact\"")
        }
        var defaultValue: Int?
        if let raw = object["default"], !(raw is NSNull) {
            let ids = HaloSandboxSetup.lookupValueIDs(named: lookup)
            guard let value = Problem.id(raw).flatMap({ Int($0) }), ids.contains(value) else {
                throw Problem(
                    message: "default must be null or an id of the \(lookup) lookup: "
                        + ids.sorted().map(String.init).joined(separator: ", "))
            }
            defaultValue = value
        }
        sandbox.halo.require(field, ofType: type.id, HaloSandboxState.Requirement(defaultValue: defaultValue))
        return [
            "psa": "halo", "ticketType": type.id, "required": field,
            "default": defaultValue.map { $0 as Any } ?? NSNull(),
        ]
    }

    private func requireAutotaskField(_ object: [String: Any]) throws(Problem) -> [String: Any] {
        let names = AutotaskSandboxFields.requirableTicketFields
        guard let given = object["field"] as? String,
            let name = names.first(where: { $0.lowercased() == given.lowercased() }),
            let field = AutotaskSandboxFields.field(name, in: AutotaskSandboxFields.ticket)
        else {
            throw Problem(
                message: "an Autotask requirement needs \"field\": "
                    + names.map { "\"\($0)\"" }.joined(separator: ", ") + " (or \"udf\")")
        }
        var defaultValue: Int?
        if let raw = object["default"], !(raw is NSNull) {
            guard let value = Problem.id(raw).flatMap({ Int($0) }),
                AutotaskSandboxFields.isPicklistValue(value, of: name, in: AutotaskSandboxFields.ticket)
            else {
                let values = (field.picks ?? []).filter(\.isActive).map { String($0.value) }
                throw Problem(
                    message: "default must be null or a value of the \(name) picklist: "
                        + values.joined(separator: ", "))
            }
            defaultValue = value
        }
        sandbox.autotask.requirements.withLock {
            $0.fields[name] = AutotaskSandboxRequirements.RequiredField(defaultValue: defaultValue)
        }
        return [
            "psa": "autotask", "required": name,
            "default": defaultValue.map { String($0) as Any } ?? NSNull(),
        ]
    }

    private func requireAutotaskUDF(_ object: [String: Any]) throws(Problem) -> [String: Any] {
        guard let name = (object["udf"] as? String)?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
            throw Problem(message: "\"udf\" must be the name of a user-defined field")
        }
        var picklist: [String]?
        if let raw = object["picklist"], !(raw is NSNull) {
            guard let values = raw as? [String], !values.isEmpty, !values.contains(where: \.isEmpty) else {
                throw Problem(message: "picklist must be a list of values, such as [\"EMEA\", \"APAC\"]")
            }
            picklist = values
        }
        var defaultValue: String?
        if let raw = object["default"], !(raw is NSNull) {
            guard let value = Problem.id(raw), picklist?.contains(value) ?? true else {
                throw Problem(message: "default must be null or one of the picklist's values")
            }
            defaultValue = value
        }
        let field = AutotaskSandboxRequirements.UserDefinedField(
            name: name, picklist: picklist, defaultValue: defaultValue)
        sandbox.autotask.requirements.withLock { requirements in
            requirements.userDefinedFields.removeAll { $0.name.lowercased() == name.lowercased() }
            requirements.userDefinedFields.append(field)
        }
        return ["psa": "autotask", "udf": name, "required": true, "default": defaultValue ?? NSNull()]
    }

    // MARK: - Values

    private static func psa(_ object: [String: Any]) throws(Problem) -> SandboxPSA {
        guard let name = object["psa"] as? String, let psa = SandboxPSA(rawValue: name) else {
            throw Problem(message: "\"psa\" must be \"halo\", \"connectwise\" or \"autotask\"")
        }
        return psa
    }

    /// Every PSA here numbers its tickets; an id that is no number names no ticket.
    private static func number(_ id: String, in psa: SandboxPSA) throws(Problem) -> Int {
        guard let number = Int(id) else { throw Problem(message: "no \(name(psa)) ticket \(id)", status: .notFound) }
        return number
    }

    private static func unknown(_ id: Int, in psa: SandboxPSA) -> Problem {
        Problem(message: "no \(name(psa)) ticket \(id)", status: .notFound)
    }

    private static func name(_ psa: SandboxPSA) -> String {
        switch psa {
        case .halo: return "HaloPSA"
        case .connectwise: return "ConnectWise"
        case .autotask: return "Autotask"
        }
    }
}
