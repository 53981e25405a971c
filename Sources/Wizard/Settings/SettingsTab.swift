import PSACore
import TerminalUI

/// The Ticket Settings tab: the working copy of one integration's ticket settings, the
/// choices its PSA offers, and the form's focus. Plain state; the wizard loads the choices
/// and saves the settings when an `Effect` asks it to.
///
/// A stored id is never replaced or cleared behind the admin's back: when the PSA stops
/// offering it (or a new board does not have it) the row flags it and saving is refused
/// until the admin chooses again.
///
/// Below the keys, Autotask's user-defined fields that are required or set get a row each:
/// a dropdown of the field's picklist, or a text field.
///
/// Last, under "Integration settings", a row per `IntegrationSettingKey` when the tab is given
/// their statuses (the editor's tab; a queue's form has none): a text field, or a dropdown of the
/// key's few values with "default" first. They need no PSA, so they save even while its choices
/// fail to load, and one save writes them with the ticket settings.
struct SettingsTab {
    enum Effect: Equatable {
        case none
        /// Ask the PSA for its choices with this context, off the UI thread; answer with `choicesLoaded(run:_:)`.
        case loadChoices(ChoiceContext, run: Int)
        /// Save these settings (the wizard writes them in one transaction, then calls `didSave()`),
        /// together with `integrationAssignments`; unless `savesTicketSettings`, the ticket
        /// settings are the stored ones, not checked against the PSA, and stay as they are.
        case save(TicketSettings)
        /// Esc: the user wants to leave the editor (the wizard asks first if anything is unsaved).
        case leave
    }

    enum Command: Hashable, Sendable {
        case next, previous, open, clear, reload, save, leave
    }

    /// Which lists a load asks for: the ones that depend on nothing, or the ones that belong
    /// to the chosen board or ticket type.
    private enum Stage: Equatable {
        case base
        case dependent(ChoiceContext)
    }

    /// Lists that belong to a board or ticket type, with the context they were loaded for.
    private struct DependentChoices {
        var context: ChoiceContext
        var choices: TicketChoices
    }

    let system: PSASystem
    let keys: [TicketSettingKey]
    private(set) var settings: TicketSettings
    private var saved: TicketSettings
    private(set) var focus: FocusRing<SettingsRow>
    /// The user-defined fields with a row, in the PSA's order, then stored ones it lacks.
    private(set) var userFieldNames: [String] = []
    /// A dropdown per picklist user-defined field, a text field per text one.
    private(set) var userFieldPickers: [String: PickerState] = [:]
    private(set) var userFieldTexts: [String: TextFieldState] = [:]
    /// The resolver's refusal of the last value for a user-defined field.
    private(set) var userFieldErrors: [String: String] = [:]
    /// One dropdown per list key; its options are `offered[key]`, index for index.
    private(set) var pickers: [TicketSettingKey: PickerState] = [:]
    private var offered: [TicketSettingKey: [Choice]] = [:]
    /// The reopen window as typed; it becomes a setting on Enter, on leaving the field and on save.
    private(set) var reopenText: TextFieldState
    /// The resolver's refusal of the last choice for a key, shown beside the field.
    private(set) var errors: [TicketSettingKey: String] = [:]
    /// Why the last command did nothing (a refused save), shown under the fields.
    private(set) var message: String?
    /// The connector's description of the last failed load.
    private(set) var loadError: String?
    /// Why an import stored these settings without checking them against the PSA; a save,
    /// which checks them, clears it.
    var reviewReason: String?
    private var baseChoices: TicketChoices?
    private var dependentChoices: DependentChoices?
    private var loading: (run: Int, stage: Stage)?
    private var lastRun = 0
    /// The integration settings as the store gave them; empty when the tab has no such rows.
    private(set) var integrationStatuses: [IntegrationSettingStatus] = []
    /// The integration settings' working copy: a key's value, absent while it keeps the default.
    private(set) var integrationValues: [IntegrationSettingKey: String] = [:]
    private var savedIntegrationValues: [IntegrationSettingKey: String] = [:]
    /// A text field per key typed as text, a dropdown per key of a few values.
    private(set) var integrationTexts: [IntegrationSettingKey: TextFieldState] = [:]
    private(set) var integrationPickers: [IntegrationSettingKey: PickerState] = [:]
    /// `IntegrationSettingAssignment`'s refusal of the last value for a key, shown beside it.
    private(set) var integrationErrors: [IntegrationSettingKey: String] = [:]
    /// The integration settings the last `.save` carries, each checked.
    private(set) var integrationAssignments: [IntegrationSettingAssignment] = []
    /// Whether the last `.save` carries the ticket settings; false when they are unchanged and
    /// the PSA's choices, which would check them, are not loaded.
    private(set) var savesTicketSettings = true
    /// The first field the list showed last; the layout scrolls from here as little as it must,
    /// so that the list does not jump while the focus moves within it.
    private(set) var scrollHint = 0

    /// `integration`: the integration settings' statuses (`IntegrationSettingStatus.all`), one row
    /// each; none for a form whose settings are not the integration's.
    init(system: PSASystem, stored: TicketSettings, integration: [IntegrationSettingStatus] = []) {
        self.system = system
        keys = TicketSettingKey.keys(for: system)
        settings = stored
        saved = stored
        focus = FocusRing(keys.map(SettingsRow.key) + integration.map { SettingsRow.integration($0.key) })
        reopenText = TextFieldState(text: stored[.reopenWindow] ?? "")
        setUpIntegration(integration)
        refreshPickers()
    }

