import Foundation
import PSACore
import TerminalUI

/// Which tickets the list shows by state; the same groups as `psalink tickets list --state`.
enum TicketStateFilter: CaseIterable, Equatable {
    case all, open, closed, failed

    var title: String {
        switch self {
        case .all: return "all states"
        case .open: return "open"
        case .closed: return "closed"
        case .failed: return "failed"
        }
    }

    var next: TicketStateFilter {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    func admits(_ ticket: TrackedTicket) -> Bool {
        switch self {
        case .all: return true
        case .open: return ticket.listState == .open
        case .closed: return ticket.listState == .closed
        case .failed: return ticket.listState == .failed
        }
    }
}

/// One ticket as the list shows it; every text from the store or the PSA is made safe here.
struct TicketRow: Sendable {
    var ticket: TrackedTicket
    var state: String
    var age: String
    var customer: String
    var queue: String
    var title: String
    var number: String
    /// Its next event waits for the PSA's rate budget until then.
    var waitingUntil: Date?
    /// Set while repeats of its key are counted instead of noted.
    var acknowledgement: TicketAcknowledgement?

    /// A failed ticket says so first; one whose next event waits for the rate budget says until
    /// when ("waiting until 10:04", UTC); an acknowledged one says until when ("ack until 14:30").
    init(_ ticket: TrackedTicket, companyNames: [String: String], now: Date, waitingUntil: Date? = nil) {
        self.ticket = ticket
        self.waitingUntil = ticket.listState == .failed ? nil : waitingUntil
        acknowledgement =
            ticket.listState == .open ? ticket.acknowledgement.flatMap { $0.isActive(at: now) ? $0 : nil } : nil
        state =
            self.waitingUntil.map { "waiting until \(Timestamp.clock($0))" }
            ?? acknowledgement.map { AckText.short($0, now: now) }
            ?? (ticket.gone == .deleted ? "deleted" : ticket.listState.rawValue)
        age = Self.age(from: ticket.createdAt, to: now)
        customer = TerminalSafeText.escaped(companyNames[ticket.companyID] ?? "#" + ticket.companyID)
        queue = TerminalSafeText.escaped(ticket.queueName ?? "default")
        title = TerminalSafeText.escaped((ticket.isTest ? "[test] " : "") + ticket.title)
        number = TerminalSafeText.escaped(ticket.ticketNumber ?? ticket.ticketID ?? "—")
    }

    var isFailed: Bool { ticket.listState == .failed }

    var stateRole: Role? {
        if isFailed { return .error }
        if waitingUntil != nil { return .warning }
        return acknowledgement == nil ? nil : .disabled
    }

    /// "5m", "3h", "2d": the time since `date`.
    static func age(from date: Date, to now: Date) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        if seconds < 3_600 { return "\(seconds / 60)m" }
        if seconds < 86_400 { return "\(seconds / 3_600)h" }
        return "\(seconds / 86_400)d"
    }
}

/// The Tickets screen of one integration: its tickets with filters by state and queue, a
/// ticket's detail and history, retrying a failed event, and sending a test ticket. Plain
/// state; the wizard runs the effects it asks for.
struct TicketsBrowser {
    enum Effect: Equatable {
        case none
        /// Esc on the list: back to the home screen.
        case leave
        /// Read the tickets again (`show(_:)` takes the answer).
        case reload
        /// Read the ticket of this row and its history (`showDetail(_:events:)`).
        case openDetail(row: Int64)
        /// Put the failed event back in the outbox and deliver; answer `retryFinished`.
        case retry(seq: Int64)
        /// Send a test ticket's firing (nil account: the MSP-level customer); answer
        /// `testTicketFinished(closing: false, …)`.
        case sendTest(accountID: String?, label: String)
        /// Send the closing event of the test ticket; answer `testTicketFinished(closing: true, …)`.
        case closeTest(TestTicketResult)
        /// Acknowledge the ticket until `until` (as typed); answer `ackFinished(_:)`.
        case acknowledge(row: Int64, until: String, reason: String)
        /// End the ticket's acknowledgement now; answer `unackFinished(_:)`.
        case unacknowledge(row: Int64)
    }

    enum Command: Hashable, Sendable {
        case details, state, queue, acknowledge, test, reload, help, leave
    }

