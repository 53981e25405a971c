import Foundation
import Hummingbird

/// `POST /api/Tickets` and `POST /api/Actions`: a JSON array in; the created or updated
/// record out (an object for one, an array for several). A batch is checked whole before
/// anything is applied; the first problem is answered as a 400 in Halo's error shape.
struct HaloSandboxTickets {
    let sandbox: PSASandbox
    let state: HaloSandboxState

    private typealias Ticket = HaloSandboxState.Ticket
    private typealias Action = HaloSandboxState.Action

    private struct Refusal: Error {
        var message: String
        var status: HTTPResponse.Status = .badRequest
    }

    func post(_ body: Any?) -> Response {
        guard let items = body as? [[String: Any]], !items.isEmpty else {
            return HaloSandboxAPI.failure("The request body must be a JSON array of tickets")
        }
        let requirements = state.requirements()
        return state.withTickets { book in
            var created = false
            var results: [Ticket] = []
            var draft = book
            do throws(Refusal) {
                for item in items {
                    if let id = Self.int(item["id"]), id > 0 {
                        try update(id, with: item, in: &draft)
                        results.append(draft.tickets[id]!)
                    } else {
                        let ticket = try makeTicket(item, id: draft.nextTicketID, requirements: requirements)
                        draft.nextTicketID += 1
                        draft.tickets[ticket.id] = ticket
                        results.append(ticket)
                        created = true
                    }
                }
            } catch {
                return HaloSandboxAPI.failure(error.message, status: error.status)
            }
            book = draft
            let json: Any = results.count == 1 ? results[0].json : results.map(\.json)
            return JSONResponse.make(json, status: created ? .created : .ok)
        }
    }

    func postActions(_ body: Any?) -> Response {
        guard let items = body as? [[String: Any]], !items.isEmpty else {
            return HaloSandboxAPI.failure("The request body must be a JSON array of actions")
        }
        return state.withTickets { book in
            var results: [Action] = []
            var draft = book
            do throws(Refusal) {
                for item in items {
                    let action = try makeAction(item, id: draft.nextActionID, tickets: draft.tickets)
                    draft.nextActionID += 1
                    draft.actions.append(action)
                    if let status = action.newStatus { draft.setStatus(status, ofTicket: action.ticketID) }
                    results.append(action)
                }
            } catch {
                return HaloSandboxAPI.failure(error.message, status: error.status)
            }
            book = draft
            let json: Any = results.count == 1 ? results[0].json : results.map(\.json)
            return JSONResponse.make(json, status: .created)
        }
    }

    // MARK: - Tickets

    private func makeTicket(
        _ item: [String: Any], id: Int, requirements: [Int: [String: HaloSandboxState.Requirement]]
    ) throws(Refusal) -> Ticket {
        let summary = Self.string(item["summary"]).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !summary.isEmpty else { throw Refusal(message: "Please enter a Summary for the Ticket") }
        guard let clientID = Self.int(item["client_id"]) else {
            throw Refusal(message: "Please select a Customer (client_id) for the Ticket")
        }
        guard let company = company(clientID) else { throw Refusal(message: "Invalid client_id \(clientID)") }
        let typeID = Self.int(item["tickettype_id"]) ?? 1
        guard let type = HaloSandboxSetup.ticketType(typeID), !type.inactive else {
            throw Refusal(message: "Invalid tickettype_id \(typeID)")
        }
        // The default is what the agent screen pre-fills; a create through the API must send
        // the field itself.
        for (field, label) in [("urgency", "Urgency"), ("impact", "Impact")]
        where requirements[type.id]?[field] != nil && (Self.int(item[field]) ?? 0) == 0 {
            throw Refusal(message: "\(label) is required for Tickets of type '\(type.name)'")
        }
        let statusID = Self.int(item["status_id"]) ?? type.initialStatus
        guard HaloSandboxSetup.status(statusID) != nil else { throw Refusal(message: "Invalid status_id \(statusID)") }
        let slaPriorities = HaloSandboxSetup.priorities(ofSLA: type.slaID).map(\.priorityID)
        let priorityID = Self.int(item["priority_id"]) ?? (slaPriorities.contains(3) ? 3 : slaPriorities.first ?? 0)
        try checkPriority(priorityID, slaID: type.slaID, typeName: type.name)
        var ticket = Ticket(
            id: id, summary: summary, details: Self.string(item["details"] ?? item["details_html"]),
            clientID: clientID, clientName: company.name, ticketTypeID: type.id, statusID: statusID,
            priorityID: priorityID, slaID: type.slaID, category1: type.defaultCategory,
            impact: type.defaultImpact, urgency: 0, thirdPartyID: Self.string(item["third_party_id_string"]),
            hasBeenClosed: HaloSandboxSetup.status(statusID)?.isClosed ?? false, dateOccurred: Date(),
            dateClosed: nil)
        try applyClassification(item, to: &ticket)
        if ticket.hasBeenClosed { ticket.dateClosed = ticket.dateOccurred }
        return ticket
    }