    /// Every row, top to bottom: the keys, the user-defined fields, then the integration settings.
    var rows: [SettingsRow] {
        keys.map(SettingsRow.key) + userFieldNames.map(SettingsRow.userField)
            + integrationKeys.map(SettingsRow.integration)
    }
    var focusedRow: SettingsRow? { focus.focused }
    var focusedKey: TicketSettingKey? { focus.focused?.key }
    var isLoading: Bool { loading != nil }
    /// Typed text goes to the reopen-window field, a text user-defined field or an open list
    /// while one has the focus.
    var takesText: Bool {
        focusedKey == .reopenWindow || focusedRow?.userField.map { userFieldTexts[$0] != nil } == true
            || focusedRow?.integrationKey.map { integrationTexts[$0] != nil } == true
            || pickers.values.contains { $0.isOpen } || userFieldPickers.values.contains { $0.isOpen }
            || integrationPickers.values.contains { $0.isOpen }
    }
    var hasLoadedChoices: Bool { baseChoices != nil }
    /// Whether the focused row's dropdown is open.
    var hasOpenPopup: Bool {
        switch focusedRow {
        case .key(let key)?: return pickers[key]?.isOpen == true
        case .userField(let name)?: return userFieldPickers[name]?.isOpen == true
        case .integration(let key)?: return integrationPickers[key]?.isOpen == true
        case nil: return false
        }
    }

    var isDirty: Bool { ticketSettingsDirty || integrationDirty }

    var ticketSettingsDirty: Bool {
        settings != saved || reopenDraft != (settings[.reopenWindow] ?? "")
            || userFieldTexts.contains { name, field in textDraft(field) != (settings.userFields[name] ?? "") }
    }

    private var reopenDraft: String { reopenText.text.trimmingCharacters(in: .whitespaces) }

    /// The working copy becomes the saved state.
    mutating func didSave() {
        if savesTicketSettings {
            saved = settings
            reviewReason = nil
        }
        didSaveIntegration()
        message = nil
    }

    // MARK: Loading

    /// Starts (or restarts, for Ctrl-R) loading the choices: returns `.loadChoices(ChoiceContext(), run:)`.
    mutating func load() -> Effect {
        message = nil
        loadError = nil
        return start(.base)
    }

    mutating func choicesLoaded(run: Int, _ result: Result<TicketChoices, ConnectorError>) -> Effect {
        guard let current = loading, current.run == run else { return .none }
        loading = nil
        defer { refreshPickers() }
        switch result {
        case .failure(let error):
            loadError = error.description
            return .none
        case .success(let choices):
            loadError = nil
            switch current.stage {
            case .base:
                baseChoices = choices
                guard parentIsOffered else {
                    dependentChoices = nil
                    return .none
                }
                // The old lists of this parent stay on screen until the new ones replace them.
                return start(.dependent(settings.choiceContext(for: system)))
            case .dependent(let context):
                dependentChoices = DependentChoices(context: context, choices: choices)
                return .none
            }
        }
    }

    private mutating func start(_ stage: Stage) -> Effect {
        lastRun += 1
        loading = (lastRun, stage)
        switch stage {
        case .base: return .loadChoices(ChoiceContext(), run: lastRun)
        case .dependent(let context): return .loadChoices(context, run: lastRun)
        }
    }

    private var parentKey: TicketSettingKey? { TicketSettingKey.parent(of: system) }

    /// Whether the stored board or ticket type is one the PSA offers, so that its lists can be asked for.
    private var parentIsOffered: Bool {
        guard let parentKey, let base = baseChoices, let id = settings[parentKey] else { return false }
        return TicketSettingsResolver(system: system, choices: base).choice(for: parentKey, id: id) != nil
    }

    /// Whether the dependent lists on hand belong to the board or ticket type now chosen.
    private var dependentIsCurrent: Bool {
        parentIsOffered && dependentChoices?.context == settings.choiceContext(for: system)
    }

    private var dependentFields: Set<TicketField> {
        Set(keys.filter { $0.parent(in: system) != nil }.compactMap(\.field))
    }

    /// A resolver over what is known to hold now: the base lists, and the dependent lists only
    /// when they belong to the current parent, so a value is never checked against another
    /// board's statuses.
    var resolver: TicketSettingsResolver {
        var choices = baseChoices ?? TicketChoices()
        let dependent = dependentFields
        for field in dependent { choices.values[field] = nil }
        guard dependentIsCurrent, let current = dependentChoices else {
            return TicketSettingsResolver(system: system, choices: choices)
        }
        for field in dependent { choices.values[field] = current.choices.values[field] }
        choices.required.formUnion(current.choices.required)
        // A HaloPSA ticket type's requirements come with its lists, marked with its defaults.
        choices.requiredByPSA.formUnion(current.choices.requiredByPSA)
        for field in current.choices.requiredByPSA { choices.values[field] = current.choices.values[field] }
        return TicketSettingsResolver(system: system, choices: choices, context: current.context)
    }

    /// The choices `key` may take now; nil while its list is unknown (not loaded yet, failed,
    /// or its parent is unset or gone).
    func offeredChoices(for key: TicketSettingKey) -> [Choice]? {
        guard let field = key.field, let base = baseChoices else { return nil }
        if let narrowing = key.narrowingKey {
            guard settings[narrowing] != nil else { return nil }
            return TicketSettingsResolver(system: system, choices: base).offeredChoices(for: key, given: settings)
        }
        guard key.parent(in: system) != nil else { return base[field] }
        guard dependentIsCurrent, let current = dependentChoices else { return nil }
        return current.choices[field]
    }

    // MARK: What each row shows

