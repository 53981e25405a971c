import PSACore
import TerminalUI

/// The add/edit form of a ticket queue: its name, its integration (chosen when adding), and
/// the integration's ticket settings as dropdowns filled from the PSA. The dropdowns are the
/// Ticket Settings tab's own (`SettingsTab`), seeded with the integration's settings under the
/// queue's; what the queue saves is what differs from the integration, plus the keys it
/// already set. Below them, the integration settings a queue may set (`storm`,
/// `note-visibility`), each defaulting to the integration's.
struct QueueForm {
    enum Focus: Equatable {
        case name, integration, settings
    }

    /// The form's own rows, above the settings.
    enum Field: Hashable, Sendable {
        case name, integration
    }

    enum Effect: Equatable {
        case none
        case cancel
        /// Ask the integration's PSA for choices; answer with `choicesLoaded(integrationID:run:_:)`.
        case loadChoices(integrationID: Int64, ChoiceContext, run: Int)
        /// Write the queue; answer with `saveFailed(_:)` when the store refuses it.
        case save(QueueSave)
    }

    /// The name and integration rows have no buttons; the settings below them have Ctrl-S.
    typealias Rows = FormState<Field, Never>

    /// Numbers each form opened, so that the PSA's answers for a closed one are dropped.
    let session: Int
    /// The edited queue; nil when adding.
    let original: TicketQueue?
    let integrations: [Integration]
    private let ownSettings: [Int64: [String: String]]
    /// Per integration, the rows of the integration settings a queue may set, with the
    /// integration's values as their defaults (`WizardServices.queueDefaults`).
    private let queueDefaults: [Int64: [IntegrationSettingStatus]]
    /// The other queues' names, lowercased, with the integration that has each.
    private let taken: [String: String]
    private(set) var rows: Rows
    /// Index in `integrations` of the queue's integration.
    private var integrationIndex: Int?
    private(set) var tab: SettingsTab?
    /// The integration whose settings `tab` holds.
    private var tabIntegrationID: Int64?
    /// True while a setting has the focus rather than the name or the integration.
    private var settingsFocused = false
    /// Why the last save did nothing (empty name, the store's refusal), shown under the fields.
    private(set) var error: String?

    init(
        session: Int, editing original: TicketQueue?, integrations: [Integration],
        ownSettings: [Int64: [String: String]], queueDefaults: [Int64: [IntegrationSettingStatus]] = [:],
        taken: [String: String] = [:], preferred: Int64? = nil
    ) {
        self.taken = taken.filter { $0.key != original?.name.lowercased() }
        self.session = session
        self.original = original
        self.integrations = integrations
        self.ownSettings = ownSettings
        self.queueDefaults = queueDefaults
        let wanted = original?.integrationID ?? preferred
        let index =
            self.integrations.firstIndex { $0.id == wanted } ?? self.integrations.firstIndex { $0.isDefault }
            ?? (self.integrations.isEmpty ? nil : 0)
        integrationIndex = index
        let names = self.integrations.map(RemoveIntegrationDialog.optionText)
        let integrationInput: FormField<Field>.Input =
            original == nil ? .picker(names) : .fixed(index.map { names[$0] } ?? "?", role: .disabled)
        rows = Rows(
            fields: [
                FormField(.name, label: "Queue name", input: .text(placeholder: "as events give it")),
                FormField(.integration, label: "Integration", input: integrationInput),
            ],
            style: FormStyle(
                labelWidth: SettingsLayout.labelWidth, maxFieldWidth: SettingsLayout.maxFieldWidth + 10, rightMargin: 1,
                hintHeight: 0, marksFocus: true, wrapsFocus: false),
            texts: [.name: original?.name ?? ""])
        rows.choose(index, for: .integration)
        tab = index.map { makeTab(for: self.integrations[$0]) }
        tabIntegrationID = index.flatMap { self.integrations[$0].id }
    }

    var isEditing: Bool { original != nil }

    var integration: Integration? { integrationIndex.map { integrations[$0] } }

    var name: TextFieldState { rows.text(.name) }

    var focus: Focus {
        if settingsFocused { return .settings }
        return rows.focus.focused == .field(.integration) ? .integration : .name
    }

