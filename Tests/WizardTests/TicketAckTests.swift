import Foundation
import PSACore
import TerminalUI
import Testing

@testable import Wizard

/// `k` on the Tickets screen: the prompt as state, then through the wizard over a real store
/// at 80x24 (saved, refused in place with nothing saved, ended), and the maintenance line.
@Suite struct TicketAckTests {
    typealias Base = TicketsBrowserTests
    let layout = TicketsLayout(size: Size(width: 80, height: 24), notice: nil)

    func browser(_ snapshot: TicketsSnapshot = Base.snapshot) -> TicketsBrowser {
        var browser = TicketsBrowser(
            integration: Integration(id: 1, system: .connectwise, displayName: "CW"), session: 1)
        browser.show(snapshot)
        return browser
    }

    @discardableResult
    func send(_ event: InputEvent, _ browser: inout TicketsBrowser) -> TicketsBrowser.Effect {
        browser.handle(event, layout: layout)
    }

    static func acknowledged(_ ticket: TrackedTicket, until: Date, repeats: Int = 0) -> TrackedTicket {
        var ticket = ticket
        ticket.acknowledgement = TicketAcknowledgement(
            until: until, reason: "vendor fix", by: "ann", at: Base.now, repeats: repeats)
        return ticket
    }

    @Test func kOnAnOpenTicketAsksUntilWhenAndWhy() {
        var browser = browser()
        #expect(send(.key(.character("k")), &browser) == .none)
        guard case .prompt(let prompt)? = browser.ack else {
            Issue.record("no prompt")
            return
        }
        #expect(prompt.rows.text(.until).text == "4h" && prompt.label == "#1001")
        #expect(browser.takesText)
        #expect(browser.hints.map(\.label) == ["Save", "Next", "Cancel"])
        // Enter on the until field goes on to the empty reason first.
        #expect(send(.key(.enter), &browser) == .none)
        send(.text("vendor fix due"), &browser)
        #expect(send(.key(.enter), &browser) == .acknowledge(row: 1, until: "4h", reason: "vendor fix due"))
        // Refused: the problem under its field, the prompt stays, nothing else changes.
        #expect(browser.ackFinished(.failure(AckFailure(field: .until, message: "That time has passed"))) == .none)
        guard case .prompt(let refused)? = browser.ack else {
            Issue.record("the prompt closed")
            return
        }
        #expect(refused.rows.errors[.until] == "That time has passed")
        #expect(refused.rows.focus.focused == .field(.until))
        let saved = TicketAcknowledgement(
            until: Base.now.addingTimeInterval(3_600), reason: "r", by: "ann", at: Base.now)
        #expect(browser.ackFinished(.success(saved)) == .reload)
        #expect(browser.ack == nil)
        #expect(browser.notice?.text.contains("Ticket #1001 acknowledged until 2027-01-15 09:00 UTC") == true)
    }

    @Test func escLeavesThePromptAndOnlyAnOpenTicketIsAcknowledged() {
        var browser = browser()
        send(.key(.character("k")), &browser)
        #expect(send(.key(.escape), &browser) == .none)
        #expect(browser.ack == nil)
        send(.key(.down), &browser)
        send(.key(.character("k")), &browser)
        #expect(browser.ack == nil)
        #expect(browser.notice?.text == "Ticket #1002 is closed; only an open ticket can be acknowledged.")
    }

    @Test func kOnAnAcknowledgedTicketOffersToEndIt() {
        var snapshot = Base.snapshot
        snapshot.tickets[0] = Self.acknowledged(snapshot.tickets[0], until: Base.now.addingTimeInterval(5_400))
        var browser = browser(snapshot)
        #expect(browser.table.rows[0].state == "ack until 09:30")
        send(.key(.character("k")), &browser)
        guard case .confirmEnd(let ticket, _)? = browser.ack else {
            Issue.record("no question")
            return
        }
        #expect(ticket.row == 1)
        #expect(browser.hints.map(\.key) == ["y", "n"])
        #expect(send(.key(.character("n")), &browser) == .none)
        #expect(browser.ack == nil)
        send(.key(.character("k")), &browser)
        #expect(send(.key(.character("y")), &browser) == .unacknowledge(row: 1))
        #expect(browser.unackFinished(.success(3)) == .reload)
        #expect(browser.notice?.text == "Acknowledgement of #1001 ended; 3 repeats will be summed in one note.")
    }