    /// Every key's state, from the resolver's review, told apart where the review cannot:
    /// an id whose list has not arrived is unchecked, not missing.
    var fieldStatuses: [TicketSettingKey: SettingsFieldStatus] {
        let resolver = resolver
        var statuses: [TicketSettingKey: SettingsFieldStatus] = [:]
        for review in resolver.review(settings) {
            let key = review.key
            switch review.status {
            case .unset:
                statuses[key] = .unset(required: false)
            case .unsetRequired:
                statuses[key] = .unset(required: true)
            case .ok:
                let value = review.value ?? ""
                let name = review.name ?? value
                let reason = resolver.choice(for: key, id: value, given: settings).flatMap {
                    Self.brokenRule($0, for: key)
                }
                statuses[key] = reason.map { .invalid(name: name, reason: $0) } ?? .chosen(name: name)
            case .missingInPSA:
                statuses[key] = missingStatus(key, id: review.value ?? "")
            case .unchecked:
                statuses[key] = .unchecked(id: review.value ?? "")
            }
        }
        return statuses
    }

    private func missingStatus(_ key: TicketSettingKey, id: String) -> SettingsFieldStatus {
        guard let base = baseChoices else { return .unchecked(id: id) }
        if let narrowing = key.narrowingKey, let field = key.field, base[field].contains(where: { $0.id == id }) {
            let reason =
                settings[narrowing] == nil
                ? "choose the \(narrowing.settingsLabel.lowercased()) first" : "not of this \(narrowing.choiceNoun)"
            return .missing(id: id, reason: reason)
        }
        if let parent = key.parent(in: system) {
            guard parentIsOffered else { return .missing(id: id, reason: "choose a \(parent.choiceNoun) first") }
            guard dependentIsCurrent else { return .unchecked(id: id) }
            if parent == .board { return .missing(id: id, reason: "not on this board") }
        }
        return .missing(id: id, reason: "not offered by \(system.displayName) any more")
    }

    /// Why a stored choice the PSA still offers cannot be used, in the words of the flag; the
    /// resolver says the same at greater length when the admin saves.
    private static func brokenRule(_ choice: Choice, for key: TicketSettingKey) -> String? {
        if !choice.isActive { return "inactive in the PSA" }
        switch key.requiresClosingStatus {
        case true? where !choice.isClosing: return "does not close tickets"
        case false? where choice.isClosing: return "closes tickets"
        default: return nil
        }
    }

    /// The short text beside a field, and whether it reports a problem.
    func note(for key: TicketSettingKey, status: SettingsFieldStatus?) -> (text: String, isProblem: Bool)? {
        switch status {
        case .chosen(let name)? where key == .reopenWindow: return ("= " + name, false)
        case .unchecked? where isLoading: return ("(loading…)", false)
        case let status?: return status.note.map { ($0, status.isProblem) }
        case nil: return nil
        }
    }

    /// The resolver's refusal for the field, without the key's script name: the label is beside it.
    func errorText(for key: TicketSettingKey) -> String? {
        errors[key].map { "✗ " + Self.detail($0, of: key) }
    }

    /// What a closed dropdown shows when no offered choice is selected: the stored id as it is.
    func placeholder(for key: TicketSettingKey) -> String {
        settings[key].map { "id " + $0 } ?? "(unset)"
    }

    static func detail(_ description: String, of key: TicketSettingKey) -> String {
        let prefix = key.rawValue + ": "
        return description.hasPrefix(prefix) ? String(description.dropFirst(prefix.count)) : description
    }

    /// An option as the dropdown lists it; the marks carry the rules the resolver enforces.
    static func optionText(_ choice: Choice, for key: TicketSettingKey) -> String {
        var text = choice.name
        if key.requiresClosingStatus != nil, choice.isClosing { text += "  ✓ closes" }
        if !choice.isActive { text += " (inactive)" }
        return text
    }

    /// Rebuilds each dropdown from what is offered now. A dropdown whose options did not change
    /// keeps its state, so an arriving list does not close a popup the admin is using.
    private mutating func refreshPickers() {
        refreshUserFields()
        for key in keys where key.field != nil {
            let choices = offeredChoices(for: key) ?? []
            let texts = choices.map { Self.optionText($0, for: key) }
            let chosen = settings[key].flatMap { id in choices.firstIndex { $0.id == id } }
            if var picker = pickers[key], picker.options == texts {
                picker.choose(chosen)
                pickers[key] = picker
            } else {
                pickers[key] = PickerState(options: texts, chosen: chosen)
            }
            offered[key] = choices
        }
    }

    // MARK: Input

    /// The tab's keys; the help overlay and the hint bar are made from this table.
    static let keyMap = KeyMap<Command>([
        KeyBinding([.down, .tab], .next, "Next field"),
        KeyBinding([.up, .backTab], .previous, "Previous field"),
        KeyBinding([.enter], .open, "Open the dropdown (or type to search it); apply typed text", hint: "Choose"),
        KeyBinding([.delete], .clear, "Clear the focused setting (integration: back to default)", hint: "Clear"),
        KeyBinding([.control("r")], .reload, "Reload the choices from the PSA", hint: "Reload"),
        KeyBinding(
            [.control("s")], .save, "Save all settings & Close; refused while one has a problem", hint: "Save & Close"),
        KeyBinding([.escape], .leave, "Close the open dropdown, or leave the editor", hint: "Back"),
    ])

    mutating func handle(_ event: InputEvent, layout: SettingsLayout) -> Effect {
        let effect = dispatch(event, layout: layout)
        scrollHint = SettingsLayout(area: layout.area, tab: self).firstVisible
        return effect
    }

    /// Moves the focus to `key`, applying a reopen window typed in the field being left.
    mutating func focus(_ key: TicketSettingKey) { focus(row: .key(key)) }

    mutating func focus(row: SettingsRow) {
        guard row != focus.focused else { return }
        commitTextIfFocused()
        focus.focus(row)
    }

