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

    enum Action: Hashable, Sendable {
        case save, cancel
    }

    typealias Rows = FormState<Field, Action>
    typealias Focus = Rows.Focus
    typealias Command = FormCommand

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
    /// The fields, what was typed, and the problems found.
    private(set) var rows: Rows
    /// The run number of the sync in progress, if one is.
    private(set) var syncingRun: Int?
    private var nextRun = 1
    /// The settings stored by the last successful sync; nil before the first.
    private(set) var stored: NerdioSyncSettings?
    private(set) var lastSyncedAt: Date?
    private(set) var lastResult: String?
    /// The question "discard what you typed?" while it is asked.
    private(set) var confirmLeave: ConfirmState?

    init(session: Int, record: NerdioSyncRecord? = nil) {
        self.session = session
        var texts: [Field: String] = [:]
        if let settings = record?.settings {
            stored = settings
            texts[.url] = settings.url
            texts[.tenant] = settings.tenant
            texts[.clientID] = settings.clientID
            texts[.scope] = settings.scope
            if settings.authority != NerdioSyncSettings.defaultAuthority {
                texts[.authority] = settings.authority
            }
        }
        let hasStoredSecret = stored.map { !$0.clientSecret.isBlank } ?? false
        rows = Rows(
            fields: Self.formFields(hasStoredSecret: hasStoredSecret), buttons: Self.buttons,
            style: FormStyle(labelWidth: NerdioSyncFormLayout.labelWidth), texts: texts)
        showRecord(record)
    }

    /// The secret is never shown: its field says whether leaving it empty keeps the stored one.
    private static func formFields(hasStoredSecret: Bool) -> [FormField<Field>] {
        fields.map { spec in
            let placeholder: String
            switch spec.field {
            case .clientSecret: placeholder = hasStoredSecret ? "(stored; type to replace)" : "(hidden as you type)"
            case .authority: placeholder = NerdioSyncSettings.defaultAuthority
            case .scope: placeholder = "api://<app id>/.default"
            case .url, .tenant, .clientID: placeholder = ""
            }
            return FormField(
                spec.field, label: spec.label, input: .text(placeholder: placeholder, isSecret: spec.isSecret),
                hint: spec.hint, isOptional: spec.isOptional)
        }
    }

    private static let buttons = [
        FormButton(
            Action.save, title: "Sync & Save",
            hint: "Reads the accounts from Nerdio Manager with these settings and saves the settings if that works. "
                + "Ctrl-S does the same from any field."),
        FormButton(Action.cancel, title: "Cancel"),
    ]

    /// The latest sync as the store keeps it.
    mutating func showRecord(_ record: NerdioSyncRecord?) {
        lastSyncedAt = record?.lastSyncedAt
        lastResult = record?.lastResult
    }

    var isSyncing: Bool { syncingRun != nil }

    /// Whether the secret field keeps a stored secret while left empty.
    var hasStoredSecret: Bool { stored.map { !$0.clientSecret.isBlank } ?? false }

    var focus: FocusRing<Focus> { rows.focus }
    /// Problems shown under the field they concern.
    var errors: [Field: String] { rows.errors }
    /// A problem that belongs to no single field: Entra ID's or Nerdio Manager's answer.
    var formError: String? { rows.message }

    func value(_ field: Field) -> TextFieldState { rows.text(field) }

    /// Whether any field differs from what it started with.
    var isDirty: Bool { rows.isDirty }

    // MARK: Events

    /// The form's keys; the help overlay and the hint bar are made from this table.
    static let keyMap = KeyMap.form(
        submit: "Sync & Save: reads the accounts with these settings, saves them if it works",
        submitHint: "Sync & Save",
        leave: "Cancel (asks before discarding what you typed; while syncing, stops waiting)")

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
                rows.message = "Stopped waiting; the answer will be ignored. Ctrl-S syncs again."
                return .cancelSync
            }
            return .none
        }
        switch rows.handle(event, commands: Self.keyMap.command(for:)) {
        case .submit, .pressed(.save): return submit()
        case .leave, .pressed(.cancel): return requestLeave()
        case .none, .typed, .chosen, .exited: break
        }
        return .none
    }

    /// Puts the cursor in `field`.
    mutating func focusField(_ field: Field) {
        rows.focus(.field(field))
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
        rows.errors = [:]
        rows.message = nil
        let settings = makeSettings()
        for spec in Self.fields where !spec.isOptional {
            let empty =
                spec.isSecret ? settings.clientSecret.isBlank : value(spec.field).text.allSatisfy(\.isWhitespace)
            if empty { rows.errors[spec.field] = "is empty" }
        }
        if rows.errors.isEmpty {
            do throws(NerdioSyncError) {
                try settings.check()
            } catch {
                let (field, message) = Self.place(error)
                if let field { rows.errors[field] = message } else { rows.message = message }
            }
        }
        if rows.focusFirstError() || rows.message != nil { return .none }
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
            rows.message = "Not saved: " + failure.description
            return nil
        }
    }
}
