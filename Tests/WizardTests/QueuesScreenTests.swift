import Foundation
import PSACore
import TerminalUI
import Testing

@testable import Wizard

/// A ConnectWise PSA with two boards, each with its own statuses.
private enum Boards {
    static func choices(_ context: ChoiceContext) -> TicketChoices {
        var values: [TicketField: [Choice]] = [
            .board: [Choice(id: "1", name: "Service Desk"), Choice(id: "2", name: "Alerts")],
            .priority: [Choice(id: "p3", name: "Priority 3 - Normal")],
        ]
        if context.board != nil {
            values[.status] = [
                Choice(id: "10", name: "New"), Choice(id: "12", name: "Resolved", isClosing: true),
                Choice(id: "13", name: "Cancelled", isClosing: true),
            ]
            values[.ticketType] = [Choice(id: "t1", name: "Alert")]
        }
        return TicketChoices(values: values, required: [.board])
    }
}

/// The Ticket queues screen: the table, the add/edit form over the Ticket Settings tab's
/// dropdowns, the store's refusals, and the removal's confirmation; pure state fed by hand
/// with the PSA's answers, and drawn at 80x24.
@Suite struct QueuesScreenTests {
    let folder: URL
    let store: Store
    let services: WizardServices
    let layout = QueuesLayout(size: Size(width: 80, height: 24), notice: nil)
    var cw: Integration
    var halo: Integration

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("psalink-queues-\(UUID().uuidString)")
        store = try Store.open(at: folder.appendingPathComponent("db.sqlite").path)
        services = WizardServices(store: store)
        cw = try store.insert(NewIntegration(system: .connectwise, displayName: "Fabrikam CW"), credentials: [:])
        halo = try store.insert(NewIntegration(system: .halo, displayName: "Contoso Halo"), credentials: [:])
        try store.saveTicketSettings(["board": "1", "open-status": "10"], forIntegration: cw.id)
    }

    func screen() throws -> QueuesScreen {
        var screen = QueuesScreen(session: 1)
        screen.show(try #require(try? services.queuesSnapshot().get()))
        return screen
    }

    /// Runs the screen's effects the way the wizard does, answering the PSA's loads at once.
    mutating func run(_ effect: QueuesScreen.Effect, _ screen: inout QueuesScreen) {
        switch effect {
        case .loadChoices(let session, let integrationID, let context, let run):
            let next = screen.choicesLoaded(
                session: session, integrationID: integrationID, run: run, .success(Boards.choices(context)))
            self.run(next, &screen)
        case .save(let save):
            screen.saved(services.saveQueue(save))
            screen.show(try! services.queuesSnapshot().get())
        case .remove(let name):
            screen.removed(name: name, services.removeQueue(named: name))
            screen.show(try! services.queuesSnapshot().get())
        case .none, .leave, .reload:
            break
        }
    }

    mutating func press(_ screen: inout QueuesScreen, _ keys: Key...) {
        for key in keys { run(screen.handle(.key(key), layout: layout), &screen) }
    }

    mutating func type(_ screen: inout QueuesScreen, _ text: String) {
        for character in text { press(&screen, .character(character)) }
    }

    func lines(_ screen: QueuesScreen) -> [String] {
        var buffer = ScreenBuffer(size: Size(width: 80, height: 24))
        ScreenChrome(title: screen.form?.title ?? "Ticket queues", notice: screen.notice, hints: screen.hints)
            .render(in: buffer.bounds, into: &buffer)
        QueuesView(screen: screen, layout: layout, tick: 0).render(in: layout.content, into: &buffer)
        return buffer.lines
    }

    @Test mutating func addAQueueChoosingTheBoardFromThePSA() throws {
        var screen = try screen()
        #expect(lines(screen).contains { $0.contains("No ticket queues yet") })
        press(&screen, .character("a"))
        let form = try #require(screen.form)
        // The default integration (the first added) is proposed; its settings are loaded.
        #expect(form.integration?.id == cw.id)
        #expect(form.tab?.hasLoadedChoices == true)
        type(&screen, "Backups")
        // Name → integration → the first setting (Board): Enter opens its list.
        press(&screen, .tab, .tab, .enter)
        #expect(lines(screen).contains { $0.contains("Alerts") })
        press(&screen, .down, .enter)
        press(&screen, .control("s"))
        #expect(screen.form == nil)
        let saved = try #require(try store.queue(named: "Backups"))
        // Only what differs from the integration's: the board.
        #expect(saved.settings == ["board": "2"])
        #expect(saved.integrationID == cw.id)
        let shown = lines(screen)
        #expect(shown.contains { $0.contains("Backups") && $0.contains("Fabrikam CW") && $0.contains("board") })
        #expect(shown.contains { $0.contains("Ticket queue \"Backups\" added.") })
    }

    @Test mutating func anEmptyNameIsRefused() throws {
        var screen = try screen()
        press(&screen, .character("a"), .control("s"))
        #expect(screen.form?.error?.contains("the queue needs a name") == true)
        #expect(screen.form?.focus == .name)
        #expect(try store.queues().isEmpty)
        #expect(lines(screen).contains { $0.contains("✗ Not saved. Name:") })
    }

    @Test mutating func aDuplicateNameShowsTheStoresError() throws {
        try store.addQueue(named: "Backups", integration: halo.id, settings: [:])
        var screen = try screen()
        press(&screen, .character("a"))
        type(&screen, "backups")
        press(&screen, .control("s"))
        let error = try #require(screen.form?.error)
        #expect(error == StoreError.duplicateQueueName("backups", integration: "Contoso Halo").description)
        #expect(try store.queues().count == 1)
        #expect(lines(screen).joined().contains("Contoso Halo"))
    }

    @Test mutating func editingKeepsTheIntegrationAndUpdatesInPlace() throws {
        let queue = try store.addQueue(named: "Backups", integration: cw.id, settings: ["board": "2"])
        var screen = try screen()
        press(&screen, .enter)
        let form = try #require(screen.form)
        #expect(form.isEditing && form.name.text == "Backups")
        press(&screen, .end)
        type(&screen, " nightly")
        press(&screen, .control("s"))
        #expect(screen.form == nil)
        let saved = try #require(try store.queue(named: "Backups nightly"))
        #expect(saved.id == queue.id && saved.settings == ["board": "2"])
        #expect(try store.queue(named: "Backups") == nil)
    }

    @Test mutating func aBoardThePSANoLongerOffersIsFlagged() throws {
        try store.addQueue(named: "Old", integration: cw.id, settings: ["board": "99"])
        var screen = try screen()
        press(&screen, .enter)
        #expect(lines(screen).contains { $0.contains("not offered by ConnectWise PSA any more") })
        press(&screen, .control("s"))
        #expect(screen.form != nil)
        #expect(try store.queue(named: "Old")?.settings == ["board": "99"])
    }

    @Test mutating func removeConfirmationSaysHowManyOpenTicketsUseTheQueue() throws {
        try store.addQueue(named: "Backups", integration: cw.id, settings: [:])
        for row in 1...2 {
            let now = Date()
            _ = try store.beginCreate(
                TrackedTicket(
                    row: 0, integrationID: cw.id, dedupeKey: "k\(row)", externalReference: "psalink:\(row)",
                    queueName: "Backups", accountID: "acc", companyID: "1", ticketID: "\(row)", ticketNumber: nil,
                    title: "t", isTest: false, state: .open, severity: nil, closedAt: nil, checkedAt: nil,
                    createdByEvent: nil, lastError: nil, createdAt: now, updatedAt: now))
        }
        var screen = try screen()
        let open = try store.trackedTickets(
            Store.TicketFilter(integrationID: cw.id, queueName: "Backups", state: .open)
        ).count
        #expect(screen.rows.first?.openTickets == open)
        press(&screen, .delete)
        let row = try #require(screen.confirmRemove?.row)
        #expect(QueuesScreen.removeMessage(row).contains("\(open) open ticket"))
        #expect(lines(screen).joined().contains("Remove ticket queue"))
        press(&screen, .character("n"))
        #expect(try store.queues().count == 1)
        press(&screen, .delete, .character("y"))
        #expect(try store.queues().isEmpty)
        #expect(lines(screen).contains { $0.contains("Ticket queue \"Backups\" removed.") })
    }

    @Test func removeMessageWithoutOpenTicketsSaysNoCount() {
        let queue = TicketQueue(id: 1, integrationID: 1, name: "Q", settings: [:], createdAt: Date())
        let message = QueuesScreen.removeMessage(QueueRow(queue, integration: nil, openTickets: 0))
        #expect(!message.contains("open ticket"))
        #expect(
            QueuesScreen.removeMessage(QueueRow(queue, integration: nil, openTickets: 1)).contains(
                "1 open ticket uses it"))
    }

    @Test mutating func anAnswerForAClosedFormIsDropped() throws {
        var screen = try screen()
        let effect = screen.handle(.key(.character("a")), layout: layout)
        guard case .loadChoices(let session, let id, let context, let run) = effect else {
            Issue.record("expected a load")
            return
        }
        press(&screen, .escape)
        #expect(screen.form == nil)
        press(&screen, .character("a"))
        _ = screen.choicesLoaded(session: session, integrationID: id, run: run, .success(Boards.choices(context)))
        // The new form's own load answered; the stale one changed nothing.
        #expect(screen.form?.session != session)
    }
}
