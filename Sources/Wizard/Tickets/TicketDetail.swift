import Foundation
import PSACore
import TerminalUI

/// One event in a ticket's history, as the detail shows it; texts made safe here.
struct HistoryRow: Sendable {
    var seq: Int64
    var time: String
    var event: String
    var operation: String
    var delivery: String
    var attempts: String
    var error: String
    var isFailed: Bool
    /// Pending, and waiting for the PSA's rate budget until then.
    var waitingUntil: Date?

    /// An event that waits for the rate budget says so ("waiting", and until when); a repeat
    /// that another event's note carried says which ("coalesced", into which event).
    init(_ stored: StoredEvent, now: Date = Date()) {
        seq = stored.seq
        time = HistoryRow.time(stored.receivedAt)
        event = stored.event.state.rawValue
        operation = stored.operation?.rawValue ?? "—"
        delivery = stored.state.rawValue
        attempts = "\(stored.attempts)"
        // A delivered event's reason says what psalink found in the PSA ("ticket #12 was deleted
        // in the PSA; opened a new ticket").
        // An acknowledged, suppressed, folded or held event says why it made no change.
        let explained: Set<StoredEvent.State> = [.skipped, .delivered, .acknowledged, .suppressed, .folded, .held]
        var why = stored.lastError ?? (explained.contains(stored.state) ? stored.reason : nil) ?? ""
        if stored.state == .pending, let until = stored.throttledUntil, until > now {
            waitingUntil = until
            delivery = "waiting"
            // Its last error, if any, is the wait itself.
            why = "waiting for rate limit until \(Timestamp.clock(until))"
        } else if stored.state == .delivered, let into = stored.coalescedInto {
            delivery = "coalesced"
            why = "coalesced into \(into)"
        }
        error = TerminalSafeText.escaped(why)
        isFailed = stored.state == .failed
    }

    /// The Delivery cell's role: failed in red (`TicketsView.markFailed`), waiting as a warning.
    var deliveryRole: Role? { waitingUntil == nil ? nil : .warning }

    /// "2026-11-29 10:00" in UTC, as `Timestamp` without the zone.
    static func time(_ date: Date) -> String {
        String(Timestamp.text(date).dropLast(4))
    }
}

/// A ticket's fields, history and PSA requests, with a cursor over the history or the requests.
struct TicketDetail {
    enum Command: Hashable, Sendable {
        case retry, reload, acknowledge, switchTable, help, back
    }

    /// The table the cursor keys move.
    enum Focus: Sendable {
        case history, requests
    }

    static let keyMap = KeyMap<Command>([
        KeyBinding(
            [.character("R")], .retry, "Retry the highlighted failed event, else the latest failed one",
            hint: "Retry"),
        KeyBinding([.character("r")], .reload, "Read the ticket again", hint: "Reload"),
        KeyBinding(
            [.character("k")], .acknowledge,
            "Acknowledge the ticket until a time (repeats add no notes), or end its acknowledgement", hint: "Ack"),
        KeyBinding(
            [.tab, .backTab], .switchTable, "Move between the history and the PSA requests", hint: "Requests"),
        KeyBinding([.escape], .back, "Back to the tickets (a retry keeps running)", hint: "Back"),
        KeyBinding([.character("?"), .function(1)], .help, "Help: every key", hint: "Help"),
    ])

    static let columns: [TableColumn<HistoryRow>] = [
        TableColumn("Received", width: .fixed(16), text: { $0.time }),
        TableColumn("Event", width: .fixed(9), text: { $0.event }),
        TableColumn("Change", width: .fixed(7), text: { $0.operation }),
        {
            var delivery = TableColumn<HistoryRow>("Delivery", width: .fixed(9), text: { $0.delivery })
            delivery.role = { $0.deliveryRole }
            return delivery
        }(),
        TableColumn("Tries", width: .fixed(5), alignment: .trailing, text: { $0.attempts }),
        TableColumn("Error / note", width: .fill(1), text: { $0.error }),
    ]

    let ticket: TrackedTicket
    let row: TicketRow
    var history: TableState<HistoryRow>
    /// The PSA requests of the ticket's deliveries, newest first.
    var requests: TableState<RequestRow>
    var focus = Focus.history
    /// When it was read: an acknowledgement is shown as in force or ended against it.
    let now: Date

    init(
        ticket: TrackedTicket, events: [StoredEvent], requests: [RequestLogEntry] = [], companyNames: [String: String],
        now: Date = Date()
    ) {
        self.ticket = ticket
        self.now = now
        let rows = events.map { HistoryRow($0, now: now) }
        row = TicketRow(
            ticket, companyNames: companyNames, now: now, waitingUntil: rows.compactMap(\.waitingUntil).max())
        history = TableState(columns: Self.columns, rows: rows)
        self.requests = TableState(columns: RequestRow.columns, rows: requests.map(RequestRow.init))
        // The latest event is the one a person looks at first.
        if !events.isEmpty { history.select(row: events.count - 1) }
    }

    /// The highlighted event when it failed, else the latest failed one.
    var retryTarget: Int64? {
        if let selected = history.selectedItem, selected.isFailed { return selected.seq }
        return history.rows.last(where: \.isFailed)?.seq
    }

    var title: String {
        let number = ticket.ticketNumber ?? ticket.ticketID
        return "Ticket " + (number.map { TerminalSafeText.escaped($0) } ?? "not created")
    }

    /// The fields, one line each.
    var fields: [String] {
        let companyID = TerminalSafeText.escaped(ticket.companyID)
        let customer = row.customer == "#" + companyID ? row.customer : "\(row.customer) (#\(companyID))"
        return [
            "State: \(state)\(ticket.isTest ? " · test ticket" : "") · customer \(customer)"
                + (ticket.accountID.map { " · account " + TerminalSafeText.escaped($0) } ?? ""),
            "Title: \(TerminalSafeText.escaped(ticket.title))",
            "Queue: \(row.queue) · PSA ticket id \(TerminalSafeText.escaped(ticket.ticketID ?? "—"))"
                + " · number \(TerminalSafeText.escaped(ticket.ticketNumber ?? "—"))",
            "Created \(Timestamp.text(ticket.createdAt)) · changed \(Timestamp.text(ticket.updatedAt))"
                + (ticket.closedAt.map { " · closed \(Timestamp.text($0))" } ?? ""),
        ] + (ticket.acknowledgement.map { AckText.lines($0, now: now) } ?? [])
    }

    /// "open", or "open · waiting for rate limit until 10:04 UTC", with what became of the ticket
    /// in the PSA: "closed · deleted in the PSA", "open · replaces #123", "open · #120 merged into it".
    var state: String {
        var parts = [ticket.listState.rawValue]
        if ticket.gone == .deleted { parts.append("deleted in the PSA") }
        if let earlier = ticket.replaces { parts.append("replaces #\(TerminalSafeText.escaped(earlier))") }
        if let merged = ticket.mergedFrom { parts.append("#\(TerminalSafeText.escaped(merged)) merged into it") }
        if let until = row.waitingUntil { parts.append("waiting for rate limit until \(Timestamp.clock(until)) UTC") }
        return parts.joined(separator: " · ")
    }

    var lastError: String? { ticket.lastError.map { "Last error: " + TerminalSafeText.escaped($0) } }
}