    static let keyMap = KeyMap<Command>([
        KeyBinding([.enter], .details, "The highlighted ticket's details and history", hint: "Details"),
        KeyBinding([.character("f")], .state, "Show: all states, open, closed, failed", hint: "State"),
        KeyBinding([.character("q"), .character("Q")], .queue, "Show: all queues, or one queue", hint: "Queue"),
        KeyBinding(
            [.character("k")], .acknowledge,
            "Acknowledge the open ticket until a time (repeats add no notes), or end its acknowledgement",
            hint: "Ack"),
        KeyBinding([.character("s")], .test, "Send a test ticket to the PSA", hint: "Send test"),
        KeyBinding([.character("r")], .reload, "Reload the tickets", hint: "Reload"),
        KeyBinding([.escape], .leave, "Back to the integrations", hint: "Back"),
        KeyBinding([.character("?"), .function(1)], .help, "Help: every key", hint: "Help"),
    ])

    /// "Send test ticket" as it goes: choosing the customer, waiting for the PSA, asking
    /// whether to close the ticket it made.
    enum TestTicketStep {
        case choosing(PickerState)
        case sending(closing: Bool, label: String)
        case confirmClose(TestTicketResult, ConfirmState)
    }

    /// `k`: the prompt for until when and why, or the question whether to end one.
    enum AckStep {
        case prompt(AckPrompt)
        case confirmEnd(TrackedTicket, ConfirmState)
    }

    let integration: Integration
    let session: Int
    private(set) var tickets: [TrackedTicket] = []
    private(set) var queues: [String] = []
    private(set) var companyNames: [String: String] = [:]
    private(set) var accounts: [NerdioAccount] = []
    private(set) var stateFilter = TicketStateFilter.all
    /// The queue shown, nil for all queues.
    private(set) var queueFilter: String?
    private(set) var table = TableState<TicketRow>(columns: TicketsBrowser.columns)
    private(set) var detail: TicketDetail?
    private(set) var testTicket: TestTicketStep?
    private(set) var ack: AckStep?
    /// Keys maintenance suppresses now, of this integration.
    private(set) var suppressed: [SuppressedKey] = []
    /// The event being tried again, while its delivery runs.
    private(set) var retrying: Int64?
    /// The latest message, shown above the key hints.
    var notice: Notice?
    /// Set when the tickets could not be read.
    private(set) var loadError: String?

    init(integration: Integration, session: Int) {
        self.integration = integration
        self.session = session
    }

    static let stateColumn = 0
    /// Wide enough for every state but "waiting until 10:04", which widens it while listed.
    static let stateWidth = 6

    static let columns: [TableColumn<TicketRow>] = [
        {
            var state = TableColumn<TicketRow>("State", width: .fixed(stateWidth), text: { $0.state })
            state.role = { $0.stateRole }
            return state
        }(),
        TableColumn("Age", width: .fixed(4), alignment: .trailing, text: { $0.age }),
        TableColumn("Customer", width: .fill(2), text: { $0.customer }),
        TableColumn("Queue", width: .fill(1), text: { $0.queue }),
        TableColumn("Title", width: .fill(3), text: { $0.title }),
        TableColumn("Ticket", width: .fixed(12), text: { $0.number }),
    ]

    var name: String { TerminalSafeText.escaped(integration.displayName) }

    /// Busy with work the spinner stands for.
    var isBusy: Bool {
        if retrying != nil { return true }
        if case .sending? = testTicket { return true }
        return false
    }

    var shownCount: Int { table.rows.count }

    /// Typed text goes to the customer list of "Send test ticket" while it is open.
    var takesText: Bool {
        if case .choosing? = testTicket { return true }
        if case .prompt? = ack { return true }
        return false
    }

    // MARK: Loading

    mutating func show(_ snapshot: TicketsSnapshot) {
        loadError = nil
        tickets = snapshot.tickets
        budgetWaits = snapshot.budgetWaits
        queues = snapshot.queues
        companyNames = snapshot.companyNames
        accounts = snapshot.accounts
        suppressed = snapshot.suppressed
        if let queue = queueFilter, !queues.contains(queue) { queueFilter = nil }
        relist(now: snapshot.now)
    }

    mutating func showLoadError(_ failure: WizardFailure) {
        loadError = failure.description
    }

    private var now = Date()
    /// Keys whose next events wait for the PSA's rate budget, with until when.
    private var budgetWaits: [String: Date] = [:]

    /// The ticket the person highlighted; it is highlighted again when a filter shows it again.
    private var wantedRow: Int64?

