import PSACore
import TerminalUI

/// The "Add PSA integration" form: the system, a display name and that system's credential
/// fields, checked with the PSA before anything is saved. Plain state; the wizard runs the
/// effects it asks for.
struct CredentialsForm {
    enum Focus: Hashable, Sendable {
        case system
        case field(CredentialFieldSpec.Key)
        case save
        case cancel
    }

    /// What the wizard must do after an event.
    enum Effect: Equatable {
        case none
        /// Check these credentials with the PSA (off the UI thread); `run` tags the answer.
        case validate(Credentials, displayName: String, run: Int)
        case cancelValidation
        /// Leave the form without saving.
        case close
    }

    private(set) var system: PSASystem
    var systemPicker: PickerState
    private(set) var values: [CredentialFieldSpec.Key: TextFieldState] = [:]
    private(set) var focus: FocusRing<Focus>
    /// Problems shown under the field they concern.
    private(set) var errors: [CredentialFieldSpec.Key: String] = [:]
    /// A problem that belongs to no single field (a timeout, a TLS failure).
    private(set) var formError: String?
    /// The run number of the check in progress, if one is.
    private(set) var validatingRun: Int?
    private var nextRun = 1
    var confirmDiscard: ConfirmState?

    init(system: PSASystem = .halo) {
        self.system = system
        systemPicker = PickerState(
            options: PSASystem.allCases.map(\.displayName), chosen: PSASystem.allCases.firstIndex(of: system))
        focus = FocusRing([])
        focus.reorder(focusOrder)
        focus.focus(.field(.name))
    }

    var fields: [CredentialFieldSpec] { CredentialFieldSpec.fields(for: system) }
    var isValidating: Bool { validatingRun != nil }

    var focusOrder: [Focus] { [.system] + fields.map { .field($0.key) } + [.save, .cancel] }

    func value(_ key: CredentialFieldSpec.Key) -> TextFieldState {
        values[key] ?? TextFieldState(isSecret: fields.first { $0.key == key }?.isSecret ?? false)
    }

    var hasInput: Bool { values.values.contains { !$0.isEmpty } }

    // MARK: Events

    mutating func handle(_ event: InputEvent, layout: CredentialsLayout) -> Effect {
        if var confirm = confirmDiscard, case .key = event {
            switch confirm.handle(event) {
            case .confirmed: return .close
            case .cancelled: confirmDiscard = nil
            default: confirmDiscard = confirm
            }
            return .none
        }
        if isValidating {
            // While the PSA is asked, only Esc (cancel) does anything.
            if event == .key(.escape) {
                validatingRun = nil
                formError = "Validation cancelled; nothing was saved."
                return .cancelValidation
            }
            return .none
        }
        if focus.focused == .system, systemPicker.isOpen || !Self.movesFocus(event) {
            return handleSystemPicker(event, layout: layout)
        }
        if case .key(let key) = event, let command = Self.keyMap.command(for: key) {
            switch command {
            case .next: focus.next()
            case .previous: focus.previous()
            case .submit: return submit()
            case .leave: return leave()
            case .activate:
                if focus.focused == .save { return submit() }
                if focus.focused == .cancel { return leave() }
                focus.next()
            }
            return .none
        }
        if event == .key(.character(" ")), focus.focused == .save || focus.focused == .cancel {
            return focus.focused == .save ? submit() : leave()
        }
        if case .field(let key) = focus.focused {
            var state = value(key)
            if state.handle(event) {
                values[key] = state
                errors[key] = nil
            }
        }
        return .none
    }

    enum Command: Hashable, Sendable {
        case next, previous, submit, leave, activate
    }

    /// The form's keys; the help overlay and the hint bar are made from this table.
    static let keyMap = KeyMap<Command>([
        KeyBinding([.tab, .down], .next, "Next field", hint: "Next"),
        KeyBinding([.backTab, .up], .previous, "Previous field"),
        KeyBinding([.enter], .activate, "Next field, or press the focused button"),
        KeyBinding([.control("s")], .submit, "Validate & Save (checks with the PSA first)", hint: "Validate & Save"),
        KeyBinding([.escape], .leave, "Cancel (asks before discarding what you typed)", hint: "Cancel"),
    ])

    static func movesFocus(_ event: InputEvent) -> Bool {
        guard case .key(let key) = event, key != .down, key != .enter else { return false }
        return keyMap.command(for: key) != nil
    }

