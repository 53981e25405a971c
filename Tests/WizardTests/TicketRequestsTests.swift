import Foundation
import PSACore
import Testing

@testable import TerminalUI
@testable import Wizard

/// The Requests section of a ticket's detail: the PSA requests of its deliveries, read with the
/// detail from the store, one line each at 80x24, with Tab moving the cursor into them.
@Suite struct TicketRequestsTests {
    let screens = TicketsBrowserTests()

    /// The open ticket's row (T-5001) in the seeded store, with `count` requests saved for its
    /// event, oldest first: every third got a 503 with an escape sequence in its error, every
    /// fifth no answer.
    static func withRequests(_ seeded: TicketsBrowserTests.Seeded, count: Int) throws -> Int64 {
        let ticket = try #require(try seeded.store.trackedTickets().first { $0.ticketNumber == "T-5001" })
        let seq = try #require(try seeded.store.events(ofTicket: ticket.row).first?.seq)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let records = (0..<count).map { index in
            let status: Int? = index % 5 == 4 ? nil : index % 3 == 2 ? 503 : 201
            let failure: String? =
                status == nil ? "timed out after 30 s" : status == 503 ? "Service \u{1B}[31mUnavailable \(index)" : nil
            return PSARequestRecord(
                method: "POST", path: "/api/Tickets/\(index)", host: "127.0.0.1:9", status: status, failure: failure,
                startedAt: start.addingTimeInterval(TimeInterval(index)), duration: .milliseconds(100 + index))
        }
        try seeded.store.saveRequests(records, ofEvent: seq, ticketRow: ticket.row, integrationID: seeded.id)
        return ticket.row
    }

    /// The app on the open ticket's detail.
    func openDetail(_ seeded: TicketsBrowserTests.Seeded) -> WizardApp {
        var (app, _) = screens.openApp(seeded)
        // Newest change first: the failed ticket, then the open one.
        _ = app.update(.input(.key(.down)))
        _ = app.update(.input(.key(.enter)))
        return app
    }

    @Test func theDetailListsTheNewestRequestsOneLineEachWithinTheScreen() throws {
        let seeded = try TicketsBrowserTests.seeded()
        defer { try? FileManager.default.removeItem(at: seeded.folder) }
        _ = try Self.withRequests(seeded, count: 6)
        let app = openDetail(seeded)
        let buffer = screens.render(app)
        let lines = buffer.lines
        #expect(lines[0].contains("T-5001"))
        let title = try #require(lines.firstIndex { $0.contains("PSA requests, newest first (6)") })
        let history = try #require(lines.firstIndex { $0.contains("Received") && $0.contains("Delivery") })
        #expect(history < title)
        #expect(lines[title + 1].contains("Method") && lines[title + 1].contains("Status"))
        #expect(lines[title + 1].contains("Took") && lines[title + 1].contains("Path"))
        // Newest first: request 5 (a 503), then 4 (no answer), then 3.
        let rows = Array(lines[(title + 2)...])
        let newest = try #require(rows.first)
        #expect(newest.contains("POST") && newest.contains("503") && newest.contains("105 ms"))
        #expect(newest.contains("/api/Tickets/5") && newest.contains("Service \\e[31m"))
        #expect(newest.contains("01-15 08:00:05"))
        #expect(rows[1].contains("no answer") && rows[1].contains("/api/Tickets/4") && rows[1].contains("timed out"))
        #expect(rows[2].contains("201") && rows[2].contains("/api/Tickets/3"))
        // A failed request's status in the error role, a success's not.
        let statusX = try #require(lines[title + 1].range(of: "Status")).lowerBound.utf16Offset(in: lines[title + 1])
        #expect(buffer[statusX, title + 3].role == .error)
        #expect(buffer[statusX, title + 4].role != .error)
        #expect(!lines.joined().contains("\u{1B}"))
        for line in lines { #expect(DisplayWidth.columns(of: line) <= 80) }
        #expect(lines[23].contains("Esc Back"))
    }

    @Test func tabMovesTheCursorIntoTheRequestsWhichScrollAndShowTheirWholeError() throws {
        let seeded = try TicketsBrowserTests.seeded()
        defer { try? FileManager.default.removeItem(at: seeded.folder) }
        // More than the store keeps per ticket: the detail shows what is kept.
        _ = try Self.withRequests(seeded, count: 60)
        var app = openDetail(seeded)
        var lines = screens.render(app).lines
        let title = try #require(lines.firstIndex { $0.contains("PSA requests, newest first (50)") })
        #expect(lines[title].contains("Tab moves here"))
        // The room the history does not need, and no more than the screen has.
        let shown = lines[(title + 2)...].filter { $0.contains("/api/Tickets/") }
        #expect(shown.count >= 8 && shown.count < 50)
        #expect(!lines.contains { $0.contains("/api/Tickets/9 ") })

        _ = app.update(.input(.key(.tab)))
        lines = screens.render(app).lines
        #expect(!lines[title].contains("Tab moves here"))
        // The highlighted request, the newest (59, no answer), in full under the tables.
        #expect(lines.contains { $0.contains("POST /api/Tickets/59: timed out after 30 s") })
        _ = app.update(.input(.key(.end)))
        lines = screens.render(app).lines
        #expect(lines.contains { $0.contains("/api/Tickets/10 ") || $0.hasSuffix("/api/Tickets/10") })
        #expect(lines.contains { $0.hasPrefix(" POST /api/Tickets/10") })
        for line in lines { #expect(DisplayWidth.columns(of: line) <= 80) }

        // Back to the history: its highlighted event shows again.
        _ = app.update(.input(.key(.tab)))
        lines = screens.render(app).lines
        #expect(lines[title].contains("Tab moves here"))
        #expect(!lines.contains { $0.contains("POST /api/Tickets/") })
    }

    @Test func aTicketWithoutRequestsSaysSoAndTabStaysOnTheHistory() throws {
        let seeded = try TicketsBrowserTests.seeded()
        defer { try? FileManager.default.removeItem(at: seeded.folder) }
        var app = openDetail(seeded)
        var lines = screens.render(app).lines
        let title = try #require(lines.firstIndex { $0.contains("PSA requests, newest first") })
        #expect(!lines[title].contains("Tab"))
        #expect(lines[(title + 1)...].contains { $0.contains("No PSA request of this ticket is recorded") })
        _ = app.update(.input(.key(.tab)))
        lines = screens.render(app).lines
        #expect(lines.contains { $0.contains("No PSA request of this ticket is recorded.") })
    }
}
