import Foundation
import PSACore
import TerminalUI

/// The "Nerdio accounts sync" form (key n on home): where Nerdio Manager's REST API is and
/// the Entra ID app registration it accepts, then Sync & Save. Prefilled from the stored
/// settings, except the client secret, which keeps its stored value unless a new one is
/// typed. Nothing is saved unless a sync with the settings succeeds (`NerdioSync.run`).
/// Plain state; the wizard runs the effects it asks for.
struct NerdioSyncForm {
    enum Field: Hashable, Sendable, CaseIterable {
        case url, tenant, clientID, clientSecret, scope, authority
    }

    /// One field: its label, where the admin finds the value, and the setting it holds.
    struct FieldSpec: Equatable {
        var field: Field
        var label: String
        var hint: String
        var isSecret = false
        var isOptional = false
        /// The setting `NerdioSyncSettings.check()` names in this field's problems.
        var setting: NerdioSyncField
    }

    static let fields: [FieldSpec] = [
        FieldSpec(
            field: .url, label: "Nerdio Manager URL",
            hint:
                "Nerdio Manager: Settings → Integrations → REST API; the address you sign in at, without /rest-api, "
                + "e.g. https://nmm.contoso.com.",
            setting: .url),
        FieldSpec(
            field: .tenant, label: "Tenant ID",
            hint:
                "Nerdio Manager: Settings → Integrations → REST API shows it; or the Entra ID app registration's "
                + "Overview → Directory (tenant) ID.",
            setting: .tenant),
        FieldSpec(
            field: .clientID, label: "Client ID",
            hint:
                "Nerdio Manager: Settings → Integrations → REST API shows it; or the Entra ID app registration's "
                + "Overview → Application (client) ID.",
            setting: .clientID),
        FieldSpec(
            field: .clientSecret, label: "Client secret",
            hint:
                "The secret's Value, shown once when created: Nerdio Manager's REST API settings, or the Entra ID app "
                + "registration's Certificates & secrets.",
            isSecret: true, setting: .clientSecret),
        FieldSpec(
            field: .scope, label: "Scope",
            hint:
                "Nerdio Manager: Settings → Integrations → REST API shows it, e.g. api://<app id>/.default.",
            setting: .scope),
        FieldSpec(
            field: .authority, label: "Authority",
            hint:
                "Leave empty for Microsoft's public cloud (\(NerdioSyncSettings.defaultAuthority)); set it for a "
                + "sovereign cloud.",
            isOptional: true, setting: .authority),
    ]

    enum Focus: Hashable, Sendable {
        case field(Field)
        case save
        case cancel
    }

    /// What the wizard must do after an event.
    enum Effect: Equatable {
        case none
        /// Sync with these settings (off the UI thread); `run` tags the answer.
        case sync(NerdioSyncSettings, run: Int)
        /// Esc while syncing: stop waiting; the answer will be ignored.
        case cancelSync
        /// Leave the form (nothing unsaved, or the admin said discard).
        case close
    }

    /// Numbers each form opened, so that an answer for a closed one is dropped.
    let session: Int
    private(set) var values: [Field: TextFieldState] = [:]
    private(set) var focus: FocusRing<Focus>
    /// Problems shown under the field they concern.
    private(set) var errors: [Field: String] = [:]
    /// A problem that belongs to no single field: Entra ID's or Nerdio Manager's answer.
    private(set) var formError: String?
    /// The run number of the sync in progress, if one is.
    private(set) var syncingRun: Int?
    private var nextRun = 1
    /// The settings stored by the last successful sync; nil before the first.
    private(set) var stored: NerdioSyncSettings?
    private(set) var lastSyncedAt: Date?
    private(set) var lastResult: String?
    /// The question "discard what you typed?" while it is asked.
    private(set) var confirmLeave: ConfirmState?
    /// The text each field started with, to tell whether anything changed.
    private var initialText: [Field: String] = [:]

    init(session: Int, record: NerdioSyncRecord? = nil) {
        self.session = session
        focus = FocusRing(Self.focusOrder, focused: .field(.url))
        showRecord(record)
        if let settings = record?.settings {
            stored = settings
            initialText[.url] = settings.url
            initialText[.tenant] = settings.tenant
            initialText[.clientID] = settings.clientID
            initialText[.scope] = settings.scope
            if settings.authority != NerdioSyncSettings.defaultAuthority {
                initialText[.authority] = settings.authority
            }
        }
        for (field, text) in initialText {
            values[field] = TextFieldState(text: text)
        }
    }

    static let focusOrder: [Focus] = fields.map { .field($0.field) } + [.save, .cancel]

    static func spec(_ field: Field) -> FieldSpec {
        fields.first { $0.field == field }!
    }

    /// The latest sync as the store keeps it.
    mutating func showRecord(_ record: NerdioSyncRecord?) {
        lastSyncedAt = record?.lastSyncedAt
        lastResult = record?.lastResult
    }

    var isSyncing: Bool { syncingRun != nil }

    /// Whether the secret field keeps a stored secret while left empty.
    var hasStoredSecret: Bool { stored.map { !$0.clientSecret.isBlank } ?? false }