    private mutating func relist(now: Date? = nil) {
        if let now { self.now = now }
        // While the wanted ticket is shown, the highlight is the person's latest choice.
        if wantedRow == nil || table.rows.contains(where: { $0.ticket.row == wantedRow }) {
            wantedRow = table.selectedItem?.ticket.row ?? wantedRow
        }
        let selected = wantedRow
        let shown = tickets.filter { ticket in
            stateFilter.admits(ticket)
                && (queueFilter.map { ticket.queueName?.caseInsensitiveCompare($0) == .orderedSame } ?? true)
        }
        // A key's waiting events belong to its latest ticket.
        var latest: [String: Int64] = [:]
        for ticket in tickets { latest[ticket.dedupeKey] = max(latest[ticket.dedupeKey] ?? ticket.row, ticket.row) }
        table.setRows(
            shown.map { ticket in
                TicketRow(
                    ticket, companyNames: companyNames, now: self.now,
                    waitingUntil: latest[ticket.dedupeKey] == ticket.row ? budgetWaits[ticket.dedupeKey] : nil)
            })
        let widest = table.rows.map { DisplayWidth.columns(of: $0.state) }.max() ?? 0
        table.setWidth(.fixed(max(Self.stateWidth, widest)), ofColumn: Self.stateColumn)
        if let selected, let index = shown.firstIndex(where: { $0.row == selected }) { table.select(row: index) }
    }

    // MARK: Input

    mutating func handle(_ event: InputEvent, layout: TicketsLayout) -> Effect {
        if ack != nil { return handleAck(event, layout: layout) }
        if testTicket != nil, let effect = handleTestTicket(event, layout: layout) { return effect }
        if detail != nil { return handleDetail(event, layout: layout) }
        switch event {
        case .key(let key):
            if let command = Self.keyMap.command(for: key) { return run(command) }
            _ = table.handle(event, in: layout.table)
        case .mouse:
            _ = table.handle(event, in: layout.table)
        case .text, .resize:
            break
        }
        return .none
    }

    private mutating func run(_ command: Command) -> Effect {
        switch command {
        case .details:
            guard let row = table.selectedItem?.ticket.row else { return .none }
            return .openDetail(row: row)
        case .state:
            stateFilter = stateFilter.next
            relist()
        case .queue:
            if let current = queueFilter, let index = queues.firstIndex(of: current) {
                queueFilter = index + 1 < queues.count ? queues[index + 1] : nil
            } else {
                queueFilter = queues.first
            }
            relist()
        case .acknowledge:
            guard let ticket = table.selectedItem?.ticket else { return .none }
            startAck(ticket)
        case .test:
            startTestTicket()
        case .reload:
            return .reload
        case .leave:
            return .leave
        case .help:
            break
        }
        return .none
    }

    /// The filters as the line above the list says them.
    var filterSummary: String {
        let queue = queueFilter.map { "queue " + TerminalSafeText.escaped($0) } ?? "all queues"
        return "Showing: \(stateFilter.title) (f) · \(queue) (q) · "
            + "\(NumberText.grouped(table.rows.count)) of \(NumberText.grouped(tickets.count)) tickets"
    }

    // MARK: Detail

    /// `now` decides which waits for the rate budget are still on.
    mutating func showDetail(
        _ ticket: TrackedTicket, events: [StoredEvent], requests: [RequestLogEntry] = [], now: Date = Date()
    ) {
        let kept = detail?.ticket.row == ticket.row ? detail : nil
        var opened = TicketDetail(
            ticket: ticket, events: events, requests: requests, companyNames: companyNames, now: now)
        if let keep = kept?.history.selectedRow { opened.history.select(row: keep) }
        // A reload keeps the highlighted request where it still is: the rows are newest first.
        if let id = kept?.requests.selectedItem?.id, let row = opened.requests.rows.firstIndex(where: { $0.id == id }) {
            opened.requests.select(row: row)
        }
        if let kept, !opened.requests.rows.isEmpty { opened.focus = kept.focus }
        detail = opened
    }

    private mutating func handleDetail(_ event: InputEvent, layout: TicketsLayout) -> Effect {
        guard var current = detail else { return .none }
        defer { detail = detail == nil ? nil : current }
        guard case .key(let key) = event else {
            guard case .mouse = event else { return .none }
            // A click or a scroll goes to the table under it, which takes the cursor keys.
            if current.history.handle(event, in: layout.detailHistory(current)) {
                current.focus = .history
            } else if current.requests.handle(event, in: layout.detailRequests(current).inset(top: 1)) {
                current.focus = .requests
            }
            return .none
        }
        switch TicketDetail.keyMap.command(for: key) {
        case .back?:
            detail = nil
            return .none
        case .retry?:
            guard retrying == nil else {
                notice = .warning("A retry is still running.")
                return .none
            }
            guard let seq = current.retryTarget else {
                notice = .warning("Nothing to retry: no event of this ticket failed.")
                return .none
            }
            retrying = seq
            notice = nil
            return .retry(seq: seq)
        case .reload?:
            return .openDetail(row: current.ticket.row)
        case .acknowledge?:
            startAck(current.ticket)
            return .none
        case .switchTable?:
            guard !current.requests.rows.isEmpty else {
                notice = .warning("No PSA request of this ticket is recorded.")
                return .none
            }
            current.focus = current.focus == .history ? .requests : .history
            return .none
        case .help?, nil:
            switch current.focus {
            case .history: _ = current.history.handle(event, in: layout.detailHistory(current))
            case .requests: _ = current.requests.handle(event, in: layout.detailRequests(current).inset(top: 1))
            }
            return .none
        }
    }