    var title: String {
        original.map { "Ticket queues · Edit " + TerminalSafeText.escaped($0.name) } ?? "Ticket queues · Add"
    }

    /// The integration's settings with the queue's over them.
    private func makeTab(for integration: Integration) -> SettingsTab {
        var stored = ownSettings[integration.id] ?? [:]
        var rows = queueDefaults[integration.id] ?? []
        if let original, original.integrationID == integration.id {
            stored.merge(original.settings) { _, queue in queue }
            for index in rows.indices {
                rows[index].value = original.settings[rows[index].key.rawValue]
                rows[index].effective = rows[index].own
            }
        }
        return SettingsTab(system: integration.system, stored: TicketSettings(stored: stored), integration: rows)
    }

    /// Starts loading the chosen integration's choices.
    mutating func start() -> Effect {
        guard var tab, let id = integration?.id else { return .none }
        let effect = tab.load()
        self.tab = tab
        return map(effect, integrationID: id)
    }

    mutating func choicesLoaded(integrationID: Int64, run: Int, _ result: Result<TicketChoices, ConnectorError>)
        -> Effect
    {
        guard var tab, integration?.id == integrationID else { return .none }
        let effect = tab.choicesLoaded(run: run, result)
        self.tab = tab
        return map(effect, integrationID: integrationID)
    }

    mutating func saveFailed(_ failure: WizardFailure) {
        error = failure.description
        focusName()
    }

    private mutating func map(_ effect: SettingsTab.Effect, integrationID: Int64) -> Effect {
        switch effect {
        case .none: return .none
        case .leave: return .cancel
        case .loadChoices(let context, let run): return .loadChoices(integrationID: integrationID, context, run: run)
        case .save(let settings): return save(settings, integrationID: integrationID)
        }
    }

    /// The queue's own settings: what differs from the integration's, and what it set before.
    func queueSettings(_ settings: TicketSettings, integrationID: Int64) -> [String: String] {
        let own = ownSettings[integrationID] ?? [:]
        let before = original?.integrationID == integrationID ? original?.settings ?? [:] : [:]
        return settings.stored.filter { key, value in own[key] != value || before[key] != nil }
    }

    private mutating func save(_ settings: TicketSettings, integrationID: Int64) -> Effect {
        let trimmed = name.text.trimmingCharacters(in: .whitespaces)
        if let problem = nameProblem {
            error = problem
            focusName()
            return .none
        }
        error = nil
        var own = queueSettings(settings, integrationID: integrationID)
        // The rows say what the queue sets of these now, a reset included.
        if let tab, !tab.integrationKeys.isEmpty {
            for key in tab.integrationKeys { own[key.rawValue] = nil }
            for assignment in tab.integrationAssignments {
                if let value = assignment.value { own[assignment.key.rawValue] = value }
            }
        }
        return .save(
            QueueSave(original: original?.name, name: trimmed, integrationID: integrationID, settings: own))
    }

    // MARK: Input

    static let keyMap = KeyMap<SettingsTab.Command>([
        KeyBinding([.down, .tab], .next, "Next field"),
        KeyBinding([.up, .backTab], .previous, "Previous field"),
        KeyBinding([.enter], .open, "Open the focused dropdown (or type to search it)", hint: "Choose"),
        KeyBinding([.delete], .clear, "Clear the focused setting: the integration's applies", hint: "Clear"),
        KeyBinding([.control("r")], .reload, "Reload the choices from the PSA", hint: "Reload"),
        KeyBinding([.control("s")], .save, "Save the queue; refused while a setting has a problem", hint: "Save"),
        KeyBinding([.escape], .leave, "Close the open dropdown, or leave without saving", hint: "Cancel"),
    ])

    /// What the screen's keys mean to the name and integration rows.
    private static func rowCommand(for key: Key) -> FormCommand? {
        switch keyMap.command(for: key) {
        case .next: return .next
        case .previous: return .previous
        case .open: return .activate
        case .save: return .submit
        case .leave: return .leave
        case .clear, .reload, nil: return nil
        }
    }

    private mutating func focusName() {
        settingsFocused = false
        rows.focus(.field(.name))
    }