    func value(_ field: Field) -> TextFieldState {
        values[field] ?? TextFieldState(isSecret: Self.spec(field).isSecret)
    }

    /// Whether any field differs from what it started with.
    var isDirty: Bool { Field.allCases.contains { value($0).text != (initialText[$0] ?? "") } }

    // MARK: Events

    enum Command: Hashable, Sendable {
        case next, previous, submit, leave, activate
    }

    /// The form's keys; the help overlay and the hint bar are made from this table.
    static let keyMap = KeyMap<Command>([
        KeyBinding([.tab, .down], .next, "Next field", hint: "Next"),
        KeyBinding([.backTab, .up], .previous, "Previous field"),
        KeyBinding([.enter], .activate, "Next field, or press the focused button"),
        KeyBinding(
            [.control("s")], .submit, "Sync & Save: reads the accounts with these settings, saves them if it works",
            hint: "Sync & Save"),
        KeyBinding(
            [.escape], .leave, "Cancel (asks before discarding what you typed; while syncing, stops waiting)",
            hint: "Cancel"),
    ])

    mutating func handle(_ event: InputEvent) -> Effect {
        if var confirm = confirmLeave {
            switch confirm.handle(event) {
            case .confirmed:
                confirmLeave = nil
                return .close
            case .cancelled: confirmLeave = nil
            case .handled, .ignored: confirmLeave = confirm
            }
            return .none
        }
        if isSyncing {
            // While Nerdio Manager is asked, only Esc (stop waiting) does anything.
            if event == .key(.escape) {
                syncingRun = nil
                formError = "Stopped waiting; the answer will be ignored. Ctrl-S syncs again."
                return .cancelSync
            }
            return .none
        }
        if case .key(let key) = event, let command = Self.keyMap.command(for: key) {
            switch command {
            case .next: focus.next()
            case .previous: focus.previous()
            case .submit: return submit()
            case .leave: return requestLeave()
            case .activate:
                if focus.focused == .save { return submit() }
                if focus.focused == .cancel { return requestLeave() }
                focus.next()
            }
            return .none
        }
        if event == .key(.character(" ")), focus.focused == .save || focus.focused == .cancel {
            return focus.focused == .save ? submit() : requestLeave()
        }
        if case .field(let field) = focus.focused {
            var state = value(field)
            if state.handle(event) {
                values[field] = state
                errors[field] = nil
            }
        }
        return .none
    }

    /// Puts the cursor in `field`.
    mutating func focusField(_ field: Field) {
        focus.focus(.field(field))
    }

    /// Leaves at once when nothing was typed, else asks first.
    private mutating func requestLeave() -> Effect {
        guard isDirty else { return .close }
        confirmLeave = ConfirmState()
        return .none
    }

    /// The settings as typed: the stored secret unless a new one was typed, the public
    /// cloud's authority when that field is empty.
    func makeSettings() -> NerdioSyncSettings {
        func text(_ field: Field) -> String { value(field).text.trimmingCharacters(in: .whitespaces) }
        let typedSecret = value(.clientSecret).text
        let secret = typedSecret.isEmpty ? stored?.clientSecret ?? Secret("") : Secret(typedSecret)
        let authority = text(.authority)
        return NerdioSyncSettings(
            url: text(.url), tenant: text(.tenant), clientID: text(.clientID), clientSecret: secret,
            scope: text(.scope), authority: authority.isEmpty ? NerdioSyncSettings.defaultAuthority : authority
        ).normalized
    }

    /// Checks the fields here first (every empty one is named at once); only then syncs.
    mutating func submit() -> Effect {
        errors = [:]
        formError = nil
        let settings = makeSettings()
        for spec in Self.fields where !spec.isOptional {
            let empty =
                spec.isSecret ? settings.clientSecret.isBlank : value(spec.field).text.allSatisfy(\.isWhitespace)
            if empty { errors[spec.field] = "is empty" }
        }
        if errors.isEmpty {
            do throws(NerdioSyncError) {
                try settings.check()
            } catch {
                let (field, message) = Self.place(error)
                if let field { errors[field] = message } else { formError = message }
            }
        }
        if let first = Self.fields.first(where: { errors[$0.field] != nil }) {
            focus.focus(.field(first.field))
            return .none
        }
        if formError != nil { return .none }
        let run = nextRun
        nextRun += 1
        syncingRun = run
        return .sync(settings, run: run)
    }

    /// The field a problem of `check()` concerns, and the problem as shown there (without the
    /// field's name, which the label already shows).
    static func place(_ problem: NerdioSyncError) -> (Field?, String) {
        guard case .invalidSettings(let setting, let reason) = problem,
            let spec = fields.first(where: { $0.setting == setting })
        else { return (nil, problem.description) }
        return (spec.field, reason)
    }

    /// The answer of a sync; a stale one (stopped waiting, or an earlier run) is ignored.
    /// Returns the summary when the sync succeeded and the form is done.
    mutating func finishSync(run: Int, _ result: Result<String, WizardFailure>) -> String? {
        guard run == syncingRun else { return nil }
        syncingRun = nil
        switch result {
        case .success(let summary):
            return summary
        case .failure(let failure):
            formError = "Not saved: " + failure.description
            return nil
        }
    }
}