    private mutating func handleSystemPicker(_ event: InputEvent, layout: CredentialsLayout) -> Effect {
        switch systemPicker.handle(event, anchor: layout.systemField, bounds: layout.screen) {
        case .chosen(let index):
            choose(PSASystem.allCases[index])
        case .ignored:
            if event == .key(.tab) { focus.next() }
            if event == .key(.backTab) { focus.previous() }
            if event == .key(.escape) { return leave() }
        case .cancelled, .consumed:
            break
        }
        return .none
    }

    /// Switching the system keeps the display name and drops the other system's fields.
    mutating func choose(_ newSystem: PSASystem) {
        guard newSystem != system else { return }
        system = newSystem
        let name = values[.name]
        values = [:]
        values[.name] = name
        errors = [:]
        formError = nil
        focus.reorder(focusOrder)
    }

    private mutating func leave() -> Effect {
        guard hasInput else { return .close }
        confirmDiscard = ConfirmState()
        return .none
    }

    /// Checks the fields here first (cheap, and names the field); only then asks the PSA.
    mutating func submit() -> Effect {
        errors = [:]
        formError = nil
        let displayName = value(.name).text.trimmingCharacters(in: .whitespaces)
        if displayName.isEmpty { errors[.name] = "is empty" }
        let credentials = makeCredentials()
        for problem in credentials.problems() {
            let key = fields.first { problem.field.hasPrefix($0.flag) }?.key ?? .name
            errors[key] = errors[key] ?? problem.reason
        }
        if let first = fields.first(where: { errors[$0.key] != nil }) {
            focus.focus(.field(first.key))
            return .none
        }
        let run = nextRun
        nextRun += 1
        validatingRun = run
        return .validate(credentials, displayName: displayName, run: run)
    }

    /// The answer of a check; a stale answer (cancelled, or from an earlier run) is ignored.
    /// Returns true when the credentials were accepted.
    mutating func finishValidation(run: Int, result: Result<Void, ConnectorError>) -> Bool {
        guard run == validatingRun else { return false }
        validatingRun = nil
        switch result {
        case .success:
            return true
        case .failure(let error):
            show(error)
            return false
        }
    }

    /// Puts a failure beside the field it concerns, or under the form.
    mutating func show(_ error: ConnectorError) {
        let message = error.description
        switch error {
        case .unauthorized:
            errors[secretField] = message
            focus.focus(.field(secretField))
        case .forbidden(let text):
            formError = "Signed in, but " + text
        case .notFound where system == .connectwise:
            errors[.company] = message
            focus.focus(.field(.company))
        case .notFound where system == .autotask:
            errors[.username] = message
            focus.focus(.field(.username))
        case .transport(.unknownHost), .transport(.cannotConnect), .transport(.insecureURL), .transport(.invalidURL):
            errors[addressField] = message
            focus.focus(.field(addressField))
        default:
            formError = message
        }
    }

    /// A failure to save after a successful check (e.g. the name is taken).
    mutating func showSaveFailure(_ message: String, field: CredentialFieldSpec.Key? = nil) {
        if let field {
            errors[field] = message
            focus.focus(.field(field))
        } else {
            formError = message
        }
    }

    private var secretField: CredentialFieldSpec.Key {
        switch system {
        case .halo: return .clientSecret
        case .connectwise: return .privateKey
        case .autotask: return .secret
        }
    }

    private var addressField: CredentialFieldSpec.Key {
        switch system {
        case .halo: return .url
        case .connectwise: return .site
        case .autotask: return .username
        }
    }

    func makeCredentials() -> Credentials {
        func text(_ key: CredentialFieldSpec.Key) -> String { value(key).text.trimmingCharacters(in: .whitespaces) }
        switch system {
        case .halo:
            let tenant = text(.tenant)
            return .halo(
                HaloCredentials(
                    url: text(.url), clientID: text(.haloClientID), clientSecret: Secret(value(.clientSecret).text),
                    tenant: tenant.isEmpty ? nil : tenant))
        case .connectwise:
            return .connectwise(
                ConnectWiseCredentials(
                    site: text(.site), companyID: text(.company), publicKey: text(.publicKey),
                    privateKey: Secret(value(.privateKey).text), clientID: text(.connectWiseClientID)))
        case .autotask:
            let zoneLookup = text(.zoneDiscoveryURL)
            return .autotask(
                AutotaskCredentials(
                    username: text(.username), secret: Secret(value(.secret).text),
                    integrationCode: text(.integrationCode),
                    zoneDiscoveryURL: zoneLookup.isEmpty ? AutotaskCredentials.defaultZoneDiscoveryURL : zoneLookup))
        }
    }
}