    /// The retry's answer: the event as it now is, or why it could not be tried again.
    mutating func retryFinished(seq: Int64, _ result: Result<StoredEvent, WizardFailure>) -> Effect {
        guard retrying == seq else { return .none }
        retrying = nil
        switch result {
        case .failure(let failure):
            notice = .error("Retry of event \(seq) failed: \(TerminalSafeText.escaped(failure.description))")
        case .success(let event):
            switch event.state {
            case .delivered:
                notice = Notice("Event \(seq) delivered (\(event.operation?.rawValue ?? "none")).", role: .ok)
            case .pending:
                notice = .warning("Event \(seq) is not delivered yet; it stays in the outbox and is tried again.")
            case .failed:
                notice = .error(
                    "Event \(seq) failed again: \(TerminalSafeText.escaped(event.lastError ?? "no error recorded"))")
            case .skipped:
                notice = .warning("Event \(seq) was skipped: \(TerminalSafeText.escaped(event.reason ?? ""))")
            case .held:
                notice = .warning("Event \(seq) is held: \(TerminalSafeText.escaped(event.reason ?? ""))")
            case .suppressed, .folded, .acknowledged:
                notice = Notice(
                    "Event \(seq) is \(event.state.rawValue): \(TerminalSafeText.escaped(event.reason ?? ""))",
                    role: .ok)
            }
        }
        return .reload
    }

    // MARK: Test ticket

    /// The first option is the MSP-level customer, then every account.
    static let mspOption = "MSP-level customer (default)"

    private mutating func startTestTicket() {
        if case .sending? = testTicket {
            notice = .warning("A test ticket is still being sent.")
            return
        }
        let options =
            [Self.mspOption]
            + accounts.map { TerminalSafeText.escaped($0.name + ($0.missingSince == nil ? "" : " (gone)")) }
        var picker = PickerState(options: options, chosen: 0, maxVisibleOptions: 8)
        picker.open()
        testTicket = .choosing(picker)
        notice = nil
    }

    /// Returns nil when the event is not the test ticket's (it is sending: the list stays usable).
    private mutating func handleTestTicket(_ event: InputEvent, layout: TicketsLayout) -> Effect? {
        switch testTicket {
        case .choosing(var picker)?:
            let area = layout.testPickerAnchor(optionCount: picker.options.count, maxVisible: picker.maxVisibleOptions)
            let result = picker.handle(event, anchor: area, bounds: layout.content)
            switch result {
            case .chosen(let option):
                let accountID = option == 0 ? nil : accounts[option - 1].id
                let label = option == 0 ? "the MSP-level customer" : picker.options[option]
                testTicket = .sending(closing: false, label: label)
                return .sendTest(accountID: accountID, label: label)
            case .cancelled:
                testTicket = nil
            case .consumed, .ignored:
                testTicket = .choosing(picker)
            }
            return Effect.none
        case .confirmClose(let made, var confirm)?:
            switch confirm.handle(event) {
            case .confirmed:
                testTicket = .sending(closing: true, label: made.label)
                return .closeTest(made)
            case .cancelled:
                testTicket = nil
                notice = Notice("Test ticket \(TerminalSafeText.escaped(made.label)) stays open in the PSA.", role: .ok)
            case .handled, .ignored:
                testTicket = .confirmClose(made, confirm)
            }
            return Effect.none
        case .sending?, nil:
            return nil
        }
    }

    /// A test ticket's answer; a new one offers to close it.
    mutating func testTicketFinished(closing: Bool, _ result: Result<TestTicketResult, WizardFailure>) -> Effect {
        guard case .sending(closing, let label)? = testTicket else { return .none }
        switch result {
        case .failure(let failure):
            testTicket = nil
            let what = closing ? "Could not close test ticket \(label)" : "Test ticket not sent to \(label)"
            notice = .error("\(what): \(TerminalSafeText.escaped(failure.description))")
        case .success(let made):
            let number = TerminalSafeText.escaped(made.label)
            if closing {
                testTicket = nil
                notice = Notice("Test ticket \(number) closed.", role: .ok)
            } else {
                testTicket = .confirmClose(made, ConfirmState(focused: .confirm))
                notice = Notice("Test ticket \(number) created for \(label).", role: .ok)
            }
        }
        return .reload
    }

