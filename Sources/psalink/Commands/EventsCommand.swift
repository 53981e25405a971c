import ArgumentParser
import Foundation
import PSACore
import TerminalUI

/// `psalink events send`: notification events in, tickets out.
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "Send notification events that open, update and close tickets.",
        subcommands: [EventsSendCommand.self])
}

struct EventsSendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send", abstract: "Send NDJSON events (one JSON object per line) and deliver them.",
        discussion: """
            Each event is checked, routed and stored, then delivered to its PSA before the command
            returns. A bad line is refused with its number and field; the others go through. An
            event id already received is not processed again. Events the PSA cannot take yet
            (429, 5xx, timeouts) are retried with back-off until --wait runs out and stay in the
            outbox after it, for the next `events send` or `serve`.
            An event whose retries ran out that way is failed but retryable: it goes back to the
            outbox after the next successful request to its PSA (up to three rounds).
            An event that waits for its PSA's rate limit (the PSA asked psalink to slow down, or
            the rate-limit setting is used up) is counted apart, with until when; --json gives it
            as throttledUntil, and a repeat that another event's note carried as coalescedInto
            (that event's id).
            Exit status 1 when any event was refused, failed, is still waiting or is held.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: ArgumentHelp("The file, or - (the default) for standard input.", valueName: "file"))
    var file: String = "-"
    @Option(help: ArgumentHelp("Seconds to keep retrying before returning.", valueName: "seconds"))
    var wait: Int = 60
    @Flag(help: "Print one JSON document.") var json = false

    func validate() throws {
        guard wait >= 0 else { throw ValidationError("--wait must be 0 or more seconds") }
    }

    /// One line of the report, as `--json` prints it (DESIGN §4, plus line, state and number).
    struct Reported: Encodable {
        var line: Int
        var id: String?
        var state: String
        var operation: String?
        var ticketId: String?
        var ticketNumber: String?
        var error: String?
        /// A failed event that goes back to the outbox once its PSA answers again.
        var retryable = false
        /// A delivered repeat that another event's note carried: that event's id.
        var coalescedInto: String?
        /// A pending event that waits for its PSA's rate budget: until when (ISO 8601, UTC).
        var throttledUntil: String?
        /// A delivered event's step when its ticket had changed in the PSA: "ticket #12 was
        /// deleted in the PSA; opened a new ticket".
        var drift: String?

        /// Every key is written, null included, so that scripts can rely on it.
        enum CodingKeys: String, CodingKey {
            case line, id, state, operation, ticketId, ticketNumber, error, retryable, coalescedInto, throttledUntil
            case drift
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(line, forKey: .line)
            try container.encode(id, forKey: .id)
            try container.encode(state, forKey: .state)
            try container.encode(operation, forKey: .operation)
            try container.encode(ticketId, forKey: .ticketId)
            try container.encode(ticketNumber, forKey: .ticketNumber)
            try container.encode(error, forKey: .error)
            try container.encode(retryable, forKey: .retryable)
            try container.encode(coalescedInto, forKey: .coalescedInto)
            try container.encode(throttledUntil, forKey: .throttledUntil)
            try container.encode(drift, forKey: .drift)
        }
    }

    func run() async throws {
        let data = try InputFile.read(file)
        let parsed = EventParser.parseLines(data)
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let submission = EventSubmission(store: access.store)
        let submitted: [EventReceipt]
        do {
            submitted = try await submission.submit(parsed.map(\.result))
        } catch {
            throw CommandFailure(FlagWording.describe(error))
        }

        let worker = DeliveryWorker(
            store: access.store, options: connection.deliveryOptions,
            makeConnector: connection.connectors(for: access.store))
        await worker.drain(until: Date().addingTimeInterval(TimeInterval(wait)))

        let receipts = try access.run { _ in try submission.readBack(submitted) }
        let now = Date()
        let report = zip(parsed, receipts).map { Self.reported(line: $0.line, $1, now: now) }
        if json {
            try JSONOutput.print(["events": report])
        } else {
            printSummary(report)
        }
        if report.contains(where: { ["rejected", "failed", "pending", "held"].contains($0.state) }) {
            throw ExitCode(1)
        }
    }

    /// A receipt in the words scripts rely on (DESIGN §4, §6). A pending event's wait for the
    /// rate budget counts while it lasts at `now`.
    static func reported(line: Int, _ receipt: EventReceipt, now: Date = Date()) -> Reported {
        let state: String
        switch receipt.status {
        case .rejected: return Reported(line: line, id: receipt.id, state: "rejected", error: receipt.problem)
        case .unreadable:
            return Reported(line: line, state: "failed", error: "the stored event could not be read back")
        case .duplicate: state = "duplicate"
        case .stored(let stored): state = stored.rawValue
        }
        let throttledUntil = receipt.stored.flatMap { stored in
            stored.state == .pending ? stored.throttledUntil.flatMap { $0 > now ? $0 : nil } : nil
        }
        return Reported(
            line: line, id: receipt.id, state: state, operation: receipt.stored?.operation?.rawValue,
            ticketId: receipt.ticket?.ticketID, ticketNumber: receipt.ticket?.ticketNumber, error: receipt.problem,
            retryable: receipt.stored.map { $0.state == .failed && $0.retryable } ?? false,
            coalescedInto: receipt.stored?.state == .delivered ? receipt.stored?.coalescedInto : nil,
            throttledUntil: throttledUntil?.ISO8601Format(),
            drift: receipt.stored.flatMap { $0.state == .delivered ? $0.reason : nil })
    }

    private func printSummary(_ report: [Reported]) {
        print(Self.summary(report).joined(separator: "\n"))
    }

    /// The human summary: one line of counts, then a line for each event that did not go through.
    /// Events waiting for the PSA's rate budget are counted as such, apart from the others still
    /// waiting; repeats carried by another event's note as coalesced.
    static func summary(_ report: [Reported]) -> [String] {
        var counts: [String: Int] = [:]
        for item in report {
            counts[item.state == "pending" && item.throttledUntil != nil ? "throttled" : item.state, default: 0] += 1
        }
        var operations: [String: Int] = [:]
        for item in report where item.state == "delivered" {
            operations[item.coalescedInto == nil ? item.operation ?? "none" : "coalesced", default: 0] += 1
        }
        let done = [
            "create": "created", "note": "noted", "reopen": "reopened", "resolve": "resolved", "cancel": "cancelled",
            "coalesced": "coalesced into another event's note",
        ]
        let detail = ["create", "note", "coalesced", "reopen", "resolve", "cancel"].compactMap { op in
            operations[op].map { "\($0) \(done[op]!)" }
        }
        var parts = [
            "\(counts["delivered", default: 0]) delivered"
                + (detail.isEmpty ? "" : " (\(detail.joined(separator: ", ")))")
        ]
        let latestWait = report.compactMap(\.throttledUntil).max()
        for state in [
            "folded", "acknowledged", "suppressed", "skipped", "duplicate", "throttled", "pending", "held", "failed",
            "rejected",
        ] {
            guard let count = counts[state] else { continue }
            switch state {
            case "throttled":
                parts.append("\(count) waiting for the PSA's rate limit (until \(Self.clock(latestWait)))")
            case "pending": parts.append("\(count) still waiting")
            case "held": parts.append("\(count) held until their accounts are remapped")
            case "folded": parts.append("\(count) folded into a storm ticket")
            case "acknowledged": parts.append("\(count) acknowledged (counted, no note)")
            case "suppressed": parts.append("\(count) suppressed by maintenance")
            default: parts.append("\(count) \(state)")
            }
        }
        var lines = ["\(report.count) event\(report.count == 1 ? "" : "s"): \(parts.joined(separator: ", "))."]
        for item in report where item.state == "delivered" {
            guard let drift = item.drift else { continue }
            let id = item.id.map { " \(TerminalSafeText.escaped($0))" } ?? ""
            lines.append("  line \(item.line)\(id): \(TerminalSafeText.escaped(drift))")
        }
        let quiet: Set = ["delivered", "duplicate", "folded", "acknowledged"]
        for item in report where !quiet.contains(item.state) {
            let id = item.id.map { " \(TerminalSafeText.escaped($0))" } ?? ""
            let later = item.retryable ? " (retried once the PSA answers again)" : ""
            if let until = item.throttledUntil, item.state == "pending" {
                // Its last error says the same.
                lines.append("  line \(item.line)\(id) waiting for the PSA's rate limit until \(Self.clock(until))")
                continue
            }
            let why = item.error.map { ": \(TerminalSafeText.escaped($0))" } ?? ""
            lines.append("  line \(item.line)\(id) \(item.state)\(later)\(why)")
        }
        if counts["suppressed"] != nil {
            lines.append(
                "Suppressed events open their tickets when the window ends if they are still firing "
                    + "(`psalink maintenance list`).")
        }
        if counts["held"] != nil {
            lines.append(
                "Held events wait until their accounts are remapped (`psalink mapping set`) or broken-mapping changes.")
        }
        if counts["pending"] != nil || counts["throttled"] != nil {
            lines.append(
                "Waiting events stay in the outbox; the next `psalink events send` or `psalink serve` delivers them.")
        }
        return lines
    }

    /// "10:04:31 UTC" from an ISO 8601 time, as `integration list` says it.
    private static func clock(_ iso: String?) -> String {
        guard let iso, let date = ISO8601DateFormatter().date(from: iso) else { return "?" }
        return IntegrationListCommand.time(date)
    }
}
