import ArgumentParser
import Foundation
import PSACore
import TerminalUI

/// `psalink tickets`: the tickets events opened, as psalink last knew them.
struct TicketsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tickets", abstract: "The tickets psalink opened from events.",
        subcommands: [
            TicketsListCommand.self, TicketsShowCommand.self, TicketsAckCommand.self, TicketsUnackCommand.self,
        ])
}

struct TicketsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List tickets, most recently changed first.",
        discussion: """
            A ticket is failed when its create was refused or gave up, or its last change failed;
            the wizard's tickets browser shows why and retries.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this integration's tickets.") var integration: String?
    @Option(help: "Only the tickets of this ticket queue.") var queue: String?
    @Option(help: "open, closed or failed.") var state: TrackedTicket.ListState?
    @Flag(help: "Print one JSON document.") var json = false

    /// DESIGN §4's shape, plus `lastError`, `isTest`, and what happened to the ticket in the PSA:
    /// `gone` ("deleted", else null), `replaces` (the number of the gone ticket this one replaced)
    /// and `mergedFrom` (psalink's ticket a technician merged into this one); while the ticket is
    /// acknowledged, `acknowledgedUntil`, `acknowledgedBy`, `acknowledgeReason` and
    /// `acknowledgedRepeats` (null, and 0 repeats, otherwise).
    struct Listed: Encodable {
        var integration: String
        var queue: String?
        var accountId: String?
        var companyId: String
        var ticketId: String?
        var ticketNumber: String?
        var state: String
        var title: String
        var dedupeKey: String
        var updatedAt: String
        var lastError: String?
        var isTest: Bool
        var gone: String?
        var replaces: String?
        var mergedFrom: String?
        var acknowledgedUntil: String?
        var acknowledgedBy: String?
        var acknowledgeReason: String?
        var acknowledgedRepeats: Int

        enum CodingKeys: String, CodingKey {
            case integration, queue, accountId, companyId, ticketId, ticketNumber, state, title, dedupeKey, updatedAt
            case lastError, isTest, gone, replaces, mergedFrom
            case acknowledgedUntil, acknowledgedBy, acknowledgeReason, acknowledgedRepeats
        }

        init(_ ticket: TrackedTicket, integration: String, now: Date = Date()) {
            let formatter = ISO8601DateFormatter()
            // An acknowledgement that has ended only waits for the worker's summary note.
            let ack = ticket.acknowledgement.flatMap { $0.isActive(at: now) ? $0 : nil }
            self.integration = integration
            queue = ticket.queueName
            accountId = ticket.accountID
            companyId = ticket.companyID
            ticketId = ticket.ticketID
            ticketNumber = ticket.ticketNumber
            state = ticket.listState.rawValue
            title = ticket.title
            dedupeKey = ticket.dedupeKey
            updatedAt = formatter.string(from: ticket.updatedAt)
            lastError = ticket.lastError
            isTest = ticket.isTest
            gone = ticket.gone?.rawValue
            replaces = ticket.replaces
            mergedFrom = ticket.mergedFrom
            acknowledgedUntil = ack.map { formatter.string(from: $0.until) }
            acknowledgedBy = ack?.by
            acknowledgeReason = ack?.reason
            acknowledgedRepeats = ack?.repeats ?? 0
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(integration, forKey: .integration)
            try container.encode(queue, forKey: .queue)
            try container.encode(accountId, forKey: .accountId)
            try container.encode(companyId, forKey: .companyId)
            try container.encode(ticketId, forKey: .ticketId)
            try container.encode(ticketNumber, forKey: .ticketNumber)
            try container.encode(state, forKey: .state)
            try container.encode(title, forKey: .title)
            try container.encode(dedupeKey, forKey: .dedupeKey)
            try container.encode(updatedAt, forKey: .updatedAt)
            try container.encode(lastError, forKey: .lastError)
            try container.encode(isTest, forKey: .isTest)
            try container.encode(gone, forKey: .gone)
            try container.encode(replaces, forKey: .replaces)
            try container.encode(mergedFrom, forKey: .mergedFrom)
            try container.encode(acknowledgedUntil, forKey: .acknowledgedUntil)
            try container.encode(acknowledgedBy, forKey: .acknowledgedBy)
            try container.encode(acknowledgeReason, forKey: .acknowledgeReason)
            try container.encode(acknowledgedRepeats, forKey: .acknowledgedRepeats)
        }
    }

    func run() throws {
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        var filter = Store.TicketFilter(queueName: queue, state: state)
        if let integration { filter.integrationID = try access.integrationWithCredentials(named: integration).0.id }
        if let queue, try access.run({ try $0.queue(named: queue) }) == nil {
            throw CommandFailure("there is no ticket queue named \"\(queue)\" (psalink queue list shows them)")
        }
        let (tickets, integrations) = try access.run { store in
            (try store.trackedTickets(filter), try store.integrations())
        }
        let names = Dictionary(
            integrations.map { ($0.id, $0.displayName) }, uniquingKeysWith: { a, _ in a })
        let now = Date()
        let listed = tickets.map { Listed($0, integration: names[$0.integrationID] ?? "(removed)", now: now) }
        if json {
            try JSONOutput.print(["tickets": listed])
            return
        }
        guard !listed.isEmpty else {
            print(
                filter == Store.TicketFilter()
                    ? "No tickets yet. Events sent with psalink events send or psalink serve open them."
                    : "No tickets match.")
            return
        }
        for item in listed {
            let number = item.ticketNumber ?? item.ticketId ?? "-"
            var line =
                "\(item.state.padding(toLength: 7, withPad: " ", startingAt: 0)) #\(number)  \(item.integration)"
                + (item.queue.map { " / \($0)" } ?? "") + "  \(item.isTest ? "[test] " : "")\(item.title)"
            if let error = item.lastError { line += "  (\(error))" }
            if item.gone != nil { line += "  (deleted in the PSA)" }
            if let earlier = item.replaces { line += "  (replaces #\(earlier), deleted in the PSA)" }
            if let merged = item.mergedFrom { line += "  (psalink's #\(merged) was merged into it)" }
            if let until = item.acknowledgedUntil {
                line +=
                    "  (acknowledged until \(until) by \(item.acknowledgedBy ?? "?"): \(item.acknowledgeReason ?? ""))"
            }
            print(TerminalSafeText.escaped(line))
        }
    }
}

extension TrackedTicket.ListState: ExpressibleByArgument {}