    private mutating func dispatch(_ event: InputEvent, layout: SettingsLayout) -> Effect {
        if case .resize = event { return .none }
        if case .userField(let name)? = focusedRow, let effect = handleOpenUserFieldPicker(name, event, layout: layout)
        {
            return effect
        }
        if case .integration(let key)? = focusedRow,
            let effect = handleOpenIntegrationPicker(key, event, layout: layout)
        {
            return effect
        }
        if let key = focusedKey, var picker = pickers[key], picker.isOpen {
            var result = picker.handle(event, anchor: layout.anchor(for: key), bounds: layout.area)
            if result == .ignored, picker.isOpen {
                if Self.passesOpenPopup(event) { picker.close() } else { result = .consumed }
            }
            pickers[key] = picker
            switch result {
            case .chosen(let index): return choose(index, for: key)
            case .cancelled, .consumed: return .none
            case .ignored: break
            }
        }
        switch event {
        case .key(let key):
            if let command = Self.keyMap.command(for: key) { return run(command) }
        case .mouse(let mouse):
            return click(mouse, layout: layout)
        case .text, .resize:
            break
        }
        if case .userField(let name)? = focusedRow { return typeIntoUserField(name, event, layout: layout) }
        if case .integration(let key)? = focusedRow { return typeIntoIntegration(key, event, layout: layout) }
        guard let key = focusedKey else { return .none }
        if key == .reopenWindow {
            if reopenText.handle(event) {
                errors[key] = nil
                reopenText.scrollToCursor(columns: layout.anchor(for: key).width)
            }
            return .none
        }
        return typeIntoClosedPicker(event, key: key, layout: layout)
    }

    /// The commands that still work over an open popup (it closes first); any other key the
    /// popup does not use is swallowed, so that Delete does not clear the value behind it.
    private static func passesOpenPopup(_ event: InputEvent) -> Bool {
        guard case .key(let key) = event, let command = keyMap.command(for: key) else { return false }
        return command == .save || command == .reload
    }

    /// Text typed at a closed dropdown opens it with that text as its search, so that a name
    /// can be typed straight away.
    private mutating func typeIntoClosedPicker(_ event: InputEvent, key: TicketSettingKey, layout: SettingsLayout)
        -> Effect
    {
        switch event {
        case .key(.character), .text: break
        default: return .none
        }
        guard openPicker(key) else { return .none }
        guard event != .key(.character(" ")), var picker = pickers[key] else { return .none }
        _ = picker.handle(event, anchor: layout.anchor(for: key), bounds: layout.area)
        pickers[key] = picker
        return .none
    }

    private mutating func run(_ command: Command) -> Effect {
        switch command {
        case .next:
            commitTextIfFocused()
            focus.next()
        case .previous:
            commitTextIfFocused()
            focus.previous()
        case .open:
            if case .userField(let name)? = focusedRow {
                if userFieldTexts[name] != nil { commitUserFieldText(name) } else { _ = openUserFieldPicker(name) }
                break
            }
            if case .integration(let key)? = focusedRow {
                if integrationTexts[key] != nil { _ = commitIntegrationText(key) } else { openIntegrationPicker(key) }
                break
            }
            guard let key = focusedKey else { break }
            if key == .reopenWindow {
                _ = commitReopen()
            } else {
                _ = openPicker(key)
            }
        case .clear:
            if case .userField(let name)? = focusedRow {
                clearUserField(name)
                break
            }
            if case .integration(let key)? = focusedRow {
                clearIntegration(key)
                break
            }
            guard let key = focusedKey else { break }
            return clear(key)
        case .reload:
            commitTextIfFocused()
            return load()
        case .save:
            return save()
        case .leave:
            commitTextIfFocused()
            return .leave
        }
        return .none
    }

    private mutating func click(_ mouse: MouseEvent, layout: SettingsLayout) -> Effect {
        guard mouse.kind == .click, let row = layout.rows.first(where: { $0.contains(x: mouse.x, y: mouse.y) })
        else { return .none }
        focus(row: row.id)
        guard row.field.contains(x: mouse.x, y: mouse.y) else { return .none }
        switch row.id {
        case .key(let key) where key != .reopenWindow: _ = openPicker(key)
        case .userField(let name) where userFieldPickers[name] != nil: _ = openUserFieldPicker(name)
        case .integration(let key) where integrationPickers[key] != nil: openIntegrationPicker(key)
        default: break
        }
        return .none
    }

    /// Opens the dropdown when its list is known; otherwise says why it cannot be.
    private mutating func openPicker(_ key: TicketSettingKey) -> Bool {
        guard var picker = pickers[key] else { return false }
        guard offeredChoices(for: key) != nil else {
            message = unavailableReason(for: key)
            return false
        }
        message = nil
        picker.open()
        pickers[key] = picker
        return true
    }

    private func unavailableReason(for key: TicketSettingKey) -> String {
        if baseChoices != nil, let narrowing = key.narrowingKey {
            return "\(key.settingsLabel): the \(key.choiceNoun) list belongs to the \(narrowing.choiceNoun); "
                + "choose the \(narrowing.settingsLabel.lowercased()) first."
        }
        if baseChoices != nil, let parent = key.parent(in: system), !parentIsOffered {
            return "\(key.settingsLabel): the \(key.choiceNoun) list belongs to the \(parent.choiceNoun); "
                + "choose the \(parent.settingsLabel.lowercased()) first."
        }
        if isLoading { return "\(key.settingsLabel): the choices are still loading from \(system.displayName)." }
        return "\(key.settingsLabel): the choices could not be loaded from \(system.displayName); Ctrl-R retries."
    }

