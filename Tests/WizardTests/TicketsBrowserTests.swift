import Foundation
import PSACore
import TerminalUI
import Testing

@testable import Wizard

/// A connector that refuses everything at once, so that a delivery fails without waiting.
private struct RefusingConnector: PSAConnector {
    var system: PSASystem { .halo }
    static let error = ConnectorError.rejected(field: nil, message: "the board is closed")
    func validate() async throws(ConnectorError) { throw Self.error }
    func companies(progress: @escaping @Sendable (CompanyProgress) -> Void) async throws(ConnectorError)
        -> CompanyListing
    { throw Self.error }
    func ticketChoices(for context: ChoiceContext) async throws(ConnectorError) -> TicketChoices { throw Self.error }
    func createTicket(_ draft: TicketDraft) async throws(ConnectorError) -> PSATicket { throw Self.error }
    func addNote(_ note: TicketNote, toTicket id: String) async throws(ConnectorError) { throw Self.error }
    func updateTicket(_ id: String, _ change: TicketChange) async throws(ConnectorError) { throw Self.error }
    func ticket(id: String) async throws(ConnectorError) -> PSATicket? { throw Self.error }
    func company(id: String) async throws(ConnectorError) -> PSACompany? { throw Self.error }
    func findTicket(externalReference: String, companyID: String) async throws(ConnectorError) -> PSATicket? {
        throw Self.error
    }
}

