import Foundation
import PSACore
import TerminalUI

/// The Tickets screen inside the wizard: opening it from home, routing keys to it, and
/// running the reads and deliveries it asks for.
extension WizardModel {
    mutating func openTickets() {
        guard let integration = home.selected else { return }
        open { .tickets(TicketsBrowser(integration: integration, session: $0)) }
        reloadTickets()
    }

    var ticketsLayout: TicketsLayout {
        TicketsLayout(size: size, notice: ticketsNotice, suppressed: tickets?.suppressedSummary != nil)
    }

    /// The spinner while a retry or a test ticket runs, else the latest message.
    var ticketsNotice: Notice? {
        guard let browser = tickets else { return nil }
        let frame = Spinner(tick: tick).frame
        if let seq = browser.retrying {
            return Notice(
                "\(frame) Retrying event \(seq) with \(browser.integration.system.displayName)…", role: .normal)
        }
        if case .sending(let closing, let label)? = browser.testTicket {
            let what = closing ? "Closing test ticket \(label)" : "Sending a test ticket to \(label)"
            return Notice("\(frame) \(what) in \(browser.integration.system.displayName)…", role: .normal)
        }
        return browser.notice
    }

    mutating func reloadTickets() {
        guard let id = tickets?.integration.id else { return }
        switch services.ticketsSnapshot(integrationID: id) {
        case .success(let snapshot): tickets?.show(snapshot)
        case .failure(let failure): tickets?.showLoadError(failure)
        }
        if let row = tickets?.detail?.ticket.row { openTicketDetail(row: row) }
    }

    private mutating func openTicketDetail(row: Int64) {
        let now = services.now()
        switch services.ticketHistory(row: row) {
        case .success(let (ticket, events)):
            switch services.requestLog(ticketRow: row) {
            case .success(let requests):
                tickets?.showDetail(ticket, events: events, requests: requests, now: now)
            case .failure(let failure):
                // The ticket and its history are still worth showing.
                tickets?.showDetail(ticket, events: events, now: now)
                tickets?.notice = .error("Could not read the ticket's PSA requests: \(failure.description)")
            }
        case .failure(let failure): tickets?.notice = .error("Could not read the ticket: \(failure.description)")
        }
    }

    mutating func handleTickets(_ input: InputEvent) {
        guard var browser = tickets else { return }
        let effect = browser.handle(input, layout: ticketsLayout)
        tickets = browser
        perform(effect)
    }

    private mutating func perform(_ effect: TicketsBrowser.Effect) {
        guard let browser = tickets else { return }
        let id = browser.integration.id
        let session = browser.session
        switch effect {
        case .none:
            break
        case .leave:
            screen = .home
            reloadKeeping(browser.integration.id)
        case .reload:
            reloadTickets()
        case .openDetail(let row):
            openTicketDetail(row: row)
        case .retry(let seq):
            emit(.start(.retryEvent(seq: seq, session: session)))
        case .sendTest(let accountID, _):
            let firing = TestTicket.firing(accountID: accountID, now: services.now())
            emit(
                .start(.sendTestEvent(firing, integrationID: id, firing: firing, closing: false, session: session)))
        case .closeTest(let made):
            let closing = TestTicket.closing(made.firing, now: services.now())
            emit(
                .start(
                    .sendTestEvent(closing, integrationID: id, firing: made.firing, closing: true, session: session)))
        // One store write each, as fast as the reads: done here rather than off the UI thread.
        case .acknowledge(let row, let until, let reason):
            let result = services.acknowledge(ticketRow: row, until: until, reason: reason)
            perform(tickets?.ackFinished(result) ?? .none)
        case .unacknowledge(let row):
            let result = services.unacknowledge(ticketRow: row)
            perform(tickets?.unackFinished(result) ?? .none)
        }
    }

    /// Answers for the Tickets screen; those for a screen closed since go to the home notice.
    mutating func receiveForTickets(_ message: WizardMessage) {
        switch message {
        case .ticketRetryFinished(let session, let seq, let result):
            guard var browser = tickets, browser.session == session else {
                if case .failure(let failure) = result {
                    notice = .error("Retry of event \(seq): \(TerminalSafeText.escaped(failure.description))")
                }
                return
            }
            let effect = browser.retryFinished(seq: seq, result)
            tickets = browser
            perform(effect)
        case .testTicketFinished(let session, let closing, let result):
            guard var browser = tickets, browser.session == session else {
                switch result {
                case .success(let made):
                    notice = Notice("Test ticket \(made.label) \(closing ? "closed" : "created").", role: .ok)
                case .failure(let failure):
                    notice = .error("Test ticket: \(TerminalSafeText.escaped(failure.description))")
                }
                return
            }
            let effect = browser.testTicketFinished(closing: closing, result)
            tickets = browser
            perform(effect)
        default:
            break
        }
    }

    func renderTickets(_ browser: TicketsBrowser, into buffer: inout ScreenBuffer) {
        let shown = ticketsNotice
        let layout = TicketsLayout(size: buffer.size, notice: shown, suppressed: browser.suppressedSummary != nil)
        let title =
            browser.detail.map { "Tickets · \(browser.name) · \($0.title)" } ?? "Tickets · \(browser.name)"
        ScreenChrome(title: title, notice: shown, hints: browser.hints).render(in: buffer.bounds, into: &buffer)
        TicketsView(browser: browser, layout: layout).render(in: layout.content, into: &buffer)
    }

    func ticketsHelpSections(_ browser: TicketsBrowser) -> [(title: String, entries: [KeyHint])] {
        if browser.detail != nil {
            return [
                ("Ticket detail", TicketDetail.keyMap.helpEntries),
                ("History and PSA requests", TableState<HistoryRow>.inputHelp),
                ("Acknowledge (k)", AckPrompt.keyMap.helpEntries),
            ]
        }
        return [
            ("Tickets", TicketsBrowser.keyMap.helpEntries), ("Ticket list", TableState<TicketRow>.inputHelp),
            ("Acknowledge (k)", AckPrompt.keyMap.helpEntries),
        ]
    }
}