    /// Applies the option the admin chose, if the resolver accepts it; a refused choice leaves
    /// the value as it was and shows why beside the field.
    private mutating func choose(_ index: Int, for key: TicketSettingKey) -> Effect {
        defer { refreshPickers() }
        guard let choice = offered[key]?[index] else { return .none }
        let id: String
        do {
            id = try resolver.resolve(key, choice.id, given: settings)
        } catch {
            errors[key] = error.description
            return .none
        }
        errors[key] = nil
        message = nil
        let context = settings.choiceContext(for: system)
        settings[key] = id
        guard key == parentKey, settings.choiceContext(for: system) != context else { return .none }
        // The dependent values keep their ids until the new lists arrive and tell which still hold.
        return start(.dependent(settings.choiceContext(for: system)))
    }

    private mutating func clear(_ key: TicketSettingKey) -> Effect {
        errors[key] = nil
        message = nil
        settings[key] = nil
        if key == .reopenWindow { reopenText.text = "" }
        refreshPickers()
        // Lists asked for a board that is no longer chosen would be answered for nothing.
        if key == parentKey, case .dependent? = loading?.stage { loading = nil }
        return .none
    }

    /// Applies what was typed in the focused text field (reopen window, user-defined field).
    private mutating func commitTextIfFocused() {
        switch focusedRow {
        case .key(.reopenWindow)?: _ = commitReopen()
        case .userField(let name)? where userFieldTexts[name] != nil: commitUserFieldText(name)
        case .integration(let key)? where integrationTexts[key] != nil: _ = commitIntegrationText(key)
        default: break
        }
    }

    /// Turns the typed reopen window into the setting; an empty field unsets it. Returns false,
    /// with the parser's error beside the field, when the text is not a duration.
    private mutating func commitReopen() -> Bool {
        let text = reopenDraft
        guard !text.isEmpty else {
            settings[.reopenWindow] = nil
            errors[.reopenWindow] = nil
            return true
        }
        do {
            let window = try ReopenWindow(parsing: text)
            settings[.reopenWindow] = window.description
            reopenText.text = window.description
            errors[.reopenWindow] = nil
            return true
        } catch {
            errors[.reopenWindow] = error.description
            return false
        }
    }

    // MARK: Saving

    /// Checks every key in order and refuses at the first problem, focusing it; otherwise asks
    /// the wizard to save the resolved ids.
    private mutating func save() -> Effect {
        savesTicketSettings = true
        integrationAssignments = []
        // Integration settings need no PSA: changed ones save while its choices, which would
        // check the ticket settings, are loading or failed, and the unchanged ticket settings
        // stay as stored. With nothing of theirs changed, the save is refused as before.
        if integrationDirty, !ticketSettingsDirty,
            isLoading || baseChoices == nil || (parentIsOffered && !dependentIsCurrent)
        {
            guard let assignments = checkedIntegration() else { return .none }
            integrationAssignments = assignments
            savesTicketSettings = false
            message = nil
            return .save(saved)
        }
        guard !isLoading else {
            message = "Wait until the choices from \(system.displayName) have loaded, then save."
            return .none
        }
        if reopenDraft != (settings[.reopenWindow] ?? ""), !commitReopen() {
            return refuse(.reopenWindow, Self.detail(errors[.reopenWindow] ?? "", of: .reopenWindow))
        }
        for name in userFieldTexts.keys { commitUserFieldText(name) }
        guard baseChoices != nil, !parentIsOffered || dependentIsCurrent else {
            message =
                "The choices from \(system.displayName) are not loaded, so the settings cannot be checked; "
                + "Ctrl-R retries."
            return .none
        }
        let statuses = fieldStatuses
        let resolver = resolver
        let unmet = RequiredFieldCheck.problems(in: settings, resolver: resolver)
        var resolved = settings
        for key in keys {
            switch statuses[key] {
            case .unset(required: true)?:
                if let problem = unmet.first(where: { $0.key == key.rawValue }) {
                    return refuse(key, Self.detail(problem.description(remedy: "choose one before saving."), of: key))
                }
                return refuse(key, "\(system.displayName) requires it; choose one before saving.")
            case .missing(let id, let reason)?:
                return refuse(key, "\(reason) (id \(id)); choose another, or Delete clears it.")
            case .unchecked(let id)?:
                return refuse(key, "id \(id) could not be checked; Ctrl-R reloads the choices.")
            default:
                break
            }
            guard let value = settings[key] else { continue }
            do {
                resolved[key] = try resolver.resolve(key, value, given: resolved)
            } catch {
                errors[key] = error.description
                return refuse(key, Self.detail(error.description, of: key))
            }
        }
        if let refusal = refuseUserFields(unmet: unmet) { return refusal }
        guard let assignments = checkedIntegration() else { return .none }
        integrationAssignments = assignments
        message = nil
        return .save(resolved)
    }

    private mutating func refuse(_ key: TicketSettingKey, _ problem: String) -> Effect {
        refuse(row: .key(key), problem)
    }

    private mutating func refuse(row: SettingsRow, _ problem: String) -> Effect {
        commitTextIfFocused()
        focus.focus(row)
        message = "Not saved. \(label(for: row)): \(problem)"
        return .none
    }
}

// MARK: - User-defined fields (Autotask)

extension SettingsTab {
    /// The field as the PSA last described it; nil before the lists arrive, or once it is gone.
    func userField(named name: String) -> UserField? { baseChoices?.userField(named: name) }

    /// What the row is called: the key's label, or the user-defined field's label in the PSA.
    func label(for row: SettingsRow) -> String {
        switch row {
        case .key(let key): return key.settingsLabel
        case .userField(let name): return userField(named: name)?.label ?? name
        case .integration(let key): return key.settingsLabel
        }
    }

