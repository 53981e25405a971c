import ArgumentParser
import Foundation
import PSACore
import TerminalUI

/// `psalink tickets ack`: repeats of the ticket's key add no notes until a time; they are
/// counted and summed in one note when the acknowledgement ends or the key resolves.
struct TicketsAckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack", abstract: "Acknowledge an open ticket until a time: repeats are counted, not noted.",
        discussion: """
            Until then, repeats of the ticket's condition add no notes; they are counted, and one
            note sums them when the acknowledgement ends or the condition resolves. A rise in
            severity still raises the priority and adds a note. Acknowledging an acknowledged
            ticket again moves its end and reason and keeps the repeats counted so far.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The ticket's number or id, as psalink tickets list shows it.", valueName: "ticket"))
    var ticket: String
    @Option(
        help: ArgumentHelp(
            "A duration from now (30m, 4h, 2d) or a time with its offset (2026-12-07T18:00:00+01:00).",
            valueName: "iso|duration"))
    var until: String
    @Option(help: "Why repeats may wait (shown in the ticket's detail and the audit log).") var reason: String
    @Option(help: "The integration of the ticket, when the number is not unique.") var integration: String?
    @Flag(help: "Print one JSON document.") var json = false

    func run() throws {
        let now = Date()
        let end: Date
        do {
            end = try AcknowledgementEnd.parse(until, now: now)
        } catch {
            throw CommandFailure("--until: \(error.description)")
        }
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CommandFailure("--reason: \(StoreError.emptyAcknowledgementReason.description)")
        }
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let found = try TicketArgument.resolve(ticket, integration: integration, in: access)
        try TicketArgument.run(access) { (store: Store) throws(StoreError) in
            try store.acknowledge(ticketRow: found.ticket.row, until: end, reason: reason, by: Store.actor, at: now)
        }
        try TicketArgument.report(found.ticket.row, integration: found.integration, in: access, json: json) { ack in
            "Acknowledged #\(found.label) in \(found.integration) until \(TicketArgument.iso(ack?.until ?? end)): "
                + "repeats are counted, not noted."
        }
    }
}

/// `psalink tickets unack`: ends an acknowledgement now.
struct TicketsUnackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unack", abstract: "End a ticket's acknowledgement now.",
        discussion: """
            Repeats counted while it lasted are summed in one note on the ticket by the delivery
            worker (psalink serve, or the next psalink events send).
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The ticket's number or id, as psalink tickets list shows it.", valueName: "ticket"))
    var ticket: String
    @Option(help: "The integration of the ticket, when the number is not unique.") var integration: String?
    @Flag(help: "Print one JSON document.") var json = false

    func run() throws {
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let found = try TicketArgument.resolve(ticket, integration: integration, in: access)
        let repeats = found.ticket.acknowledgement?.repeats ?? 0
        try TicketArgument.run(access) { (store: Store) throws(StoreError) in
            try store.unacknowledge(ticketRow: found.ticket.row, by: Store.actor, at: Date())
        }
        try TicketArgument.report(found.ticket.row, integration: found.integration, in: access, json: json) { _ in
            "Acknowledgement of #\(found.label) in \(found.integration) ended"
                + (repeats > 0 ? "; \(repeats) repeat\(repeats == 1 ? "" : "s") will be summed in one note." : ".")
        }
    }
}

/// The TICKET argument of `tickets ack` and `unack`: a ticket's number or PSA id, as
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

    /// Store work whose refusals name the argument or option at fault.
    static func run(_ access: StoreAccess, _ body: (Store) throws(StoreError) -> Void) throws(CommandFailure) {
        do {
            try body(access.store)
        } catch {
            switch error {
            case .ticketNotFound, .cannotAcknowledge: throw CommandFailure("TICKET: \(error.description)")
            case .acknowledgementNotInFuture: throw CommandFailure("--until: \(error.description)")
            case .emptyAcknowledgementReason: throw CommandFailure("--reason: \(error.description)")
            default: throw CommandFailure(FlagWording.describe(error))
            }
        }
    }

    /// Prints the ticket after the change: its `tickets list` object with `--json`, else `line`.
    static func report(
        _ row: Int64, integration: String, in access: StoreAccess, json: Bool,
        line: (TicketAcknowledgement?) -> String
    ) throws {
        guard let ticket = try access.run({ try $0.trackedTicket(row: row) }) else {
            throw CommandFailure("TICKET: \(StoreError.ticketNotFound(row: row).description)")
        }
        let active = ticket.acknowledgement.flatMap { $0.isActive(at: Date()) ? $0 : nil }
        if json {
            try JSONOutput.print(["ticket": TicketsListCommand.Listed(ticket, integration: integration)])
        } else {
            print(TerminalSafeText.escaped(line(active)))
        }
    }

    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}
