import PSACore
import TerminalUI

/// The Credentials tab: the system, a display name and that system's credential fields,
/// checked with the PSA before anything is saved. Adding, everything starts empty; editing,
/// the stored values are filled in, except secrets, which keep their stored value unless a
/// new one is typed. Plain state; the wizard runs the effects it asks for.
struct CredentialsForm {
    enum Action: Hashable, Sendable {
        case save, cancel
    }

    typealias Rows = FormState<CredentialFieldSpec.Key, Action>
    typealias Focus = Rows.Focus
    typealias Command = FormCommand

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
    /// The system, the display name and the system's fields, with what was typed and the
    /// problems found.
    private(set) var rows: Rows
    /// The run number of the check in progress, if one is.
    private(set) var validatingRun: Int?
    private var nextRun = 1
    /// The stored fields of the integration being edited; nil while adding one.
    private(set) var storedFields: [String: String]?

    init(system: PSASystem = .halo) {
        self.init(system: system, storedFields: nil, texts: [:])
    }

    /// The form of a saved integration: its system is fixed, since its mappings and ticket
    /// settings belong to that PSA.
    init(editing integration: Integration, storedFields: [String: String]) {
        var texts: [CredentialFieldSpec.Key: String] = [.name: integration.displayName]
        for field in CredentialFieldSpec.fields(for: integration.system) {
            guard !field.isSecret, let name = field.storedName, let value = storedFields[name] else { continue }
            if field.key == .zoneDiscoveryURL, value == AutotaskCredentials.defaultZoneDiscoveryURL { continue }
            texts[field.key] = value
        }
        self.init(system: integration.system, storedFields: storedFields, texts: texts)
    }

    private init(system: PSASystem, storedFields: [String: String]?, texts: [CredentialFieldSpec.Key: String]) {
        self.system = system
        self.storedFields = storedFields
        rows = Rows(
            fields: Self.formFields(system: system, storedFields: storedFields), buttons: Self.buttons,
            style: FormStyle(labelWidth: CredentialsLayout.labelWidth), texts: texts)
        rows.choose(PSASystem.allCases.firstIndex(of: system), for: .system)
        rows.focus(.field(.name))
    }

    private static let buttons = [
        FormButton(
            Action.save, title: "Validate & Save",
            hint: "Checks the credentials with the PSA, then saves them. Ctrl-S does the same from any field."),
        FormButton(Action.cancel, title: "Cancel"),
    ]

    /// The system (a dropdown while adding), then the system's credential fields. A secret
    /// field says whether leaving it empty keeps the stored secret.
    private static func formFields(system: PSASystem, storedFields: [String: String]?)
        -> [FormField<CredentialFieldSpec.Key>]
    {
        let systemRow = FormField(
            CredentialFieldSpec.Key.system, label: "System",
            input: storedFields != nil ? .fixed(system.displayName) : .picker(PSASystem.allCases.map(\.displayName)),
            hint: "Enter chooses the PSA: HaloPSA, ConnectWise PSA or Datto Autotask PSA.", maxWidth: 24, spaceAfter: 1)
        return [systemRow]
            + CredentialFieldSpec.fields(for: system).map { field in
                let hasStoredSecret = field.storedName.flatMap { storedFields?[$0] }?.isEmpty == false
                let placeholder =
                    !field.isSecret ? "" : hasStoredSecret ? "(stored; type to replace)" : "(hidden as you type)"
                return FormField(
                    field.key, label: field.label, input: .text(placeholder: placeholder, isSecret: field.isSecret),
                    hint: field.hint, isOptional: field.isOptional)
            }
    }

    var isEditing: Bool { storedFields != nil }

    /// Whether a secret field keeps a stored value while left empty.
    func hasStoredSecret(_ key: CredentialFieldSpec.Key) -> Bool {
        guard let name = fields.first(where: { $0.key == key })?.storedName else { return false }
        return storedFields?[name]?.isEmpty == false
    }

    var fields: [CredentialFieldSpec] { CredentialFieldSpec.fields(for: system) }
    var isValidating: Bool { validatingRun != nil }
    var focus: FocusRing<Focus> { rows.focus }
    /// Problems shown under the field they concern.
    var errors: [CredentialFieldSpec.Key: String] { rows.errors }
    /// A problem that belongs to no single field (a timeout, a TLS failure).
    var formError: String? { rows.message }

    func value(_ key: CredentialFieldSpec.Key) -> TextFieldState { rows.text(key) }

    /// Whether any field differs from what it started with.
    var isDirty: Bool { rows.isDirty }

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
                rows.message = "Validation cancelled; nothing was saved."
                return .cancelValidation
            }
            return .none
        }
        switch rows.handle(event, commands: Self.keyMap.command(for:), layout: layout.rows) {
        case .chosen(_, let index): choose(PSASystem.allCases[index])
        case .submit, .pressed(.save): return submit()
        case .leave, .pressed(.cancel): return .close
        case .none, .typed, .exited: break
        }
        return .none
    }

    /// The form's keys; the help overlay and the hint bar are made from this table.
    static let keyMap = KeyMap.form(
        submit: "Validate & Save (checks with the PSA first)", submitHint: "Validate & Save",
        leave: "Cancel (asks before discarding what you typed)")

    /// Switching the system keeps the display name and drops the other system's fields.
    mutating func choose(_ newSystem: PSASystem) {
        guard newSystem != system else { return }
        system = newSystem
        rows.setFields(Self.formFields(system: newSystem, storedFields: storedFields))
        rows.errors = [:]
        rows.message = nil
    }

    /// Checks the fields here first (cheap, and names the field); only then asks the PSA.
    mutating func submit() -> Effect {
        rows.errors = [:]
        rows.message = nil
        let displayName = value(.name).text.trimmingCharacters(in: .whitespaces)
        if displayName.isEmpty { rows.errors[.name] = "is empty" }
        let credentials = makeCredentials()
        for problem in credentials.problems() {
            let key = fields.first { $0.field == problem.field }?.key ?? .name
            rows.errors[key] = rows.errors[key] ?? problem.reason
        }
        if rows.focusFirstError() { return .none }
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
        case .unauthorized: rows.showError(message, at: secretField)
        case .forbidden(let text): rows.message = "Signed in, but " + text
        case .notFound where system == .connectwise: rows.showError(message, at: .company)
        case .notFound where system == .autotask: rows.showError(message, at: .username)
        case .transport(.unknownHost), .transport(.cannotConnect), .transport(.insecureURL), .transport(.invalidURL):
            rows.showError(message, at: addressField)
        default: rows.message = message
        }
    }

    /// A failure to save after a successful check (e.g. the name is taken).
    mutating func showSaveFailure(_ message: String, field: CredentialFieldSpec.Key? = nil) {
        if let field { rows.showError(message, at: field) } else { rows.message = message }
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