    private func update(_ id: Int, with item: [String: Any], in book: inout HaloSandboxState.TicketBook) throws(Refusal)
    {
        // An id that names no ticket (one deleted, say) is not created anew.
        guard var ticket = book.tickets[id] else {
            throw Refusal(message: "Ticket \(id) not found", status: .notFound)
        }
        if item["summary"] != nil {
            let summary = Self.string(item["summary"]).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !summary.isEmpty else { throw Refusal(message: "Please enter a Summary for the Ticket") }
            ticket.summary = summary
        }
        if item["details"] != nil { ticket.details = Self.string(item["details"]) }
        if item["third_party_id_string"] != nil { ticket.thirdPartyID = Self.string(item["third_party_id_string"]) }
        if let priorityID = Self.int(item["priority_id"]) {
            let typeName = HaloSandboxSetup.ticketType(ticket.ticketTypeID)?.name ?? "?"
            try checkPriority(priorityID, slaID: ticket.slaID, typeName: typeName)
            ticket.priorityID = priorityID
        }
        try applyClassification(item, to: &ticket)
        var statusID: Int?
        if let value = Self.int(item["status_id"]) {
            guard HaloSandboxSetup.status(value) != nil else { throw Refusal(message: "Invalid status_id \(value)") }
            statusID = value
        }
        book.tickets[id] = ticket
        if let statusID { book.setStatus(statusID, ofTicket: id) }
    }

    /// Category, impact and urgency, each checked against its list when given.
    private func applyClassification(_ item: [String: Any], to ticket: inout Ticket) throws(Refusal) {
        if item["category_1"] != nil {
            let category = Self.string(item["category_1"])
            guard
                category.isEmpty
                    || HaloSandboxSetup.categories.contains(where: { $0.typeID == 1 && $0.value == category })
            else { throw Refusal(message: "Invalid category_1 '\(category)'") }
            ticket.category1 = category
        }
        for (field, lookup) in [("impact", "Impact"), ("urgency", "Urgency")] {
            guard let value = Self.int(item[field]), value != 0 else { continue }
            guard HaloSandboxSetup.lookupValueIDs(named: lookup).contains(value) else {
                throw Refusal(message: "Invalid \(field) \(value)")
            }
            if field == "impact" { ticket.impact = value } else { ticket.urgency = value }
        }
    }

    /// A priority only exists within an SLA.
    private func checkPriority(_ priorityID: Int, slaID: Int, typeName: String) throws(Refusal) {
        guard slaID > 0 else { return }
        let priorities = HaloSandboxSetup.priorities(ofSLA: slaID)
        guard priorities.contains(where: { $0.priorityID == priorityID }) else {
            let sla = HaloSandboxSetup.slaNames[slaID] ?? "?"
            throw Refusal(
                message: "Priority \(priorityID) is not part of the SLA '\(sla)' of the ticket type '\(typeName)'")
        }
    }

    /// The client as Halo holds it now: a deleted one is as unknown as one that never was, an
    /// inactive one still takes tickets.
    private func company(_ clientID: Int) -> SandboxCompany? {
        sandbox.companies(in: .halo).company(clientID - HaloSandboxAPI.clientIDOffset)
    }

    // MARK: - Actions

    private func makeAction(_ item: [String: Any], id: Int, tickets: [Int: Ticket]) throws(Refusal) -> Action {
        guard let ticketID = Self.int(item["ticket_id"]) else { throw Refusal(message: "Ticket (none) not found") }
        guard let ticket = tickets[ticketID] else {
            throw Refusal(message: "Ticket \(ticketID) not found", status: .notFound)
        }
        let outcome: HaloSandboxSetup.Outcome
        if let outcomeID = Self.int(item["outcome_id"]), outcomeID > 0 {
            guard let known = HaloSandboxSetup.outcome(outcomeID) else {
                throw Refusal(message: "Outcome \(outcomeID) does not exist")
            }
            outcome = known
        } else if let name = item["outcome"] as? String, !name.isEmpty {
            guard let known = HaloSandboxSetup.outcomes.first(where: { $0.name.lowercased() == name.lowercased() })
            else { throw Refusal(message: "Outcome '\(name)' does not exist") }
            outcome = known
        } else {
            throw Refusal(message: "An Outcome must be entered for this Action")
        }
        var newStatus = Self.int(item["new_status"]).flatMap { $0 > 0 ? $0 : nil }
        if newStatus == nil, outcome.newStatus > 0 { newStatus = outcome.newStatus }
        if let newStatus, HaloSandboxSetup.status(newStatus) == nil {
            throw Refusal(message: "Invalid new_status \(newStatus)")
        }
        // An action that reopens the ticket is how a technician gets past the refusal.
        let reopens = newStatus.map { HaloSandboxSetup.status($0)?.isClosed == false } ?? false
        if ticket.refusesActions, ticket.hasBeenClosed, !reopens {
            throw Refusal(
                message: "You cannot add an Action to a closed Ticket. Please re-open Ticket \(ticketID) first")
        }
        return Action(
            id: id, ticketID: ticketID, outcomeID: outcome.id, outcome: outcome.name,
            note: Self.string(item["note_html"] ?? item["note"]),
            hiddenFromUser: (item["hiddenfromuser"] as? Bool) ?? outcome.hideFromUser,
            sendEmail: item["sendemail"] as? Bool, newStatus: newStatus, date: Date())
    }

    // MARK: - Values

    /// A JSON number or numeric text as an Int.
    static func int(_ value: Any?) -> Int? {
        switch value {
        case let number as Int: return number
        case let number as Double where number == number.rounded(): return Int(number)
        case let text as String: return Int(text.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    static func string(_ value: Any?) -> String {
        switch value {
        case let text as String: return text
        case let number as Int: return String(number)
        default: return ""
        }
    }
}
