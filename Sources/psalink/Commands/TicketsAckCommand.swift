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

/// What `tickets ack` and `unack` do with the ticket `TicketArgument.resolve` found.
extension TicketArgument {
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
