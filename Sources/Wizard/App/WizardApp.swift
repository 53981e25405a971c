import PSACore
import TerminalUI

/// The wizard as one `TerminalApp`: which screen is showing, what overlays it, and how keys
/// change that. Plain state plus `update`; drawing is in `render`; slow work (asking a PSA)
/// runs in a Task that posts its answer to the inbox.
public struct WizardApp: TerminalApp {
    public typealias Message = WizardMessage

    enum Overlay: Equatable {
        case help
    }

    enum Command: Hashable, Sendable {
        case quit, help, reload, add, edit, validate, tickets, setDefault, pause, remove, queues, audit, syncAccounts
    }

    static let keyMap = KeyMap<Command>([
        KeyBinding([.character("a")], .add, "Add a PSA integration", hint: "Add"),
        KeyBinding(
            [.enter, .character("e")], .edit, "Edit the highlighted integration: credentials, mapping, settings",
            hint: "Edit"),
        KeyBinding(
            [.character("v")], .validate, "Check the highlighted integration's credentials again", hint: "Validate"),
        KeyBinding(
            [.character("t")], .tickets, "The highlighted integration's tickets: history, retry, test ticket",
            hint: "Tickets"),
        KeyBinding([.character("u")], .queues, "Ticket queues of every integration", hint: "Queues"),
        KeyBinding([.character("d")], .setDefault, "Set the highlighted integration as the default PSA system"),
        KeyBinding(
            [.character("p")], .pause, "Pause the highlighted integration (its events wait in the outbox), or resume it"
        ),
        KeyBinding(
            [.delete, .character("x")], .remove, "Remove the highlighted integration (type its name to confirm)"),
        KeyBinding([.character("L")], .audit, "Audit log: every configuration change"),
        KeyBinding(
            [.character("n")], .syncAccounts,
            "Nerdio accounts sync: its settings, the last sync, Sync & Save"),
        KeyBinding([.character("?"), .function(1)], .help, "Help: every key", hint: "Help"),
        KeyBinding([.character("r")], .reload, "Reload the list"),
        KeyBinding([.character("q"), .control("c")], .quit, "Quit", hint: "Quit"),
    ])

    let services: WizardServices
    let inbox: MessageInbox<WizardMessage>
    var home = HomeState()
    /// The integration open in the three tabs, if any.
    var editor: IntegrationEditor?
    /// Numbers each editor opened, so answers for a closed one are dropped.
    var editorSessions = 0
    /// What the Credentials tab's running check will save when the PSA accepts it.
    var pendingSave: (credentials: Credentials, displayName: String)?
    /// Slow work for the open editor, cancelled when it closes or is superseded.
    var editorTasks: [EditorTask: Task<Void, Never>] = [:]
    /// The saved integration whose credentials are being checked again, if any.
    var revalidating: Integration?
    /// The Tickets screen of one integration, if open.
    var tickets: TicketsBrowser?
    /// Numbers each Tickets screen opened, so answers for a closed one are not applied to it.
    var ticketsSessions = 0
    /// The remove dialog over the home screen, if open.
    var removing: RemoveIntegrationDialog?
    /// The Ticket queues screen, if open.
    var queues: QueuesScreen?
    /// Numbers each Ticket queues screen opened.
    var queuesSessions = 0
    /// The audit log viewer, if open.
    var audit: AuditScreen?
    /// The Nerdio accounts sync form (key n), if open.
    var nerdioSync: NerdioSyncForm?
    /// Numbers each Nerdio sync form opened, so answers for a closed one are dropped.
    var nerdioSyncSessions = 0
    /// The sync the form is waiting for, cancelled when the form stops waiting or closes.
    var nerdioSyncTask: Task<Void, Never>?
    var overlay: Overlay?
    var notice: Notice?
    var size = Size(width: 80, height: 24)
    var tick = 0

    /// `notice` is shown on the first frame, e.g. why the chosen theme was not used.
    public init(services: WizardServices, inbox: MessageInbox<WizardMessage> = MessageInbox(), notice: String? = nil) {
        self.services = services
        self.inbox = inbox
        self.notice = notice.map(Notice.warning)
        reload()
    }

    public var isAnimating: Bool {
        !editorTasks.isEmpty || revalidating != nil || nerdioSync?.isSyncing == true || tickets?.isBusy == true
            || queues?.isBusy == true
    }

    public mutating func update(_ event: AppEvent<WizardMessage>) -> LoopAction {
        switch event {
        case .input(let input): return handle(input)
        case .message(let message):
            receive(message)
            return .continue
        case .tick:
            tick += 1
            return .continue
        }
    }

