import ArgumentParser
import Foundation
import PSACore
import TerminalUI

/// `psalink tickets show`: one ticket as psalink knows it, the events that made or changed it,
/// and the PSA requests of their deliveries.
struct TicketsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a ticket, its events and the PSA requests psalink sent for it.",
        discussion: """
            The request log keeps the newest \(Store.RequestLogBounds().perTicket) requests of each ticket \
            (token and discovery calls included): the time, method, path, the PSA's status (or no \
            answer), how long it took and the start of the PSA's error text. Paths and errors \
            never carry credentials.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The ticket's number or id, as psalink tickets list shows it.", valueName: "ticket"))
    var ticket: String
    @Option(help: "The integration of the ticket, when the number is not unique.") var integration: String?
    @Flag(help: "Print one JSON document.") var json = false

    /// The most events shown, newest first: a ticket of a noisy alert has thousands.
    static let eventLimit = 20

    func run() throws {
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let found = try TicketArgument.resolve(ticket, integration: integration, in: access)
        let row = found.ticket.row
        let (events, requests, integrations, companies) = try access.run { store in
            (
                try store.events(ofTicket: row), try store.requestLog(ofTicket: row), try store.integrations(),
                try store.companies(forIntegration: found.ticket.integrationID)
            )
        }
        let shown = TicketShown(
            ticket: found.ticket, integration: found.integration,
            system: integrations.first { $0.id == found.ticket.integrationID }?.system.displayName,
            customer: companies.first { $0.id == found.ticket.companyID }?.name,
            events: events.sorted { $0.seq > $1.seq }, eventLimit: Self.eventLimit, requests: requests)
        if json {
            try JSONOutput.print(shown.document)
        } else {
            for line in shown.lines { print(line) }
        }
    }
}

/// A ticket as `tickets show` prints it: one JSON document, or lines of at most 80 columns,
/// every text from the PSA or an event escaped for the terminal.
struct TicketShown {
    var ticket: TrackedTicket
    var integration: String
    var system: String?
    var customer: String?
    /// Newest first, all of them: the text and the document say how many are left out.
    var events: [StoredEvent]
    var eventLimit: Int
    /// Newest first.
    var requests: [RequestLogEntry]
    var now = Date()

    struct Document: Encodable {
        var ticket: Ticket
        var events: [Event]
        /// How many older events are not listed.
        var eventsNotShown: Int
        var requests: [Request]
    }

    /// The `tickets list` object, plus the customer's name and when psalink opened the ticket.
    struct Ticket: Encodable {
        var listed: TicketsListCommand.Listed
        var customer: String?
        var createdAt: String
        var system: String?

        enum ExtraKeys: String, CodingKey { case customer, createdAt, system }

        func encode(to encoder: any Encoder) throws {
            try listed.encode(to: encoder)
            var container = encoder.container(keyedBy: ExtraKeys.self)
            try container.encode(customer, forKey: .customer)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(system, forKey: .system)
        }
    }

    struct Event: Encodable {
        var id: String
        var seq: Int64
        var receivedAt: String
        var event: String
        var state: String
        var operation: String?
        var attempts: Int
        var error: String?
        var reason: String?

        enum CodingKeys: String, CodingKey {
            case id, seq, receivedAt, event, state, operation, attempts, error, reason
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(seq, forKey: .seq)
            try container.encode(receivedAt, forKey: .receivedAt)
            try container.encode(event, forKey: .event)
            try container.encode(state, forKey: .state)
            try container.encode(operation, forKey: .operation)
            try container.encode(attempts, forKey: .attempts)
            try container.encode(error, forKey: .error)
            try container.encode(reason, forKey: .reason)
        }
    }

    struct Request: Encodable {
        var eventId: String?
        var startedAt: String
        var method: String
        var host: String
        var path: String
        /// Null when no answer came.
        var status: Int?
        var durationMs: Int64
        var failure: String?

        enum CodingKeys: String, CodingKey {
            case eventId, startedAt, method, host, path, status, durationMs, failure
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(eventId, forKey: .eventId)
            try container.encode(startedAt, forKey: .startedAt)
            try container.encode(method, forKey: .method)
            try container.encode(host, forKey: .host)
            try container.encode(path, forKey: .path)
            try container.encode(status, forKey: .status)
            try container.encode(durationMs, forKey: .durationMs)
            try container.encode(failure, forKey: .failure)
        }
    }

    var document: Document {
        let iso = ISO8601DateFormatter()
        let precise = ISO8601DateFormatter()
        precise.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let eventIDs = Dictionary(events.map { ($0.seq, $0.event.id) }, uniquingKeysWith: { a, _ in a })
        return Document(
            ticket: Ticket(
                listed: TicketsListCommand.Listed(ticket, integration: integration, now: now), customer: customer,
                createdAt: iso.string(from: ticket.createdAt), system: system),
            events: events.prefix(eventLimit).map { stored in
                Event(
                    id: stored.event.id, seq: stored.seq, receivedAt: iso.string(from: stored.receivedAt),
                    event: stored.event.state.rawValue, state: stored.state.rawValue,
                    operation: stored.operation?.rawValue, attempts: stored.attempts, error: stored.lastError,
                    reason: stored.reason)
            },
            eventsNotShown: max(0, events.count - eventLimit),
            requests: requests.map { entry in
                Request(
                    eventId: eventIDs[entry.eventSeq], startedAt: precise.string(from: entry.request.startedAt),
                    method: entry.request.method, host: entry.request.host, path: entry.request.path,
                    status: entry.request.status, durationMs: Self.milliseconds(entry.request.duration),
                    failure: entry.request.failure)
            })
    }

    var lines: [String] {
        let safe = TerminalSafeText.escaped
        let label = ticket.reference.map { "#" + safe($0) } ?? "(not created in the PSA)"
        var lines = [
            MaintenanceText.fit(
                "Ticket \(label) in \(safe(integration))" + (system.map { " (\($0))" } ?? "")
                    + (ticket.isTest ? " [test]" : ""))
        ]
        var state = "state: " + ticket.listState.rawValue
        if ticket.gone == .deleted { state += ", deleted in the PSA" }
        if let earlier = ticket.replaces { state += ", replaces #" + safe(earlier) }
        if let merged = ticket.mergedFrom { state += ", psalink's #\(safe(merged)) was merged into it" }
        let companyID = safe(ticket.companyID)
        var fields = [
            "PSA ticket id: \(safe(ticket.ticketID ?? "none")), number: \(safe(ticket.ticketNumber ?? "none"))",
            state,
            "customer: " + (customer.map { "\(safe($0)) (#\(companyID))" } ?? "#" + companyID)
                + (ticket.accountID.map { ", account " + safe($0) } ?? ""),
            "queue: " + safe(ticket.queueName ?? "default"),
            "key: " + safe(ticket.dedupeKey),
            "title: " + safe(ticket.title),
            "opened: \(Self.time(ticket.createdAt)) UTC, updated: \(Self.time(ticket.updatedAt)) UTC",
        ]
        if let ack = ticket.acknowledgement {
            let when = ack.isActive(at: now) ? "acknowledged until" : "acknowledgement ended"
            fields.append(
                "\(when) \(Self.time(ack.until)) UTC by \(safe(ack.by)): \(safe(ack.reason))"
                    + (ack.repeats > 0 ? " (\(ack.repeats) repeat\(ack.repeats == 1 ? "" : "s") counted)" : ""))
        }
        if let error = ticket.lastError { fields.append("last error: " + safe(error)) }
        for field in fields { lines += MaintenanceText.wrap(field, indent: "  ") }

        lines.append("")
        let listed = events.prefix(eventLimit)
        lines.append(
            events.isEmpty
                ? "Events: none recorded"
                : "Events, newest first"
                    + (events.count > listed.count ? " (\(listed.count) of \(events.count)):" : ":"))
        for stored in listed {
            let attempts = "\(stored.attempts) tr\(stored.attempts == 1 ? "y" : "ies")"
            lines.append(
                MaintenanceText.fit(
                    "  \(Self.time(stored.receivedAt))  \(pad(stored.event.state.rawValue, 9))"
                        + " \(pad(stored.operation?.rawValue ?? "-", 7)) \(pad(stored.state.rawValue, 12))"
                        + " \(attempts)  \(safe(stored.event.id))"))
            if let why = stored.lastError ?? stored.reason {
                lines += MaintenanceText.wrap(safe(why), indent: "      ")
            }
        }

        lines.append("")
        lines.append(
            requests.isEmpty
                ? "PSA requests: none recorded" : "PSA requests, newest first (\(requests.count)):")
        let statuses = requests.map { $0.request.status.map(String.init) ?? "no answer" }
        let durations = requests.map { "\(Self.milliseconds($0.request.duration)) ms" }
        let methodWidth = requests.map(\.request.method.count).max() ?? 0
        let statusWidth = statuses.map(\.count).max() ?? 0
        let durationWidth = durations.map(\.count).max() ?? 0
        for (index, entry) in requests.enumerated() {
            let request = entry.request
            let head =
                "  \(Self.time(request.startedAt))  \(pad(request.method, methodWidth))"
                + " \(pad(statuses[index], statusWidth)) \(pad(durations[index], durationWidth, leading: true)) "
            lines += Self.continued(head, safe(request.path), indent: "      ")
            if let failure = request.failure {
                lines += MaintenanceText.wrap(safe(failure), indent: "      ")
            }
        }
        return lines
    }

    private func pad(_ text: String, _ width: Int, leading: Bool = false) -> String {
        guard text.count < width else { return text }
        let padding = String(repeating: " ", count: width - text.count)
        return leading ? padding + text : text + padding
    }

    /// `head` and then `text`, which has no spaces to wrap at (a path), cut into pieces that fit
    /// the line and the lines after it, at most `maxLines` lines in all.
    static func continued(_ head: String, _ text: String, indent: String, maxLines: Int = 3) -> [String] {
        let width = MaintenanceText.width
        var lines: [String] = []
        var line = head
        for character in text {
            if DisplayWidth.columns(of: line) + DisplayWidth.columns(of: character) > width {
                // The last line ends in "…" where the text goes on.
                guard lines.count + 1 < maxLines else { return lines + [MaintenanceText.fit(line + String(character))] }
                lines.append(line)
                line = indent
            }
            line.append(character)
        }
        return lines + [line]
    }

    /// "2026-12-07 15:04:05", in UTC.
    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }
}