    /// The row's state: the key's from `keyStatuses` (`fieldStatuses`, computed once by the
    /// caller), a user-defined field's from its value and the PSA's field.
    func status(of row: SettingsRow, keyStatuses: [TicketSettingKey: SettingsFieldStatus]) -> SettingsFieldStatus? {
        switch row {
        case .key(let key): return keyStatuses[key]
        case .userField(let name): return userFieldStatus(name)
        case .integration: return nil
        }
    }

    func note(for row: SettingsRow, status: SettingsFieldStatus?) -> (text: String, isProblem: Bool)? {
        switch row {
        case .key(let key): return note(for: key, status: status)
        case .userField:
            if case .unchecked? = status, isLoading { return ("(loading…)", false) }
            return status.flatMap { status in status.note.map { ($0, status.isProblem) } }
        case .integration(let key): return integrationNote(for: key)
        }
    }

    func errorText(for row: SettingsRow) -> String? {
        switch row {
        case .key(let key): return errorText(for: key)
        case .userField(let name):
            return userFieldErrors[name].map { "✗ " + Self.detail($0, prefix: TicketSettings.userFieldKey(name)) }
        case .integration(let key):
            return integrationErrors[key].map { "✗ " + Self.detail($0, prefix: key.rawValue) }
        }
    }

    func placeholder(for row: SettingsRow) -> String {
        switch row {
        case .key(let key): return placeholder(for: key)
        case .userField(let name): return storedValue(name) ?? "(unset)"
        case .integration(let key): return integrationPlaceholder(for: key)
        }
    }

    static func detail(_ description: String, prefix key: String) -> String {
        let prefix = key + ": "
        return description.hasPrefix(prefix) ? String(description.dropFirst(prefix.count)) : description
    }

    func userFieldStatus(_ name: String) -> SettingsFieldStatus {
        let value = storedValue(name)
        guard baseChoices != nil else { return value.map { .unchecked(id: $0) } ?? .unset(required: false) }
        guard let field = userField(named: name) else {
            return value.map { .missing(id: $0, reason: "not offered by \(system.displayName) any more") }
                ?? .unset(required: false)
        }
        guard let value else {
            return .unset(required: field.isRequired && (field.defaultValue ?? "").isEmpty)
        }
        guard let picklist = field.choices else { return .chosen(name: value) }
        guard let choice = picklist.first(where: { $0.id == value }) else {
            return .missing(id: value, reason: "not in the field's picklist any more")
        }
        return choice.isActive ? .chosen(name: choice.name) : .invalid(name: choice.name, reason: "inactive in the PSA")
    }