    @Test func theListAndTheDetailSayWhoWhyUntilWhenAndTheRepeats() {
        let now = Base.now
        let soon = TicketRow(
            Self.acknowledged(Base.ticket(1), until: now.addingTimeInterval(600)), companyNames: [:], now: now)
        #expect(soon.state == "ack until 08:10" && soon.stateRole == .disabled)
        let later = TicketRow(
            Self.acknowledged(Base.ticket(1), until: now.addingTimeInterval(3 * 86_400)), companyNames: [:], now: now)
        #expect(later.state == "ack until 01-18")
        let ended = TicketRow(Self.acknowledged(Base.ticket(1), until: now), companyNames: [:], now: now)
        #expect(ended.state == "open")

        var ticket = Self.acknowledged(Base.ticket(1), until: now.addingTimeInterval(600), repeats: 2)
        ticket.acknowledgement?.reason = "vendor\u{1B}[2J fix"
        let detail = TicketDetail(ticket: ticket, events: [], companyNames: [:], now: now)
        #expect(
            detail.fields.suffix(2) == [
                "Acknowledged until 2027-01-15 08:10 UTC by ann · 2 repeats counted", "Why: vendor\\e[2J fix",
            ])
        let over = TicketDetail(ticket: ticket, events: [], companyNames: [:], now: now.addingTimeInterval(900))
        #expect(
            over.fields.count == 5
                && over.fields[4] == "Acknowledgement ended 2027-01-15 08:10 UTC; 2 repeats to be summed in one note")
    }

    @Test func suppressedKeysAreOneLineUnderTheList() {
        var snapshot = Base.snapshot
        snapshot.suppressed = [
            SuppressedKey(
                dedupeKey: "k1", integrationID: 1, accountID: "acc-1", title: "Disk full\u{1B}[2J", windowID: 1,
                windowReason: "patch night", since: Base.now, count: 3),
            SuppressedKey(
                dedupeKey: "k2", integrationID: 1, accountID: nil, title: "", windowID: 1, windowReason: nil,
                since: Base.now, count: 1),
        ]
        let browser = browser(snapshot)
        #expect(
            browser.suppressedSummary
                == "Suppressed now by maintenance: 2 alerts, 4 events · Disk full\\e[2J ×3 · k2 ×1")
        let layout = TicketsLayout(size: Size(width: 80, height: 24), notice: nil, suppressed: true)
        var buffer = ScreenBuffer(size: Size(width: 80, height: 24))
        TicketsView(browser: browser, layout: layout).render(in: layout.content, into: &buffer)
        let line = buffer.lines[layout.suppressedLine.y]
        #expect(line.contains("Suppressed now by maintenance: 2 alerts"))
        #expect(layout.suppressedLine.maxY <= 22 && layout.table.maxY == layout.suppressedLine.y)
        #expect(self.browser().suppressedSummary == nil)
    }

    // MARK: Through the wizard, over a real store

    func lines(_ app: WizardApp) -> [String] {
        var buffer = ScreenBuffer(size: Size(width: 80, height: 24))
        app.render(into: &buffer)
        return buffer.lines
    }

    @Test func kSavesThroughTheStoreRefusesInPlaceAndEnds() throws {
        let seeded = try Base.seeded()
        defer { try? FileManager.default.removeItem(at: seeded.folder) }
        var (app, _) = Base().openApp(seeded)
        #expect(lines(app)[23].contains("k Ack"))
        _ = app.update(.input(.key(.down)))
        let row = try #require(try seeded.store.latestTicket(forKey: "k1").latest?.row)

        // A time that has passed: shown under the field, nothing saved.
        _ = app.update(.input(.key(.character("k"))))
        #expect(lines(app).contains { $0.contains("Acknowledge #T-5001") })
        _ = app.update(.input(.key(.control("u"))))
        _ = app.update(.input(.text("2020-01-01T00:00:00Z")))
        _ = app.update(.input(.key(.tab)))
        _ = app.update(.input(.text("vendor fix due")))
        _ = app.update(.input(.key(.enter)))
        #expect(lines(app).contains { $0.contains("✗ That time has passed") })
        #expect(try seeded.store.trackedTicket(row: row)?.acknowledgement == nil)
        // Not a time at all; the focus is already on the field at fault.
        _ = app.update(.input(.key(.control("u"))))
        _ = app.update(.input(.text("tomorrow")))
        _ = app.update(.input(.key(.enter)))
        #expect(lines(app).contains { $0.contains("✗ Give a duration (30m, 4h, 2d)") })
        #expect(try seeded.store.trackedTicket(row: row)?.acknowledgement == nil)

        _ = app.update(.input(.key(.control("u"))))
        _ = app.update(.input(.text("2h")))
        _ = app.update(.input(.key(.enter)))
        let saved = try #require(try seeded.store.trackedTicket(row: row)?.acknowledgement)
        #expect(saved.reason == "vendor fix due" && saved.by == Store.actor)
        #expect(abs(saved.until.timeIntervalSinceNow - 7_200) < 60)
        var shown = lines(app)
        #expect(shown.contains { $0.contains("Ticket #T-5001 acknowledged until") })
        let listed = try #require(shown.first { $0.contains("T-5001") })
        #expect(listed.contains("ack until \(Timestamp.clock(saved.until))"))
        for line in shown { #expect(DisplayWidth.columns(of: line) <= 80) }
        #expect(try seeded.store.auditLog().first?.action == "ticket.ack")

        // The detail says who, why, until when and the repeats; k there ends it.
        _ = app.update(.input(.key(.enter)))
        shown = lines(app)
        #expect(shown.contains { $0.contains("Acknowledged until") && $0.contains("0 repeats counted") })
        _ = app.update(.input(.key(.character("k"))))
        #expect(lines(app).contains { $0.contains("End the acknowledgement of #T-5001?") })
        _ = app.update(.input(.key(.character("y"))))
        #expect(try seeded.store.trackedTicket(row: row)?.acknowledgement == nil)
        shown = lines(app)
        #expect(shown.contains { $0.contains("Acknowledgement of #T-5001 ended.") })
        #expect(!shown.contains { $0.contains("Acknowledged until") })
        #expect(try seeded.store.auditLog().first?.action == "ticket.unack")
    }

    @Test func helpListsK() throws {
        let seeded = try Base.seeded()
        defer { try? FileManager.default.removeItem(at: seeded.folder) }
        var (app, _) = Base().openApp(seeded)
        _ = app.update(.input(.key(.character("?"))))
        #expect(lines(app).contains { $0.contains("Acknowledge the open ticket until a time") })
    }
}
