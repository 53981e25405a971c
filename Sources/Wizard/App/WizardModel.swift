import PSACore
import TerminalUI

/// The wizard's whole state and how events change it: which screen is open (one
/// `WizardScreen`), the home list every screen returns to, the help overlay and the notice
/// line. `update` is a plain step: it reads the store where a screen shows what is stored,
/// and asks for everything else (slow work, writes) by returning `WizardEffect`s.
struct WizardModel {
    enum Command: Hashable, Sendable {
        case quit, help, reload, add, edit, validate, tickets, setDefault, pause, remove, queues, audit, syncAccounts
        case maintenance
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
        // After Quit: its hint shows only where the bar has room to spare (not at 80 columns).
        KeyBinding(
            [.character("m")], .maintenance, "Maintenance windows: times when events make no ticket",
            hint: "Maintenance"),
    ])

    /// The keys that close the help overlay.
    static let helpClosingKeys: Set<Key> = [.escape, .character("?"), .character("q"), .function(1), .enter]

    let services: WizardServices
    var screen = WizardScreen.home
    var home = HomeState()
    var showsHelp = false
    var notice: Notice?
    var size = Size(width: 80, height: 24)
    var tick = 0
    /// Numbers every screen opened, so that an answer meant for a screen closed since is
    /// not applied to a newer one.
    var sessions = 0
    /// The saved integration whose credentials are being checked again, if any.
    var revalidating: Integration?
    /// The editor's slow work that is running (the spinner turns while there is any).
    var editorJobs: Set<Job.Kind> = []
    /// What the Credentials tab's running check will save when the PSA accepts it.
    var pendingSave: (credentials: Credentials, displayName: String)?
    /// Effects asked for during the current step.
    private var effects: [WizardEffect] = []

    /// `notice` is shown on the first frame, e.g. why the chosen theme was not used.
    init(services: WizardServices, notice: String? = nil) {
        self.services = services
        self.notice = notice.map(Notice.warning)
        reload()
    }

    var isAnimating: Bool {
        if !editorJobs.isEmpty || revalidating != nil { return true }
        switch screen {
        case .nerdioSync(let form): return form.isSyncing
        case .tickets(let browser): return browser.isBusy
        case .queues(let queues): return queues.isBusy
        case .home, .removing, .editor, .audit: return false
        case .maintenance: return false
        }
    }

    // MARK: Steps

    /// One event; answers whether to go on and what the runner must do.
    mutating func update(_ event: AppEvent<WizardMessage>) -> (LoopAction, [WizardEffect]) {
        let action: LoopAction
        switch event {
        case .input(let input): action = handle(input)
        case .message(let message):
            receive(message)
            action = .continue
        case .tick:
            tick += 1
            action = .continue
        }
        return (action, takeEffects())
    }

    /// A store write the runner made; answers what else the runner must do.
    mutating func update(_ outcome: WriteOutcome) -> [WizardEffect] {
        apply(outcome)
        return takeEffects()
    }

    mutating func emit(_ effect: WizardEffect) { effects.append(effect) }

    private mutating func takeEffects() -> [WizardEffect] {
        defer { effects = [] }
        return effects
    }

    // MARK: Input

    /// Whether a text field or a searchable list of the open screen takes typed text; then
    /// `?` is a character and pasted text goes to it whole.
    var screenTakesText: Bool {
        switch screen {
        case .home, .audit: return false
        case .removing, .nerdioSync: return true
        case .editor(let editor): return editor.takesText
        case .tickets(let browser): return browser.takesText
        case .queues(let queues): return queues.form != nil
        case .maintenance(let screen): return screen.takesText
        }
    }

    mutating func handle(_ input: InputEvent) -> LoopAction {
        if case .resize(let newSize) = input {
            size = newSize
            return .continue
        }
        if input == .key(.control("c")) { return .exit(0) }
        if showsHelp {
            if case .key(let key) = input, Self.helpClosingKeys.contains(key) { showsHelp = false }
            return .continue
        }
        if case .text = input, !screenTakesText {
            for key in input.keyPresses {
                if case .exit(let status) = handle(key) { return .exit(status) }
            }
            return .continue
        }
        if input == .key(.function(1)) || (input == .key(.character("?")) && !screenTakesText) {
            showsHelp = true
            return .continue
        }
        switch screen {
        case .home: return handleHome(input)
        case .removing: handleRemoving(input)
        case .editor: handleEditor(input)
        case .tickets: handleTickets(input)
        case .queues: handleQueues(input)
        case .audit: handleAudit(input)
        case .nerdioSync: handleNerdioSync(input)
        case .maintenance: handleMaintenance(input)
        }
        return .continue
    }

    /// The commands of the home list that need a highlighted integration, off while the
    /// list is empty.
    var homeKeyMap: KeyMap<Command> {
        guard home.selected == nil else { return Self.keyMap }
        return Self.keyMap.disabling([.edit, .validate, .tickets, .setDefault, .pause, .remove])
    }

    private mutating func handleHome(_ input: InputEvent) -> LoopAction {
        let table = HomeLayout(size: size, notice: homeNotice).table
        guard case .key(let key) = input, let command = homeKeyMap.command(for: key) else {
            _ = home.table.handle(input, in: table)
            return .continue
        }
        switch command {
        case .quit: return .exit(0)
        case .help: showsHelp = true
        case .reload: reload()
        case .add: openEditor(for: nil)
        case .edit: if let integration = home.selected { openEditor(for: integration) }
        case .validate: revalidateHighlighted()
        case .tickets: openTickets()
        case .setDefault: setHighlightedDefault()
        case .pause: togglePauseHighlighted()
        case .remove: startRemovingHighlighted()
        case .queues: openQueues()
        case .audit: openAudit()
        case .syncAccounts: openNerdioSync()
        case .maintenance: openMaintenance()
        }
        return .continue
    }

    /// Opens a screen as a new session; the home notice gives way to it.
    mutating func open(_ make: (Int) -> WizardScreen) {
        sessions += 1
        notice = nil
        screen = make(sessions)
    }

    /// Back to the home list, read again.
    mutating func goHome() {
        screen = .home
        reload()
    }

    mutating func reload() {
        do {
            home.show(try services.homeRows())
        } catch {
            home.loadError = "\(error)"
        }
    }

    /// Reads the list again, keeping the highlight on the integration `id`.
    mutating func reloadKeeping(_ id: Int64?) {
        reload()
        if let row = home.integrations.firstIndex(where: { $0.id == id }) { home.table.select(row: row) }
    }

    // MARK: Answers

    private mutating func receive(_ message: WizardMessage) {
        switch message {
        case .accountsSyncFinished:
            receiveForNerdioSync(message)
        case .revalidationFinished(let id, let valid, let text):
            guard let integration = revalidating, integration.id == id else { return }
            revalidating = nil
            let name = "\"\(integration.displayName)\": "
            notice = valid ? Notice(name + text, role: .ok) : .error(name + TerminalSafeText.escaped(text))
            reload()
        case .validationFinished, .companiesProgress, .companiesLoaded, .choicesLoaded, .autoMatchFinished:
            receiveForEditor(message)
        case .ticketRetryFinished, .testTicketFinished:
            receiveForTickets(message)
        case .queueChoicesLoaded:
            receiveForQueues(message)
        }
    }

    private mutating func apply(_ outcome: WriteOutcome) {
        switch outcome {
        case .credentialsSaved, .mappingsSaved, .ticketSettingsSaved: appliedInEditor(outcome)
        case .homeChanged: appliedOnHome(outcome)
        case .queueSaved, .queueRemoved: appliedInQueues(outcome)
        case .maintenanceWindowAdded, .maintenanceWindowRemoved: appliedInMaintenance(outcome)
        }
    }

    /// The home screen's notice line: a check in progress, else the latest message.
    var homeNotice: Notice? {
        guard let integration = revalidating else { return notice }
        let frame = Spinner(tick: tick).frame
        return Notice(
            "\(frame) Checking \"\(integration.displayName)\" with \(integration.system.displayName)…", role: .normal)
    }

    /// Checks the highlighted integration's stored credentials off the UI thread; the
    /// answer becomes its health.
    private mutating func revalidateHighlighted() {
        guard revalidating == nil, let integration = home.selected else { return }
        revalidating = integration
        emit(.start(.revalidate(integration)))
    }
}