    /// The stored value of the field, under whatever case its name was stored.
    private func storedValue(_ name: String) -> String? {
        settings.userFields[name] ?? settings.userFields.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    private mutating func setUserField(_ name: String, _ value: String?) {
        for stored in settings.userFields.keys where stored.lowercased() == name.lowercased() {
            settings.userFields[stored] = nil
        }
        if let value { settings.userFields[name] = value }
    }

    fileprivate func textDraft(_ field: TextFieldState) -> String {
        field.text.trimmingCharacters(in: .whitespaces)
    }

    /// The rows of the user-defined fields that are required or set (and those shown before,
    /// so that clearing one does not pull its row away), each with a dropdown of its picklist
    /// or a text field. Only Autotask has them.
    fileprivate mutating func refreshUserFields() {
        guard system == .autotask else { return }
        let fields = baseChoices?.userFields ?? []
        func known(_ name: String) -> String {
            fields.first { $0.name.lowercased() == name.lowercased() }?.name ?? name
        }
        var wanted = Set(userFieldNames.map(known))
        wanted.formUnion(settings.userFields.keys.map(known))
        wanted.formUnion(fields.filter(\.isRequired).map(\.name))
        let order = Dictionary(
            fields.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let names = wanted.sorted { (order[$0] ?? Int.max, $0) < (order[$1] ?? Int.max, $1) }
        if names != userFieldNames {
            userFieldNames = names
            focus.reorder(rows)
        }
        for name in names {
            let field = userField(named: name)
            if let field, field.choices == nil {
                userFieldPickers[name] = nil
                if userFieldTexts[name] == nil { userFieldTexts[name] = TextFieldState(text: storedValue(name) ?? "") }
                continue
            }
            userFieldTexts[name] = nil
            let choices = field?.choices ?? []
            let texts = choices.map { $0.name + ($0.isActive ? "" : " (inactive)") }
            let chosen = storedValue(name).flatMap { value in choices.firstIndex { $0.id == value } }
            if var picker = userFieldPickers[name], picker.options == texts {
                picker.choose(chosen)
                userFieldPickers[name] = picker
            } else {
                userFieldPickers[name] = PickerState(options: texts, chosen: chosen)
            }
        }
        for name in userFieldPickers.keys where !names.contains(name) { userFieldPickers[name] = nil }
        for name in userFieldTexts.keys where !names.contains(name) { userFieldTexts[name] = nil }
    }

    /// An open dropdown's answer to `event`; nil when the event is not the dropdown's.
    fileprivate mutating func handleOpenUserFieldPicker(_ name: String, _ event: InputEvent, layout: SettingsLayout)
        -> Effect?
    {
        guard var picker = userFieldPickers[name], picker.isOpen else { return nil }
        var result = picker.handle(event, anchor: layout.anchor(for: .userField(name)), bounds: layout.area)
        if result == .ignored, picker.isOpen {
            if Self.passesOpenPopup(event) { picker.close() } else { result = .consumed }
        }
        userFieldPickers[name] = picker
        switch result {
        case .chosen(let index):
            chooseUserField(name, index)
            return Effect.none
        case .cancelled, .consumed: return Effect.none
        case .ignored: return nil
        }
    }

    /// Typing edits a text field, or opens a dropdown with the text as its search.
    fileprivate mutating func typeIntoUserField(_ name: String, _ event: InputEvent, layout: SettingsLayout)
        -> Effect
    {
        if var text = userFieldTexts[name] {
            if text.handle(event) {
                userFieldErrors[name] = nil
                text.scrollToCursor(columns: layout.anchor(for: .userField(name)).width)
            }
            userFieldTexts[name] = text
            return .none
        }
        switch event {
        case .key(.character), .text: break
        default: return .none
        }
        guard openUserFieldPicker(name) else { return .none }
        guard event != .key(.character(" ")), var picker = userFieldPickers[name] else { return .none }
        _ = picker.handle(event, anchor: layout.anchor(for: .userField(name)), bounds: layout.area)
        userFieldPickers[name] = picker
        return .none
    }

    fileprivate mutating func openUserFieldPicker(_ name: String) -> Bool {
        guard var picker = userFieldPickers[name] else { return false }
        guard userField(named: name)?.choices != nil else {
            let label = label(for: .userField(name))
            if isLoading {
                message = "\(label): the choices are still loading from \(system.displayName)."
            } else if baseChoices == nil {
                message = "\(label): the choices could not be loaded from \(system.displayName); Ctrl-R retries."
            } else {
                message = "\(label): \(system.displayName) no longer has this field; Delete clears it."
            }
            return false
        }
        message = nil
        picker.open()
        userFieldPickers[name] = picker
        return true
    }

    /// The chosen picklist value, if the resolver accepts it (an inactive one it refuses).
    private mutating func chooseUserField(_ name: String, _ index: Int) {
        defer { refreshUserFields() }
        guard let choices = userField(named: name)?.choices, choices.indices.contains(index) else { return }
        do {
            let (known, value) = try resolver.resolveUserField(name, choices[index].id)
            setUserField(known, value)
            userFieldErrors[name] = nil
            message = nil
        } catch {
            userFieldErrors[name] = error.description
        }
    }

    /// A text field's value becomes the setting; an empty one clears it.
    fileprivate mutating func commitUserFieldText(_ name: String) {
        guard let text = userFieldTexts[name] else { return }
        let draft = textDraft(text)
        userFieldTexts[name]?.text = draft
        setUserField(name, draft.isEmpty ? nil : draft)
    }

    fileprivate mutating func clearUserField(_ name: String) {
        userFieldErrors[name] = nil
        message = nil
        setUserField(name, nil)
        userFieldTexts[name]?.text = ""
        refreshUserFields()
    }

    /// The first user-defined field that cannot be saved, refused with the focus on it.
    fileprivate mutating func refuseUserFields(unmet: [RequiredFieldProblem]) -> Effect? {
        for name in userFieldNames {
            let row = SettingsRow.userField(name)
            let key = TicketSettings.userFieldKey(name)
            switch userFieldStatus(name) {
            case .unset(required: true):
                let problem = unmet.first { $0.key.lowercased() == key.lowercased() }
                return refuse(
                    row: row,
                    problem.map { Self.detail($0.description(remedy: "choose one before saving."), prefix: $0.key) }
                        ?? "\(system.displayName) requires it; choose one before saving.")
            case .missing(let value, let reason):
                return refuse(row: row, "\(reason) (\(value)); choose another, or Delete clears it.")
            case .invalid(_, let reason):
                return refuse(row: row, "\(reason); choose another, or Delete clears it.")
            case .unchecked(let value):
                return refuse(row: row, "\(value) could not be checked; Ctrl-R reloads the choices.")
            case .chosen, .unset:
                continue
            }
        }
        if let problem = unmet.first(where: { TicketSettingKey(rawValue: $0.key) == nil }) {
            message = "Not saved. " + problem.description(remedy: "set it before saving")
            return Effect.none
        }
        return nil
    }
}

// MARK: - Integration settings

extension SettingsTab {
    /// The integration settings with a row, in key order.
    var integrationKeys: [IntegrationSettingKey] { integrationStatuses.map(\.key) }

    func integrationStatus(_ key: IntegrationSettingKey) -> IntegrationSettingStatus? {
        integrationStatuses.first { $0.key == key }
    }

    var integrationDirty: Bool {
        integrationValues != savedIntegrationValues
            || integrationTexts.contains { key, field in textDraft(field) != (integrationValues[key] ?? "") }
    }

    /// What an empty field or the "default" option stands for: "default 300/300".
    func integrationPlaceholder(for key: IntegrationSettingKey) -> String {
        integrationStatus(key).map { "default \($0.defaultValue.value)" } ?? "(default)"
    }

    /// Beside the row: where the default comes from while the key keeps it, else the default;
    /// and what holds now when that is not the stored value (a tighter rate limit of the tenant).
    func integrationNote(for key: IntegrationSettingKey) -> (text: String, isProblem: Bool)? {
        guard let status = integrationStatus(key) else { return nil }
        var parts = [
            integrationValues[key] == nil ? status.defaultValue.source : "default \(status.defaultValue.value)"
        ]
        if integrationValues[key] == status.value, status.effective != status.own {
            parts.append("in effect \(status.effective)")
        }
        return (parts.joined(separator: "; "), false)
    }

    /// What the row says while focused.
    func integrationHint(for key: IntegrationSettingKey) -> String {
        guard let status = integrationStatus(key) else { return key.valueForm }
        return "An integration setting (\(key.valueForm)), saved without asking \(system.displayName). "
            + "Default \(status.defaultValue.value): \(status.defaultValue.source); Delete goes back to it."
    }

    fileprivate mutating func setUpIntegration(_ statuses: [IntegrationSettingStatus]) {
        integrationStatuses = statuses
        for status in statuses {
            integrationValues[status.key] = status.value
            if status.key.settingsOptions == nil {
                integrationTexts[status.key] = TextFieldState(text: status.value ?? "")
            }
        }
        savedIntegrationValues = integrationValues
        refreshIntegrationPickers()
    }

    /// The saved values become the ones the rows compare with.
    fileprivate mutating func didSaveIntegration() {
        savedIntegrationValues = integrationValues
        for index in integrationStatuses.indices {
            let key = integrationStatuses[index].key
            guard integrationStatuses[index].value != integrationValues[key] else { continue }
            integrationStatuses[index].value = integrationValues[key]
            integrationStatuses[index].effective = integrationStatuses[index].own
        }
    }

    /// A dropdown per key of a few values: "default (msp)" first, then the values.
    fileprivate mutating func refreshIntegrationPickers() {
        for status in integrationStatuses {
            guard let options = status.key.settingsOptions else { continue }
            let texts = ["default (\(status.defaultValue.value))"] + options
            let chosen = integrationValues[status.key].flatMap { options.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
            if var picker = integrationPickers[status.key], picker.options == texts {
                picker.choose(chosen)
                integrationPickers[status.key] = picker
            } else {
                integrationPickers[status.key] = PickerState(options: texts, chosen: chosen)
            }
        }
    }

    fileprivate mutating func openIntegrationPicker(_ key: IntegrationSettingKey) {
        guard var picker = integrationPickers[key] else { return }
        message = nil
        picker.open()
        integrationPickers[key] = picker
    }

    /// An open dropdown's answer to `event`; nil when the event is not the dropdown's.
    fileprivate mutating func handleOpenIntegrationPicker(
        _ key: IntegrationSettingKey, _ event: InputEvent, layout: SettingsLayout
    ) -> Effect? {
        guard var picker = integrationPickers[key], picker.isOpen else { return nil }
        var result = picker.handle(event, anchor: layout.anchor(for: .integration(key)), bounds: layout.area)
        if result == .ignored, picker.isOpen {
            if Self.passesOpenPopup(event) { picker.close() } else { result = .consumed }
        }
        integrationPickers[key] = picker
        switch result {
        case .chosen(let index):
            chooseIntegration(key, index)
            return Effect.none
        case .cancelled, .consumed: return Effect.none
        case .ignored: return nil
        }
    }

    /// Typing edits a text field, or opens a dropdown with the text as its search.
    fileprivate mutating func typeIntoIntegration(
        _ key: IntegrationSettingKey, _ event: InputEvent, layout: SettingsLayout
    )
        -> Effect
    {
        if var text = integrationTexts[key] {
            if text.handle(event) {
                integrationErrors[key] = nil
                text.scrollToCursor(columns: layout.anchor(for: .integration(key)).width)
            }
            integrationTexts[key] = text
            return .none
        }
        switch event {
        case .key(.character), .text: break
        default: return .none
        }
        openIntegrationPicker(key)
        guard event != .key(.character(" ")), var picker = integrationPickers[key] else { return .none }
        _ = picker.handle(event, anchor: layout.anchor(for: .integration(key)), bounds: layout.area)
        integrationPickers[key] = picker
        return .none
    }

    /// The option chosen: "default" (index 0) resets the key, any other is its value.
    private mutating func chooseIntegration(_ key: IntegrationSettingKey, _ index: Int) {
        defer { refreshIntegrationPickers() }
        guard let options = key.settingsOptions, index >= 0, index <= options.count else { return }
        do throws(IntegrationSettingError) {
            let assignment = try IntegrationSettingAssignment(key: key, value: index == 0 ? nil : options[index - 1])
            integrationValues[key] = assignment.value
            integrationErrors[key] = nil
            message = nil
        } catch {
            integrationErrors[key] = error.description
        }
    }

    /// The typed value becomes the setting, normalized; an empty field goes back to the default.
    /// Returns false, with the refusal beside the field, when the value is not one of the key's.
    fileprivate mutating func commitIntegrationText(_ key: IntegrationSettingKey) -> Bool {
        guard let text = integrationTexts[key] else { return true }
        do throws(IntegrationSettingError) {
            let assignment = try IntegrationSettingAssignment(key: key, value: textDraft(text))
            integrationValues[key] = assignment.value
            integrationTexts[key]?.text = assignment.value ?? ""
            integrationErrors[key] = nil
            return true
        } catch {
            integrationErrors[key] = error.description
            return false
        }
    }

    fileprivate mutating func clearIntegration(_ key: IntegrationSettingKey) {
        integrationErrors[key] = nil
        message = nil
        integrationValues[key] = nil
        integrationTexts[key]?.text = ""
        refreshIntegrationPickers()
    }

    /// Every integration setting checked, for the save; nil after refusing the first bad one,
    /// with the focus on it.
    fileprivate mutating func checkedIntegration() -> [IntegrationSettingAssignment]? {
        var assignments: [IntegrationSettingAssignment] = []
        for key in integrationKeys {
            if !commitIntegrationText(key) {
                _ = refuse(row: .integration(key), Self.detail(integrationErrors[key] ?? "", prefix: key.rawValue))
                return nil
            }
            do throws(IntegrationSettingError) {
                assignments.append(try IntegrationSettingAssignment(key: key, value: integrationValues[key]))
            } catch {
                integrationErrors[key] = error.description
                _ = refuse(row: .integration(key), Self.detail(error.description, prefix: key.rawValue))
                return nil
            }
        }
        return assignments
    }
}