/// The Tickets screen: the browser as pure state (filters, cursor, detail, retry and test
/// ticket requests), then the wizard drawing it at 80x24 over a real store.
@Suite struct TicketsBrowserTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    let layout = TicketsLayout(size: Size(width: 80, height: 24), notice: nil)
    let integration = Integration(id: 1, system: .connectwise, displayName: "CW")

    static func ticket(
        _ row: Int64, state: TrackedTicket.State = .open, queue: String? = nil, lastError: String? = nil,
        number: String? = nil, company: String = "101", title: String = "Scaling failed", minutesAgo: Int = 5
    ) -> TrackedTicket {
        let created = now.addingTimeInterval(TimeInterval(-60 * minutesAgo))
        return TrackedTicket(
            row: row, integrationID: 1, dedupeKey: "key-\(row)", externalReference: "psalink:\(row)", queueName: queue,
            accountID: "acc-1", companyID: company, ticketID: "id-\(row)", ticketNumber: number ?? "\(1000 + row)",
            title: title, isTest: false, state: state, severity: nil, closedAt: nil, checkedAt: nil,
            createdByEvent: nil, lastError: lastError, createdAt: created, updatedAt: created)
    }

    static let snapshot = TicketsSnapshot(
        tickets: [
            ticket(1, minutesAgo: 5),
            ticket(2, state: .closed, queue: "Backups", minutesAgo: 180),
            ticket(3, state: .failed, queue: "backups", lastError: "board is closed", number: nil, minutesAgo: 3_000),
            ticket(4, queue: "Licenses", lastError: "note refused", minutesAgo: 50),
        ],
        queues: ["Backups", "Licenses"], companyNames: ["101": "Contoso Ltd"],
        accounts: [NerdioAccount(id: "acc-1", name: "Contoso", tenantID: "t")], now: now)

    func browser() -> TicketsBrowser {
        var browser = TicketsBrowser(integration: integration, session: 1)
        browser.show(Self.snapshot)
        return browser
    }

    @discardableResult
    func press(_ key: Key, _ browser: inout TicketsBrowser) -> TicketsBrowser.Effect {
        browser.handle(.key(key), layout: layout)
    }

    func shownRows(_ browser: TicketsBrowser) -> [Int64] { browser.table.rows.map(\.ticket.row) }

    static func event(
        _ seq: Int64, state: StoredEvent.State, event: NotificationEvent.State = .firing, error: String? = nil
    ) -> StoredEvent {
        StoredEvent(
            seq: seq,
            event: NotificationEvent(
                id: "e\(seq)", accountID: "acc-1", condition: .init(id: "c", type: .task), severity: nil,
                state: event, target: "t", title: "Scaling failed"), receivedAt: now, state: state, integrationID: 1,
            queueName: nil, companyID: "101", dedupeKey: "key-1", settings: TicketSettings(), reason: nil,
            operation: state == .failed ? nil : .create, ticketRow: 1, attempts: state == .failed ? 8 : 1,
            nextAttemptAt: nil, lastError: error, updatedAt: now)
    }

    // MARK: State

    @Test func rowsShowStateAgeCustomerQueueAndNumber() {
        let rows = browser().table.rows
        #expect(rows.map(\.state) == ["open", "closed", "failed", "failed"])
        #expect(rows.map(\.age) == ["5m", "3h", "2d", "50m"])
        #expect(rows[0].customer == "Contoso Ltd" && rows[0].queue == "default" && rows[0].number == "1001")
        // Without a number the PSA id stands in.
        let noNumber = TicketRow(
            TrackedTicket(
                row: 9, integrationID: 1, dedupeKey: "k", externalReference: "r", queueName: nil, accountID: nil,
                companyID: "999", ticketID: "555", ticketNumber: nil, title: "t", isTest: true, state: .open,
                severity: nil, closedAt: nil, checkedAt: nil, createdByEvent: nil, lastError: nil,
                createdAt: Self.now, updatedAt: Self.now), companyNames: [:], now: Self.now)
        #expect(noNumber.number == "555" && noNumber.customer == "#999" && noNumber.title.hasPrefix("[test]"))
    }

    @Test func fCyclesTheStateFilter() {
        var browser = browser()
        #expect(shownRows(browser) == [1, 2, 3, 4])
        press(.character("f"), &browser)
        #expect(browser.stateFilter == .open && shownRows(browser) == [1])
        press(.character("f"), &browser)
        #expect(browser.stateFilter == .closed && shownRows(browser) == [2])
        press(.character("f"), &browser)
        #expect(browser.stateFilter == .failed && shownRows(browser) == [3, 4])
        press(.character("f"), &browser)
        #expect(browser.stateFilter == .all && shownRows(browser) == [1, 2, 3, 4])
    }

    @Test func qCyclesTheQueuesIgnoringCaseAndCombinesWithTheState() {
        var browser = browser()
        press(.character("q"), &browser)
        #expect(browser.queueFilter == "Backups" && shownRows(browser) == [2, 3])
        #expect(browser.filterSummary.contains("queue Backups (q)") && browser.filterSummary.contains("2 of 4"))
        press(.character("f"), &browser)
        press(.character("f"), &browser)
        #expect(shownRows(browser) == [2])
        press(.character("Q"), &browser)
        #expect(browser.queueFilter == "Licenses" && shownRows(browser).isEmpty)
        press(.character("q"), &browser)
        #expect(browser.queueFilter == nil && shownRows(browser) == [2])
    }

    @Test func enterAsksForTheHighlightedTicketAndEscClosesTheDetail() {
        var browser = browser()
        press(.down, &browser)
        press(.down, &browser)
        #expect(press(.enter, &browser) == .openDetail(row: 3))
        browser.showDetail(Self.snapshot.tickets[2], events: [Self.event(10, state: .failed, error: "closed")])
        #expect(browser.detail?.ticket.row == 3)
        #expect(press(.escape, &browser) == .none)
        #expect(browser.detail == nil)
        // The highlight stays on the ticket; Esc on the list leaves the screen.
        #expect(browser.table.selectedItem?.ticket.row == 3)
        #expect(press(.escape, &browser) == .leave)
        #expect(press(.character("r"), &browser) == .reload)
    }

    @Test func theHighlightedTicketComesBackWhenAFilterShowsItAgain() {
        var browser = browser()
        press(.end, &browser)
        press(.character("f"), &browser)
        press(.character("f"), &browser)
        press(.character("f"), &browser)
        #expect(browser.stateFilter == .failed && browser.table.selectedItem?.ticket.row == 4)
        // A ticket highlighted since is the one kept.
        press(.up, &browser)
        press(.character("f"), &browser)
        #expect(browser.stateFilter == .all && browser.table.selectedItem?.ticket.row == 3)
    }

    @Test func retryTakesTheHighlightedFailedEventElseTheLatestFailedOne() {
        var browser = browser()
        browser.showDetail(
            Self.snapshot.tickets[0],
            events: [
                Self.event(10, state: .failed, error: "first"), Self.event(11, state: .failed, error: "second"),
                Self.event(12, state: .delivered, event: .resolved),
            ])
        // The latest event is highlighted and delivered: the latest failed one is retried.
        #expect(browser.detail?.history.selectedItem?.seq == 12)
        #expect(press(.character("R"), &browser) == .retry(seq: 11))
        #expect(browser.isBusy)
        #expect(press(.character("R"), &browser) == .none)
        #expect(browser.notice?.text.contains("still running") == true)
        // An answer for another event is not this one's.
        #expect(browser.retryFinished(seq: 99, .success(Self.event(99, state: .delivered))) == .none)
        #expect(browser.retryFinished(seq: 11, .success(Self.event(11, state: .delivered))) == .reload)
        #expect(!browser.isBusy && browser.notice?.role == .ok)
        press(.up, &browser)
        press(.up, &browser)
        #expect(press(.character("R"), &browser) == .retry(seq: 10))
        _ = browser.retryFinished(seq: 10, .failure(WizardFailure("the PSA answered 500: down")))
        #expect(browser.notice?.role == .error && browser.notice?.text.contains("500") == true)
    }

    @Test func retryWithoutAFailedEventSaysSo() {
        var browser = browser()
        browser.showDetail(Self.snapshot.tickets[0], events: [Self.event(12, state: .delivered)])
        #expect(press(.character("R"), &browser) == .none)
        #expect(browser.notice?.text.contains("Nothing to retry") == true)
    }

    @Test func testTicketForTheMSPCustomerThenClosingIt() {
        var browser = browser()
        press(.character("s"), &browser)
        guard case .choosing(let picker)? = browser.testTicket else {
            Issue.record("s does not ask for the customer")
            return
        }
        #expect(picker.options == [TicketsBrowser.mspOption, "Contoso"])
        #expect(press(.enter, &browser) == .sendTest(accountID: nil, label: "the MSP-level customer"))
        #expect(browser.isBusy)
        let firing = TestTicket.firing(accountID: nil)
        let made = TestTicketResult(firing: firing, ticketNumber: "4242", ticketID: "77", ticketRow: 5)
        #expect(browser.testTicketFinished(closing: false, .success(made)) == .reload)
        #expect(browser.notice?.text == "Test ticket 4242 created for the MSP-level customer.")
        guard case .confirmClose? = browser.testTicket else {
            Issue.record("no offer to close the test ticket")
            return
        }
        #expect(press(.character("y"), &browser) == .closeTest(made))
        #expect(browser.testTicketFinished(closing: true, .success(made)) == .reload)
        #expect(browser.testTicket == nil && browser.notice?.text == "Test ticket 4242 closed.")
    }

    @Test func testTicketForAnAccountAndItsRefusalIsShown() {
        var browser = browser()
        press(.character("s"), &browser)
        press(.down, &browser)
        #expect(press(.enter, &browser) == .sendTest(accountID: "acc-1", label: "Contoso"))
        _ = browser.testTicketFinished(
            closing: false, .failure(WizardFailure("skipped: an MSP-level event, and no MSP-level customer is chosen")))
        #expect(browser.testTicket == nil && browser.notice?.role == .error)
        #expect(browser.notice?.text.contains("no MSP-level customer is chosen") == true)
        // Esc in the customer popup sends nothing.
        press(.character("s"), &browser)
        #expect(press(.escape, &browser) == .none && browser.testTicket == nil)
    }

    // MARK: In the wizard, drawn

    struct Seeded {
        let folder: URL
        let store: Store
        let id: Int64
        let failedSeq: Int64
    }

    /// A ConnectWise integration with an open ticket with a long title, a failed one whose
    /// create failed, and a company whose name carries an escape sequence.
    static func seeded() throws -> Seeded {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "psalink-tickets-\(UUID().uuidString)")
        let store = try Store.open(at: folder.appendingPathComponent("db.sqlite").path)
        let credentials = Credentials.halo(
            HaloCredentials(url: "https://halo.invalid", clientID: "id", clientSecret: Secret("secret")))
        let saved = try store.insert(
            NewIntegration(system: .halo, displayName: "Halo Tickets"), credentials: credentials.storedFields)
        let id = saved.id
        try store.replaceCompanies(
            [PSACompany(id: "101", name: "Contoso Ltd"), PSACompany(id: "102", name: "Evil\u{1B}[2J Corp")],
            forIntegration: id)
        func routed(_ eventID: String, company: String, key: String) -> (NotificationEvent, RoutingDecision) {
            (
                NotificationEvent(
                    id: eventID, accountID: nil, condition: .init(id: "cond", type: .task), severity: .high,
                    state: .firing, target: key, title: "Scaling failed"),
                RoutingDecision(
                    integrationID: id, queueID: nil, settings: TicketSettings(),
                    outcome: .ticket(companyID: company, viaFallback: false), dedupeKey: key)
            )
        }
        let seqs = try store.ingest([routed("e1", company: "101", key: "k1"), routed("e2", company: "102", key: "k2")])
            .map(\.seq)
        let long = String(repeating: "Host pool scaling failed on hp-east-1 ", count: 4)
        for (index, seq) in seqs.enumerated() {
            let draft = TrackedTicket(
                row: 0, integrationID: id, dedupeKey: "k\(index + 1)", externalReference: "psalink:k\(index + 1)",
                queueName: nil, accountID: nil, companyID: index == 0 ? "101" : "102", ticketID: nil,
                ticketNumber: nil, title: index == 0 ? long : "Evil\u{1B}[31m title", isTest: false,
                state: .creating, severity: nil, closedAt: nil, checkedAt: nil, createdByEvent: seq, lastError: nil,
                createdAt: Date(), updatedAt: Date())
            var ticket = try store.beginCreate(draft)
            if index == 0 {
                ticket.state = .open
                ticket.ticketID = "5001"
                ticket.ticketNumber = "T-5001"
                try store.finishDelivery(
                    of: seq, Store.DeliveryOutcome(state: .delivered, operation: .create), ticket: ticket)
            } else {
                ticket.state = .failed
                ticket.lastError = "the PSA rejected board: closed"
                try store.finishDelivery(
                    of: seq, Store.DeliveryOutcome(state: .failed, error: "the PSA rejected board: closed"),
                    ticket: ticket)
            }
        }
        return Seeded(folder: folder, store: store, id: id, failedSeq: seqs[1])
    }

    func render(_ app: WizardApp, size: Size = Size(width: 80, height: 24)) -> ScreenBuffer {
        var buffer = ScreenBuffer(size: size)
        app.render(into: &buffer)
        return buffer
    }

    func openApp(_ seeded: Seeded, size: Size = Size(width: 80, height: 24)) -> (WizardApp, MessageInbox<WizardMessage>)
    {
        var services = WizardServices(store: seeded.store)
        services.connector = { _ in RefusingConnector() }
        let inbox = MessageInbox<WizardMessage>()
        var app = WizardApp(services: services, inbox: inbox)
        _ = app.update(.input(.resize(size)))
        _ = app.update(.input(.key(.character("t"))))
        return (app, inbox)
    }

    @Test func homeOffersTicketsAndTheListFitsAt80x24() throws {
        let seeded = try Self.seeded()
        defer { try? FileManager.default.removeItem(at: seeded.folder) }
        var home = WizardApp(services: WizardServices(store: seeded.store))
        _ = home.update(.input(.resize(Size(width: 80, height: 24))))
        #expect(render(home).lines[23].contains("t Tickets"))

        var (app, _) = openApp(seeded)
        // Newest change first: the failed ticket, then the open one, highlighted now.
        _ = app.update(.input(.key(.down)))
        let buffer = render(app)
        let lines = buffer.lines
        #expect(lines[0].contains("Tickets · Halo Tickets"))
        #expect(lines[2].contains("Showing: all states (f) · all queues (q) · 2 of 2 tickets"))
        #expect(lines[3].contains("State") && lines[3].contains("Customer") && lines[3].contains("Ticket"))
        let open = try #require(lines.first { $0.contains("T-5001") })
        #expect(open.contains("open") && open.contains("Contoso Ltd") && open.contains("default"))
        #expect(open.contains("…"))
        let failed = try #require(lines.firstIndex { $0.contains("failed") && $0.contains("Evil") })
        #expect(lines[failed].contains("Evil\\e[2J") && lines[failed].contains("Evil\\e[31m"))
        #expect(!lines.joined().contains("\u{1B}"))
        // The failed state in the error role (that row is not highlighted).
        #expect(buffer[1, failed].role == .error)
        #expect(lines[23].contains("f State") && lines[23].contains("q Queue") && lines[23].contains("s Send test"))
        #expect(lines[23].contains("Esc Back"))
        for line in lines { #expect(DisplayWidth.columns(of: line) <= 80) }
    }

    @Test func widerScreensGiveTheTitleMoreRoom() throws {
        let seeded = try Self.seeded()
        defer { try? FileManager.default.removeItem(at: seeded.folder) }
        let (app, _) = openApp(seeded, size: Size(width: 160, height: 40))
        let lines = render(app, size: Size(width: 160, height: 40)).lines
        let narrow = render(openApp(seeded).0).lines
        let wide = try #require(lines.first { $0.contains("T-5001") })
        let small = try #require(narrow.first { $0.contains("T-5001") })
        #expect(wide.components(separatedBy: "hp-east-1").count > small.components(separatedBy: "hp-east-1").count)
    }

    @Test func detailShowsFieldsLastErrorAndHistoryThenEscGoesBack() throws {
        let seeded = try Self.seeded()
        defer { try? FileManager.default.removeItem(at: seeded.folder) }
        var (app, _) = openApp(seeded)
        _ = app.update(.input(.key(.enter)))
        let lines = render(app).lines
        #expect(lines[0].contains("Ticket not created"))
        #expect(lines.contains { $0.contains("State: failed") && $0.contains("Evil\\e[2J Corp") })
        #expect(lines.contains { $0.contains("Last error: the PSA rejected board: closed") })
        #expect(lines.contains { $0.contains("Received") && $0.contains("Delivery") && $0.contains("Tries") })
        let event = try #require(lines.first { $0.contains("firing") && $0.contains("failed") })
        #expect(event.contains("the PSA rejected"))
        #expect(lines[23].contains("R Retry") && lines[23].contains("Esc Back"))
        _ = app.update(.input(.key(.escape)))
        #expect(render(app).lines[2].contains("Showing:"))
        _ = app.update(.input(.key(.escape)))
        #expect(render(app).lines[0].contains("PSA Integrations"))
    }

    @Test func retryRunsOffTheUIThreadWithASpinnerAndReportsTheOutcome() async throws {
        let seeded = try Self.seeded()
        defer { try? FileManager.default.removeItem(at: seeded.folder) }
        var (app, inbox) = openApp(seeded)
        _ = app.update(.input(.key(.enter)))
        _ = app.update(.input(.key(.character("R"))))
        #expect(app.isAnimating)
        #expect(render(app).lines.contains { $0.contains("Retrying event \(seeded.failedSeq)") })
        // Esc leaves the detail; the delivery goes on.
        _ = app.update(.input(.key(.escape)))
        for _ in 0..<400 where app.isAnimating {
            for message in inbox.drain() { _ = app.update(.message(message)) }
            try await Task.sleep(for: .milliseconds(25))
        }
        #expect(!app.isAnimating)
        let lines = render(app).lines
        #expect(lines.contains { $0.contains("Event \(seeded.failedSeq) failed again") && $0.contains("board is") })
        let event = try #require(try seeded.store.events(seqs: [seeded.failedSeq]).first)
        #expect(event.state == .failed && event.attempts >= 1)
    }

    @Test func helpListsTheTicketKeys() throws {
        let seeded = try Self.seeded()
        defer { try? FileManager.default.removeItem(at: seeded.folder) }
        var (app, _) = openApp(seeded)
        _ = app.update(.input(.key(.character("?"))))
        #expect(render(app).lines.contains { $0.contains("Send a test ticket to the PSA") })
        _ = app.update(.input(.key(.escape)))
        #expect(render(app).lines[0].contains("Tickets"))
    }
}
