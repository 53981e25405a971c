import Foundation
import PSACore
import TerminalUI
import Testing

@testable import Wizard

/// Events that wait for the PSA's rate budget, and repeats coalesced into another event's note,
/// as the Tickets screen shows them.
extension TicketsBrowserTests {

    @Test func anEventWaitingForTheBudgetSaysUntilWhenAndACoalescedOneWhereItWent() {
        let until = Self.now.addingTimeInterval(240)
        var waiting = Self.event(20, state: .pending)
        waiting.throttledUntil = until
        let row = HistoryRow(waiting, now: Self.now)
        #expect(row.delivery == "waiting" && row.deliveryRole == .warning)
        #expect(row.error == "waiting for rate limit until \(utcClock(until))")
        // A wait that is over is an ordinary pending event.
        let over = HistoryRow(waiting, now: until.addingTimeInterval(1))
        #expect(over.delivery == "pending" && over.deliveryRole == nil && over.error.isEmpty)

        var coalesced = Self.event(21, state: .delivered)
        coalesced.coalescedInto = "evt-7f3a"
        let carried = HistoryRow(coalesced, now: Self.now)
        #expect(carried.delivery == "coalesced" && carried.error == "coalesced into evt-7f3a")
    }

    @Test func aDeliveredEventSaysWhatPsalinkFoundInThePSA() {
        var replaced = Self.event(22, state: .delivered)
        replaced.reason = "ticket #T-1 was deleted in the PSA; opened a new ticket"
        #expect(HistoryRow(replaced, now: Self.now).error == "ticket #T-1 was deleted in the PSA; opened a new ticket")
        replaced.reason = "ticket #\u{1b}[2J was deleted in the PSA"
        #expect(!HistoryRow(replaced, now: Self.now).error.contains("\u{1b}"))
    }

    @Test func theListSaysWhichTicketWaitsAndWidensItsStateColumnOnlyThen() {
        var browser = TicketsBrowser(integration: integration, session: 1)
        browser.show(Self.snapshot)
        let usual = browser.table.columns[0].width
        #expect(usual == .fixed(6))

        let until = Self.now.addingTimeInterval(300)
        var snapshot = Self.snapshot
        // Key 1 waits (its ticket is open); key 3's ticket failed, which it says first.
        snapshot.budgetWaits = ["key-1": until, "key-3": until]
        browser.show(snapshot)
        let rows = browser.table.rows
        #expect(rows.map(\.state) == ["waiting until \(utcClock(until))", "closed", "failed", "failed"])
        #expect(rows.map(\.stateRole) == [.warning, nil, .error, .error])
        #expect(browser.table.columns[0].width == .fixed(DisplayWidth.columns(of: rows[0].state)))
        // Still an open ticket for the filters.
        var filtered = browser
        press(.character("f"), &filtered)
        #expect(shownRows(filtered) == [1])

        browser.show(Self.snapshot)
        #expect(browser.table.columns[0].width == usual)
    }

    @Test func theScreenShowsTheWaitingAndCoalescedEventsOfATicket() throws {
        let seeded = try Self.seeded()
        defer { try? FileManager.default.removeItem(at: seeded.folder) }
        let store = seeded.store
        let ticket = try #require(try store.trackedTickets().first { $0.ticketNumber == "T-5001" })
        func firing(_ id: String) -> (NotificationEvent, RoutingDecision) {
            (
                NotificationEvent(
                    id: id, accountID: nil, condition: .init(id: "cond", type: .task), severity: .high,
                    state: .firing, target: "k1", title: "Scaling failed"),
                RoutingDecision(
                    integrationID: seeded.id, queueID: nil, settings: TicketSettings(),
                    outcome: .ticket(companyID: "101", viaFallback: false), dedupeKey: "k1")
            )
        }
        let seqs = try store.ingest([firing("evt-note"), firing("evt-repeat"), firing("evt-later")]).map(\.seq)
        // The note carries the repeat; the later one waits for the PSA's budget.
        try store.finishDelivery(
            of: seqs[0], Store.DeliveryOutcome(state: .delivered, operation: .note, coalesced: [seqs[1]]),
            ticket: ticket)
        let until = Date().addingTimeInterval(600)
        try store.finishDelivery(
            of: seqs[2], Store.DeliveryOutcome(state: .pending, countsAsAttempt: false, throttledUntil: until),
            ticket: nil)
        let clock = utcClock(until)

        var (app, _) = openApp(seeded)
        var buffer = render(app)
        let waitingRow = try #require(buffer.lines.firstIndex { $0.contains("T-5001") })
        #expect(buffer.lines[waitingRow].contains("waiting until \(clock)"))
        let failedRow = try #require(buffer.lines.firstIndex { $0.contains("failed") && $0.contains("Evil") })
        // Highlight the failed ticket: the waiting one's state is in the warning role.
        if failedRow > waitingRow { _ = app.update(.input(.key(.down))) }
        buffer = render(app)
        #expect(buffer[1, waitingRow].role == .warning)
        #expect(buffer[1, failedRow].role == .focus)
        for line in buffer.lines { #expect(DisplayWidth.columns(of: line) <= 80) }

        // Its detail: the state line says until when, and the history each event's part.
        _ = app.update(.input(.key(failedRow > waitingRow ? .up : .down)))
        _ = app.update(.input(.key(.enter)))
        buffer = render(app)
        #expect(buffer.lines.contains { $0.contains("State: open · waiting for rate limit until \(clock) UTC") })
        let repeatLine = try #require(buffer.lines.firstIndex { $0.contains("coalesced into evt-note") })
        #expect(buffer.lines[repeatLine].contains("coalesced"))
        // At 80 columns the note is cut; the line under the history gives it whole.
        let laterLine = try #require(
            buffer.lines.firstIndex { $0.contains("firing") && $0.contains(" waiting ") })
        #expect(
            buffer.lines[laterLine].contains("waiting for rate limit") && !buffer.lines[laterLine].contains("pending"))
        #expect(buffer.lines.contains { $0.contains("Event \(seqs[2]): waiting for rate limit until \(clock)") })
        let deliveryX = try #require(buffer.lines[laterLine].range(of: "waiting")).lowerBound.utf16Offset(
            in: buffer.lines[laterLine])
        // The latest event (the waiting one) is highlighted; the cell of another row keeps its role.
        #expect(buffer[deliveryX, laterLine].role == .focus)
        _ = app.update(.input(.key(.up)))
        buffer = render(app)
        #expect(buffer[deliveryX, laterLine].role == .warning)
    }
}