    mutating func handle(_ input: InputEvent) -> LoopAction {
        if case .resize(let newSize) = input {
            size = newSize
            return .continue
        }
        if input == .key(.control("c")) { return .exit(0) }
        if overlay == .help {
            if case .key(let key) = input,
                [.escape, .character("?"), .character("q"), .function(1), .enter].contains(key)
            {
                overlay = nil
            }
            return .continue
        }
        if audit != nil {
            if input == .key(.function(1)) || input == .key(.character("?")) {
                overlay = .help
                return .continue
            }
            handleAudit(input)
            return .continue
        }
        if queues != nil {
            if !queuesTakeTyping, input == .key(.function(1)) || input == .key(.character("?")) {
                overlay = .help
                return .continue
            }
            handleQueues(input)
            return .continue
        }
        if nerdioSync != nil {
            if input == .key(.function(1)) {
                overlay = .help
                return .continue
            }
            handleNerdioSync(input)
            return .continue
        }
        if removing != nil {
            handleRemoving(input)
            return .continue
        }
        if tickets != nil {
            if !ticketsTakeTyping, input == .key(.function(1)) || input == .key(.character("?")) {
                overlay = .help
                return .continue
            }
            handleTickets(input)
            return .continue
        }
        if editor != nil {
            if input == .key(.function(1)) {
                overlay = .help
                return .continue
            }
            handleEditor(input)
            return .continue
        }
        switch input {
        case .text(let text):
            // Typed faster than a frame (or pasted): the home screen has no text field, so
            // each character is a key.
            for character in text {
                if case .exit(let status) = handle(.key(.character(character))) { return .exit(status) }
            }
        case .key(let key):
            switch WizardApp.keyMap.command(for: key) {
            case .quit: return .exit(0)
            case .help: overlay = .help
            case .reload: reload()
            case .add:
                openEditor(for: nil)
            case .edit:
                if let integration = home.table.selectedItem { openEditor(for: integration) }
            case .validate:
                revalidateHighlighted()
            case .tickets:
                openTickets()
            case .setDefault:
                setHighlightedDefault()
            case .pause:
                togglePauseHighlighted()
            case .remove:
                startRemovingHighlighted()
            case .queues:
                openQueues()
            case .audit:
                openAudit()
            case .syncAccounts:
                openNerdioSync()
            case nil: _ = home.table.handle(input, in: HomeLayout(size: size, notice: homeNotice).table)
            }
        case .mouse:
            _ = home.table.handle(input, in: HomeLayout(size: size, notice: homeNotice).table)
        case .resize:
            break
        }
        return .continue
    }

    /// Checks the highlighted integration's stored credentials off the UI thread; the
    /// answer becomes its health.
    private mutating func revalidateHighlighted() {
        guard revalidating == nil, let integration = home.table.selectedItem, let id = integration.id else { return }
        let credentials: Credentials
        switch services.storedCredentials(of: integration) {
        case .success(let stored): credentials = stored
        case .failure(let failure):
            notice = .error("\"\(integration.displayName)\": \(failure.description)")
            return
        }
        revalidating = integration
        let services = services
        let inbox = inbox
        Task.detached {
            let result = await services.validate(credentials)
            inbox.post(.revalidationFinished(integrationID: id, result))
        }
    }

    private mutating func receive(_ message: WizardMessage) {
        switch message {
        case .accountsSyncFinished:
            receiveForNerdioSync(message)
        case .revalidationFinished(let id, let result):
            guard let integration = revalidating, integration.id == id else { return }
            revalidating = nil
            let health: Health
            switch result {
            case .success:
                health = .healthy(checkedAt: services.now())
                notice = Notice("\"\(integration.displayName)\": credentials valid.", role: .ok)
            case .failure(let error):
                health = .failing(reason: error.description, checkedAt: services.now())
                notice = .error("\"\(integration.displayName)\": \(error.description)")
            }
            do {
                try services.store.recordHealth(health, forIntegration: id)
            } catch {
                notice = .error("Could not record the result: \(error.description)")
            }
            reload()
        case .validationFinished, .companiesProgress, .companiesLoaded, .choicesLoaded, .autoMatchFinished:
            receiveForEditor(message)
        case .ticketRetryFinished, .testTicketFinished:
            receiveForTickets(message)
        case .queueChoicesLoaded:
            receiveForQueues(message)
        }
    }

    /// The home screen's notice line: a check in progress, else the latest message.
    var homeNotice: Notice? {
        guard let integration = revalidating else { return notice }
        let frame = Spinner(tick: tick).frame
        return Notice(
            "\(frame) Checking \"\(integration.displayName)\" with \(integration.system.displayName)…", role: .normal)
    }

    mutating func reload() {
        do {
            home.show(try services.store.integrations())
        } catch {
            home.loadError = "\(error)"
        }
    }

    public func render(into buffer: inout ScreenBuffer) {
        let area = buffer.bounds
        if let audit {
            renderAudit(audit, into: &buffer)
        } else if let nerdioSync {
            renderNerdioSync(nerdioSync, into: &buffer)
        } else if let queues {
            renderQueues(queues, into: &buffer)
        } else if let tickets {
            renderTickets(tickets, into: &buffer)
        } else if let editor {
            renderEditor(editor, into: &buffer)
        } else {
            let shown = homeNotice
            ScreenChrome(title: "PSA Integrations", notice: shown, hints: WizardApp.keyMap.hints)
                .render(in: area, into: &buffer)
            let layout = HomeLayout(size: buffer.size, notice: shown)
            HomeView(state: home, layout: layout).render(in: area, into: &buffer)
            if let removing {
                RemoveIntegrationView(dialog: removing, layout: RemoveDialogLayout(area: layout.content))
                    .render(in: layout.content, into: &buffer)
            }
        }
        if let banner = services.banner {
            // Over the right end of the title bar, on every screen.
            let text = " \(banner) "
            let width = min(DisplayWidth.columns(of: text), area.width / 2)
            buffer.put(truncating: text, x: area.x + area.width - width, y: area.y, width: width, role: .warning)
        }
        if overlay == .help {
            let sections: [(title: String, entries: [KeyHint])] =
                audit.map { _ in auditHelpSections } ?? nerdioSync.map { _ in nerdioSyncHelpSections }
                ?? queues.map(queuesHelpSections)
                ?? tickets.map(ticketsHelpSections) ?? editor.map(helpSections)
                ?? [
                    ("PSA Integrations", WizardApp.keyMap.helpEntries),
                    ("Integration list", TableState<Integration>.inputHelp),
                ]
            HelpOverlay(sections: sections).render(in: area, into: &buffer)
        }
    }
}
