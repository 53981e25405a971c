import Foundation
import PSACore

/// The TICKET argument of `tickets show`, `ack` and `unack`: a ticket's number or PSA id, as
/// `tickets list` shows it, optionally narrowed to one integration.
enum TicketArgument {
    struct Found {
        var ticket: TrackedTicket
        var integration: String
        /// How the ticket is named back: its number, else its id.
        var label: String
    }

    static func resolve(_ text: String, integration name: String?, in access: StoreAccess) throws(CommandFailure)
        -> Found
    {
        let wanted = text.trimmingCharacters(in: .whitespaces).drop { $0 == "#" }
        guard !wanted.isEmpty else { throw CommandFailure("TICKET: give the ticket's number or id") }
        var filter = Store.TicketFilter()
        if let name { filter.integrationID = try access.integration(named: name).id }
        let (tickets, integrations) = try access.run { store in
            (try store.trackedTickets(filter), try store.integrations())
        }
        let names = Dictionary(integrations.map { ($0.id, $0.displayName) }, uniquingKeysWith: { a, _ in a })
        // What the list shows (the number, else the id) names a ticket before the other does:
        // a HaloPSA id may equal another ticket's number.
        let shown = tickets.filter { $0.reference == String(wanted) }
        let matches =
            shown.isEmpty
            ? tickets.filter { $0.ticketID == String(wanted) || $0.ticketNumber == String(wanted) } : shown
        let quoted = String(reflecting: String(wanted))
        let perIntegration = Dictionary(grouping: matches, by: \.integrationID)
        guard let first = perIntegration.first else {
            let scope = name.map { " in \(String(reflecting: $0))" } ?? ""
            throw CommandFailure(
                "TICKET: no ticket psalink opened has the number or id \(quoted)\(scope) (psalink tickets list shows them)"
            )
        }
        guard perIntegration.count == 1 else {
            let which = perIntegration.keys.compactMap { names[$0] }.sorted().map { String(reflecting: $0) }
            throw CommandFailure(
                "TICKET: \(quoted) names tickets in \(which.joined(separator: " and ")); pass --integration NAME")
        }
        // Tickets come most recently changed first: one key's earlier rows share nothing with
        // its newest, so the first match is the ticket the admin sees at the top of the list.
        let ticket = first.value[0]
        return Found(
            ticket: ticket, integration: names[ticket.integrationID] ?? "(removed)",
            label: ticket.reference ?? String(wanted))
    }
}