    /// Into the settings, on their first field going forward and their last going back.
    private mutating func focusSettings(forward: Bool) {
        settingsFocused = true
        guard let rows = tab?.rows, let row = forward ? rows.first : rows.last else { return }
        tab?.focus(row: row)
    }

    /// Out of the settings, to the name going forward (round) and to the last row going back.
    private mutating func leaveSettings(forward: Bool) {
        settingsFocused = false
        if forward { rows.focusFirst() } else { rows.focusLast() }
    }

    /// Why the name cannot be saved: empty, or another queue's (the store's own words). The
    /// store checks again when it writes.
    var nameProblem: String? {
        let trimmed = name.text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return "Not saved. Name: the queue needs a name, as events give it in \"queue\"." }
        if let owner = taken[trimmed.lowercased()] {
            return StoreError.duplicateQueueName(trimmed, integration: owner).description
        }
        return nil
    }

    private var popupOpen: Bool {
        if rows.pickers[.integration]?.isOpen == true { return true }
        return tab?.hasOpenPopup ?? false
    }

    mutating func handle(_ event: InputEvent, layout: QueueFormLayout) -> Effect {
        if case .resize = event { return .none }
        if event == .key(.control("s")), !popupOpen, let problem = nameProblem {
            error = problem
            focusName()
            return .none
        }
        if settingsFocused {
            if case .text = event {
                for press in event.keyPresses {
                    let effect = handle(press, layout: layout)
                    if effect != .none { return effect }
                }
                return .none
            }
            return handleSettings(event, layout: layout)
        }
        switch rows.handle(event, commands: Self.rowCommand(for:), layout: layout.rows(of: self)) {
        case .typed: error = nil
        case .chosen(_, let index):
            integrationIndex = index
            guard integrations[index].id != tabIntegrationID else { return .none }
            // Another system's keys, or another PSA's lists: the settings start again.
            tab = makeTab(for: integrations[index])
            tabIntegrationID = integrations[index].id
            error = nil
            return start()
        case .exited(let forward): focusSettings(forward: forward)
        case .submit: return saveFromTab(layout: layout)
        case .leave: return .cancel
        case .none, .pressed: break
        }
        return .none
    }

    private mutating func handleSettings(_ event: InputEvent, layout: QueueFormLayout) -> Effect {
        guard var tab, let id = integration?.id else {
            if event == .key(.escape) { return .cancel }
            if event == .key(.tab) || event == .key(.backTab) { focusName() }
            return .none
        }
        if !tab.hasOpenPopup {
            if [.key(.up), .key(.backTab)].contains(event), tab.focusedRow == tab.rows.first {
                leaveSettings(forward: false)
                return .none
            }
            if [.key(.down), .key(.tab)].contains(event), tab.focusedRow == tab.rows.last {
                leaveSettings(forward: true)
                return .none
            }
        }
        let effect = tab.handle(event, layout: layout.settings(tab))
        self.tab = tab
        return map(effect, integrationID: id)
    }

    /// Ctrl-S outside the dropdowns: the settings are checked by the tab's own save.
    private mutating func saveFromTab(layout: QueueFormLayout) -> Effect {
        guard var tab, let id = integration?.id else {
            error = "Not saved. Choose the integration the queue belongs to."
            return .none
        }
        let effect = tab.handle(.key(.control("s")), layout: layout.settings(tab))
        self.tab = tab
        if tab.message != nil { settingsFocused = true }
        return map(effect, integrationID: id)
    }
}

/// Where the queue form puts things: the name and integration rows, a message line, and the
/// settings below them in the Ticket Settings tab's own layout.
struct QueueFormLayout {
    let area: Rect
    let message: Rect
    let settingsArea: Rect

    init(area: Rect) {
        self.area = area
        let content = area.inset(left: 2, right: 1)
        message = Rect(x: content.x, y: content.y + 2, width: content.width, height: 1)
        settingsArea = area.inset(top: 3)
    }

    /// The name and integration rows; their dropdown's popup stays inside the form.
    func rows(of form: QueueForm) -> FormLayout<QueueForm.Field> { FormLayout(area: area, form: form.rows) }

    func settings(_ tab: SettingsTab) -> SettingsLayout { SettingsLayout(area: settingsArea, tab: tab) }
}
