import PSACore
import TerminalUI

/// The Credentials tab: the system, a display name and that system's credential fields,
/// checked with the PSA before anything is saved. Adding, everything starts empty; editing,
/// the stored values are filled in, except secrets, which keep their stored value unless a
/// new one is typed. Plain state; the wizard runs the effects it asks for.
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
        /// Esc: the user wants to leave (the editor asks first when something is unsaved).
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
    /// The stored fields of the integration being edited; nil while adding one.
    private(set) var storedFields: [String: String]?
    /// The text each field started with, to tell whether anything changed.
    private var initialText: [CredentialFieldSpec.Key: String] = [:]

    init(system: PSASystem = .halo) {
        self.system = system
        systemPicker = PickerState(
            options: PSASystem.allCases.map(\.displayName), chosen: PSASystem.allCases.firstIndex(of: system))
        focus = FocusRing([])
        focus.reorder(focusOrder)
        focus.focus(.field(.name))
    }

    /// The form of a saved integration: its system is fixed, since its mappings and ticket
    /// settings belong to that PSA.
    init(editing integration: Integration, storedFields: [String: String]) {
        self.init(system: integration.system)
        self.storedFields = storedFields
        initialText[.name] = integration.displayName
        for field in fields {
            guard !field.isSecret, let name = field.storedName, let value = storedFields[name] else { continue }
            if field.key == .zoneDiscoveryURL, value == AutotaskCredentials.defaultZoneDiscoveryURL { continue }
            initialText[field.key] = value
        }
        for (key, text) in initialText {
            values[key] = TextFieldState(text: text)
        }
        focus.reorder(focusOrder)
        focus.focus(.field(.name))
    }

    var isEditing: Bool { storedFields != nil }

    /// Whether a secret field keeps a stored value while left empty.
    func hasStoredSecret(_ key: CredentialFieldSpec.Key) -> Bool {
        guard let name = fields.first(where: { $0.key == key })?.storedName else { return false }
        return storedFields?[name]?.isEmpty == false
    }

    var fields: [CredentialFieldSpec] { CredentialFieldSpec.fields(for: system) }
    var isValidating: Bool { validatingRun != nil }

    var focusOrder: [Focus] { (isEditing ? [] : [.system]) + fields.map { .field($0.key) } + [.save, .cancel] }

    func value(_ key: CredentialFieldSpec.Key) -> TextFieldState {
        values[key] ?? TextFieldState(isSecret: fields.first { $0.key == key }?.isSecret ?? false)
    }

    /// Whether any field differs from what it started with.
    var isDirty: Bool { fields.contains { value($0.key).text != (initialText[$0.key] ?? "") } }

    /// The form now shows the integration as saved: what was typed is the new starting point.
    mutating func didSave(_ integration: Integration, storedFields: [String: String]) {
        self = CredentialsForm(editing: integration, storedFields: storedFields)
    }

    // MARK: Events

    mutating func handle(_ event: InputEvent, layout: CredentialsLayout) -> Effect {
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
            case .leave: return .close
            case .activate:
                if focus.focused == .save { return submit() }
                if focus.focused == .cancel { return .close }
                focus.next()
            }
            return .none
        }
        if event == .key(.character(" ")), focus.focused == .save || focus.focused == .cancel {
            return focus.focused == .save ? submit() : .close
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
            if event == .key(.escape) { return .close }
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

    /// Checks the fields here first (cheap, and names the field); only then asks the PSA.
    mutating func submit() -> Effect {
        errors = [:]
        formError = nil
        let displayName = value(.name).text.trimmingCharacters(in: .whitespaces)
        if displayName.isEmpty { errors[.name] = "is empty" }
        let credentials = makeCredentials()
        for problem in credentials.problems() {
            let key = fields.first { $0.field == problem.field }?.key ?? .name
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
        func secret(_ key: CredentialFieldSpec.Key) -> Secret {
            let typed = value(key).text
            guard typed.isEmpty, let name = fields.first(where: { $0.key == key })?.storedName,
                let stored = storedFields?[name]
            else { return Secret(typed) }
            return Secret(stored)
        }
        switch system {
        case .halo:
            let tenant = text(.tenant)
            return .halo(
                HaloCredentials(
                    url: text(.url), clientID: text(.haloClientID), clientSecret: secret(.clientSecret),
                    tenant: tenant.isEmpty ? nil : tenant))
        case .connectwise:
            return .connectwise(
                ConnectWiseCredentials(
                    site: text(.site), companyID: text(.company), publicKey: text(.publicKey),
                    privateKey: secret(.privateKey), clientID: text(.connectWiseClientID)))
        case .autotask:
            let zoneLookup = text(.zoneDiscoveryURL)
            return .autotask(
                AutotaskCredentials(
                    username: text(.username), secret: secret(.secret),
                    integrationCode: text(.integrationCode),
                    zoneDiscoveryURL: zoneLookup.isEmpty ? AutotaskCredentials.defaultZoneDiscoveryURL : zoneLookup))
        }
    }
}
