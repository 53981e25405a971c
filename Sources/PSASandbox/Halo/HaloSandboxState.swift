import Foundation
import Synchronization

/// What the emulated Halo instance remembers: issued tokens, tickets and their actions.
final class HaloSandboxState: Sendable {
    struct Grant: Sendable {
        var clientID: String
        var scopes: [String]
        var generation: Int
        var expires: Date

        /// `all` grants everything; `edit:x` includes `read:x`.
        func allows(_ scope: String) -> Bool {
            let area = scope.split(separator: ":").last.map(String.init) ?? scope
            return scopes.contains { $0 == "all" || $0 == scope || $0 == "edit:\(area)" }
        }
    }

    struct Ticket: Sendable {
        var id: Int
        var summary: String
        var details: String
        var clientID: Int
        var clientName: String
        var ticketTypeID: Int
        var statusID: Int
        var priorityID: Int
        var slaID: Int
        var category1: String
        var impact: Int
        var urgency: Int
        var thirdPartyID: String
        var hasBeenClosed: Bool
        var dateOccurred: Date
        var dateClosed: Date?
        /// Set by a merge into another ticket (`Faults.merged_into_id`).
        var mergedIntoID: Int?
        /// Set by `/sandbox/tickets` closing it with `refuseNotes`; lifted when it reopens.
        var refusesActions = false
    }

    struct Action: Sendable {
        var id: Int
        var ticketID: Int
        var outcomeID: Int
        var outcome: String
        var note: String
        var hiddenFromUser: Bool
        /// `sendemail` as the request gave it; nil when it did not.
        var sendEmail: Bool?
        var newStatus: Int?
        var date: Date
    }

    /// A field a ticket type was set to require over `/sandbox/required`, with the default its
    /// agent screen pre-fills (nil for none).
    struct Requirement: Sendable, Equatable {
        var defaultValue: Int?
    }

    private struct Store {
        var tokens: [String: Grant] = [:]
        var book = TicketBook()
        /// Ticket type id → field (`urgency`, `impact`) → requirement.
        var requirements: [Int: [String: Requirement]] = [:]
    }

    private let store = Mutex(Store())

    func issueToken(_ grant: Grant) -> String {
        let token = "halo-" + UUID().uuidString.lowercased()
        store.withLock { $0.tokens[token] = grant }
        return token
    }

    /// The grant of a token that is known, unexpired and of the current generation.
    func grant(for token: String, generation: Int) -> Grant? {
        store.withLock { store in
            guard let grant = store.tokens[token], grant.generation == generation, grant.expires > Date() else {
                return nil
            }
            return grant
        }
    }

    func require(_ field: String, ofType typeID: Int, _ requirement: Requirement) {
        store.withLock { $0.requirements[typeID, default: [:]][field] = requirement }
    }

    /// The ticket types' requirements set over `/sandbox/required`, by type id and field.
    func requirements() -> [Int: [String: Requirement]] {
        store.withLock { $0.requirements }
    }

    func clearRequirements() {
        store.withLock { $0.requirements = [:] }
    }

    /// Runs `body` with the tickets and actions locked, so a batch applies as a whole.
    func withTickets<T: Sendable>(_ body: (inout TicketBook) -> T) -> T {
        store.withLock { body(&$0.book) }
    }

    struct TicketBook {
        var tickets: [Int: Ticket] = [:]
        var actions: [Action] = []
        var nextTicketID = 2001
        var nextActionID = 1

        /// Sets a status; a closing status marks the ticket closed, any other reopens it.
        mutating func setStatus(_ statusID: Int, ofTicket id: Int) {
            guard var ticket = tickets[id] else { return }
            let closes = HaloSandboxSetup.status(statusID)?.isClosed ?? false
            ticket.statusID = statusID
            if closes, !ticket.hasBeenClosed { ticket.dateClosed = Date() }
            if !closes {
                ticket.dateClosed = nil
                ticket.refusesActions = false
            }
            ticket.hasBeenClosed = closes
            tickets[id] = ticket
        }
    }
}

extension HaloSandboxState.Ticket {
    var json: [String: Any] {
        var json: [String: Any] = [
            "id": id, "summary": summary, "details": details, "client_id": clientID, "client_name": clientName,
            "site_id": clientID * 10, "tickettype_id": ticketTypeID, "status_id": statusID, "priority_id": priorityID,
            "sla_id": slaID, "category_1": category1, "category_2": "", "category_3": "", "category_4": "",
            "impact": impact, "urgency": urgency, "third_party_id_string": thirdPartyID,
            "hasbeenclosed": hasBeenClosed, "dateoccurred": HaloSandboxState.timestamp(dateOccurred),
        ]
        if let name = HaloSandboxSetup.status(statusID)?.name { json["status_name"] = name }
        if let dateClosed { json["dateclosed"] = HaloSandboxState.timestamp(dateClosed) }
        if let mergedIntoID { json["merged_into_id"] = mergedIntoID }
        return json
    }
}

extension HaloSandboxState.Action {
    var json: [String: Any] {
        var json: [String: Any] = [
            "id": id, "ticket_id": ticketID, "outcome_id": outcomeID, "outcome": outcome, "note_html": note,
            "note": note, "hiddenfromuser": hiddenFromUser, "datetime": HaloSandboxState.timestamp(date),
        ]
        if let newStatus { json["new_status"] = newStatus }
        if let sendEmail { json["sendemail"] = sendEmail }
        return json
    }
}

extension HaloSandboxState {
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
