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
        case quit, help, reload, add, validate
    }

    static let keyMap = KeyMap<Command>([
        KeyBinding([.character("a")], .add, "Add a PSA integration", hint: "Add"),
        KeyBinding(
            [.character("v")], .validate, "Check the highlighted integration's credentials again", hint: "Validate"),
        KeyBinding([.character("?"), .function(1)], .help, "Help: every key", hint: "Help"),
        KeyBinding([.character("r")], .reload, "Reload the list", hint: "Reload"),
        KeyBinding([.character("q"), .control("c")], .quit, "Quit", hint: "Quit"),
    ])

    let services: WizardServices
    let inbox: MessageInbox<WizardMessage>
    var home = HomeState()
    /// The "Add PSA integration" form while it is open.
    var form: CredentialsForm?
    /// What the form's running check will save when the PSA accepts it.
    var pendingSave: (credentials: Credentials, displayName: String)?
    var validation: Task<Void, Never>?
    /// The saved integration whose credentials are being checked again, if any.
    var revalidating: Integration?
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

    public var isAnimating: Bool { (form?.isValidating ?? false) || revalidating != nil }

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
        if form != nil {
            if input == .key(.function(1)) {
                overlay = .help
                return .continue
            }
            handleForm(input)
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
                form = CredentialsForm()
                notice = nil
            case .validate:
                revalidateHighlighted()
            case nil: _ = home.table.handle(input, in: HomeLayout(size: size, notice: homeNotice).table)
            }
        case .mouse:
            _ = home.table.handle(input, in: HomeLayout(size: size, notice: homeNotice).table)
        case .resize:
            break
        }
        return .continue
    }

    private mutating func handleForm(_ input: InputEvent) {
        guard var current = form else { return }
        let effect = current.handle(input, layout: CredentialsLayout(size: size, form: current))
        form = current
        switch effect {
        case .none:
            break
        case .close:
            form = nil
        case .cancelValidation:
            validation?.cancel()
            validation = nil
            pendingSave = nil
        case .validate(let credentials, let displayName, let run):
            pendingSave = (credentials, displayName)
            let check = services.validateCredentials
            let inbox = inbox
            validation = Task.detached {
                let result = await check(credentials)
                inbox.post(.validationFinished(run: run, result))
            }
        }
    }

    /// Checks the highlighted integration's stored credentials off the UI thread; the
    /// answer becomes its health.
    private mutating func revalidateHighlighted() {
        guard revalidating == nil, let integration = home.table.selectedItem, let id = integration.id else { return }
        let credentials: Credentials
        do {
            guard
                let stored = Credentials(
                    system: integration.system, storedFields: try services.store.credentials(forIntegration: id))
            else {
                notice = .error(
                    "The stored credentials of \"\(integration.displayName)\" are incomplete; add it again.")
                return
            }
            credentials = stored
        } catch {
            notice = .error("Could not read the credentials: \(error.description)")
            return
        }
        revalidating = integration
        let check = services.validateCredentials
        let inbox = inbox
        Task.detached {
            let result = await check(credentials)
            inbox.post(.revalidationFinished(integrationID: id, result))
        }
    }

    private mutating func receive(_ message: WizardMessage) {
        switch message {
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
        case .validationFinished(let run, let result):
            guard var current = form, let pending = pendingSave else { return }
            let accepted = current.finishValidation(run: run, result: result)
            form = current
            guard accepted else { return }
            validation = nil
            pendingSave = nil
            save(pending.credentials, displayName: pending.displayName)
        }
    }

    private mutating func save(_ credentials: Credentials, displayName: String) {
        let integration = Integration(
            system: credentials.system, displayName: displayName, health: .healthy(checkedAt: services.now()))
        do {
            let saved = try services.store.insert(integration, credentials: credentials.storedFields)
            form = nil
            reload()
            if let row = home.integrations.firstIndex(where: { $0.id == saved.id }) { home.table.select(row: row) }
            notice = Notice("Saved \(saved.system.displayName) integration \"\(saved.displayName)\".", role: .ok)
        } catch .duplicateName {
            form?.showSaveFailure("an integration with this name already exists", field: .name)
        } catch {
            form?.showSaveFailure("Could not save: \(error.description)")
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
        if let form {
            let hints = CredentialsForm.keyMap.hints + [KeyHint(key: "F1", label: "Help")]
            ScreenChrome(title: "Add PSA integration", notice: nil, hints: hints).render(in: area, into: &buffer)
            CredentialsView(form: form, layout: CredentialsLayout(size: buffer.size, form: form), tick: tick)
                .render(in: area, into: &buffer)
        } else {
            let shown = homeNotice
            ScreenChrome(title: "PSA Integrations", notice: shown, hints: WizardApp.keyMap.hints)
                .render(in: area, into: &buffer)
            HomeView(state: home, layout: HomeLayout(size: buffer.size, notice: shown)).render(in: area, into: &buffer)
        }
        if overlay == .help {
            let sections: [(title: String, entries: [KeyHint])] =
                form == nil
                ? [
                    ("PSA Integrations", WizardApp.keyMap.helpEntries),
                    ("Integration list", TableState<Integration>.inputHelp),
                ]
                : [
                    ("Add PSA integration", CredentialsForm.keyMap.helpEntries),
                    ("In a field", TextFieldState.editingHelp), ("Anywhere", [KeyHint(key: "Ctrl-C", label: "Quit")]),
                ]
            HelpOverlay(sections: sections).render(in: area, into: &buffer)
        }
    }
}