    // MARK: Acknowledgement

    private mutating func startAck(_ ticket: TrackedTicket) {
        notice = nil
        // As the list shows it: the same time decides whether it reads "ack until".
        if let current = ticket.acknowledgement, current.isActive(at: now) {
            ack = .confirmEnd(ticket, ConfirmState(focused: .cancel))
            return
        }
        guard ticket.state == .open, ticket.gone == nil else {
            let label = "#" + TerminalSafeText.escaped(ticket.reference ?? "\(ticket.row)")
            let why = ticket.gone != nil ? "no longer exists in the PSA" : "is \(ticket.listState.rawValue)"
            notice = .warning("Ticket \(label) \(why); only an open ticket can be acknowledged.")
            return
        }
        ack = .prompt(AckPrompt(ticket: ticket))
    }

    private mutating func handleAck(_ event: InputEvent, layout: TicketsLayout) -> Effect {
        switch ack {
        case .prompt(var prompt)?:
            let outcome = prompt.handle(event, layout: prompt.layout(in: layout.content))
            ack = .prompt(prompt)
            switch outcome {
            case .none: return .none
            case .cancel:
                ack = nil
                return .none
            case .save(let until, let reason):
                return .acknowledge(row: prompt.ticketRow, until: until, reason: reason)
            }
        case .confirmEnd(let ticket, var confirm)?:
            switch confirm.handle(event) {
            case .confirmed:
                return .unacknowledge(row: ticket.row)
            case .cancelled:
                ack = nil
            case .handled, .ignored:
                ack = .confirmEnd(ticket, confirm)
            }
            return .none
        case nil:
            return .none
        }
    }

    /// The store's answer to the prompt: closed with a notice, or the problem shown in place.
    mutating func ackFinished(_ result: Result<TicketAcknowledgement, AckFailure>) -> Effect {
        guard case .prompt(var prompt)? = ack else { return .none }
        switch result {
        case .success(let saved):
            ack = nil
            notice = Notice(
                "Ticket \(prompt.label) acknowledged until \(Timestamp.text(saved.until)): repeats are counted, not noted.",
                role: .ok)
            return .reload
        case .failure(let failure):
            prompt.failed(failure)
            ack = .prompt(prompt)
            return .none
        }
    }

    /// The store's answer to ending an acknowledgement.
    mutating func unackFinished(_ result: Result<Int, AckFailure>) -> Effect {
        guard case .confirmEnd(let ticket, _)? = ack else { return .none }
        ack = nil
        let label = "#" + TerminalSafeText.escaped(ticket.reference ?? "\(ticket.row)")
        switch result {
        case .success(let repeats):
            let summed = repeats > 0 ? "; \(repeats) repeat\(repeats == 1 ? "" : "s") will be summed in one note" : ""
            notice = Notice("Acknowledgement of \(label) ended\(summed).", role: .ok)
        case .failure(let failure):
            notice = .error("Could not end the acknowledgement of \(label): \(failure.message)")
        }
        return .reload
    }

    /// The line under the list: which keys maintenance holds back now, oldest first.
    var suppressedSummary: String? {
        guard !suppressed.isEmpty else { return nil }
        let events = suppressed.reduce(0) { $0 + $1.count }
        let keys = suppressed.map { key in
            TerminalSafeText.escaped(key.title.isEmpty ? key.dedupeKey : key.title) + " ×\(key.count)"
        }
        return "Suppressed now by maintenance: \(suppressed.count) alert\(suppressed.count == 1 ? "" : "s"), "
            + "\(events) event\(events == 1 ? "" : "s") · " + keys.joined(separator: " · ")
    }

    /// What the key-hint bar offers now.
    var hints: [KeyHint] {
        switch ack {
        case .prompt(let prompt)?: return prompt.hints
        case .confirmEnd?: return [KeyHint(key: "y", label: "End it"), KeyHint(key: "n", label: "Keep it")]
        case nil: break
        }
        switch testTicket {
        case .choosing?: return WizardModel.listHints
        case .confirmClose?:
            return [KeyHint(key: "y", label: "Close it"), KeyHint(key: "n", label: "Keep it open")]
        case .sending?, nil: break
        }
        return detail != nil ? TicketDetail.keyMap.hints : Self.keyMap.hints
    }
}
