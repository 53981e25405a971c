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
            Exit status 1 when any event was refused, failed or is still waiting.
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

        /// Every key is written, null included, so that scripts can rely on it.
        enum CodingKeys: String, CodingKey { case line, id, state, operation, ticketId, ticketNumber, error }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(line, forKey: .line)
            try container.encode(id, forKey: .id)
            try container.encode(state, forKey: .state)
            try container.encode(operation, forKey: .operation)
            try container.encode(ticketId, forKey: .ticketId)
            try container.encode(ticketNumber, forKey: .ticketNumber)
            try container.encode(error, forKey: .error)
        }
    }

    func run() async throws {
        let data = try InputFile.read(file)
        let parsed = EventParser.parseLines(data)
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let events = parsed.compactMap { try? $0.result.get() }
        let intake = try access.run { store in try EventIntake(store: store).accept(events) }

        let client = connection.client
        let worker = DeliveryWorker(store: access.store, options: connection.deliveryOptions) {
            PSAConnectors.make($0, client: client)
        }
        await worker.drain(until: Date().addingTimeInterval(TimeInterval(wait)))

        let seqs = intake.compactMap { result -> Int64? in
            if case .accepted(let stored) = result { return stored.seq }
            return nil
        }
        let stored = Dictionary(
            try access.run { try $0.events(seqs: seqs) }.map { ($0.seq, $0) }, uniquingKeysWith: { a, _ in a })
        let tickets = try access.run { store in
            try Set(stored.values.compactMap(\.ticketRow)).reduce(into: [Int64: TrackedTicket]()) { found, row in
                found[row] = try store.trackedTicket(row: row)
            }
        }
        var report: [Reported] = []
        var accepted = intake.makeIterator()
        for (line, result) in parsed {
            switch result {
            case .failure(let rejection):
                report.append(
                    Reported(line: line, id: rejection.eventID, state: "rejected", error: rejection.description))
            case .success(let event):
                switch accepted.next() {
                case .refused(let reason)?:
                    report.append(Reported(line: line, id: event.id, state: "rejected", error: reason))
                case .accepted(let result)?:
                    report.append(Self.reported(line: line, result: result, stored: stored, tickets: tickets))
                case nil:
                    break
                }
            }
        }
        if json {
            try JSONOutput.print(["events": report])
        } else {
            printSummary(report)
        }
        if report.contains(where: { ["rejected", "failed", "pending"].contains($0.state) }) { throw ExitCode(1) }
    }

    static func reported(
        line: Int, result: Store.IngestResult, stored: [Int64: StoredEvent], tickets: [Int64: TrackedTicket]
    ) -> Reported {
        guard let event = stored[result.seq] else {
            return Reported(line: line, state: "failed", error: "the stored event could not be read back")
        }
        let ticket = event.ticketRow.flatMap { tickets[$0] }
        var state = event.state.rawValue
        if case .duplicate = result { state = "duplicate" }
        return Reported(
            line: line, id: event.event.id, state: state, operation: event.operation?.rawValue,
            ticketId: ticket?.ticketID, ticketNumber: ticket?.ticketNumber,
            error: event.lastError ?? (event.state == .skipped ? event.reason : nil))
    }

    private func printSummary(_ report: [Reported]) {
        var counts: [String: Int] = [:]
        for item in report { counts[item.state, default: 0] += 1 }
        var operations: [String: Int] = [:]
        for item in report where item.state == "delivered" { operations[item.operation ?? "none", default: 0] += 1 }
        let done = [
            "create": "created", "note": "noted", "reopen": "reopened", "resolve": "resolved", "cancel": "cancelled",
        ]
        let detail = ["create", "note", "reopen", "resolve", "cancel"].compactMap { op in
            operations[op].map { "\($0) \(done[op]!)" }
        }
        var parts = [
            "\(counts["delivered", default: 0]) delivered"
                + (detail.isEmpty ? "" : " (\(detail.joined(separator: ", ")))")
        ]
        for state in ["skipped", "duplicate", "pending", "failed", "rejected"] {
            if let count = counts[state] { parts.append("\(count) \(state == "pending" ? "still waiting" : state)") }
        }
        print("\(report.count) event\(report.count == 1 ? "" : "s"): \(parts.joined(separator: ", ")).")
        for item in report where item.state != "delivered" && item.state != "duplicate" {
            let id = item.id.map { " \(TerminalSafeText.escaped($0))" } ?? ""
            let why = item.error.map { ": \(TerminalSafeText.escaped($0))" } ?? ""
            print("  line \(item.line)\(id) \(item.state)\(why)")
        }
        if counts["pending"] != nil {
            print("Waiting events stay in the outbox; the next `psalink events send` or `psalink serve` delivers them.")
        }
    }
}
