import PSACore
import TerminalUI

/// One integration open in the three tabs: Credentials → Account Mapping → Ticket Settings.
/// The mapping and settings tabs exist once the integration is saved, and their state is
/// made the first time they are shown. Each tab saves on its own, in one transaction;
/// switching tabs keeps unsaved work, and leaving the editor asks before dropping it.
struct IntegrationEditor {
    enum Tab: Int, CaseIterable {
        case credentials, mapping, settings

        var title: String {
            switch self {
            case .credentials: return "Credentials"
            case .mapping: return "Account Mapping"
            case .settings: return "Ticket Settings"
            }
        }
    }

    enum Command: Hashable, Sendable {
        case nextTab, previousTab
    }

    /// Keys that work on every tab.
    static let keyMap = KeyMap<Command>([
        KeyBinding([.control("n")], .nextTab, "Next tab", hint: "Next"),
        KeyBinding([.control("p")], .previousTab, "Previous tab"),
    ])

    /// Tells answers meant for this editor from those of an editor closed since.
    let session: Int
    /// Nil until the Credentials tab is saved for the first time.
    private(set) var integration: Integration?
    var credentials: CredentialsForm
    var mapping: MappingTab?
    var settings: SettingsTab?
    private(set) var tabs: TabBarState
    /// The question "discard unsaved changes?" while it is asked.
    var confirmLeave: ConfirmState?
    /// A message about the editor as a whole (shown in the notice line).
    var notice: Notice?

    init(session: Int) {
        self.session = session
        credentials = CredentialsForm()
        tabs = TabBarState(tabCount: Tab.allCases.count, isEnabled: [true, false, false])
    }

    init(session: Int, editing integration: Integration, storedFields: [String: String]) {
        self.session = session
        self.integration = integration
        credentials = CredentialsForm(editing: integration, storedFields: storedFields)
        tabs = TabBarState(tabCount: Tab.allCases.count)
    }

    var tab: Tab { Tab(rawValue: tabs.selectedIndex) ?? .credentials }

    var title: String {
        guard let integration else { return "Add PSA integration" }
        return "\(integration.displayName) (\(integration.system.displayName))"
    }

    /// The tabs with work that is not saved, by title.
    var unsavedTabs: [String] {
        var titles: [String] = []
        if credentials.isDirty { titles.append(Tab.credentials.title) }
        if mapping?.isDirty == true { titles.append(Tab.mapping.title) }
        if settings?.isDirty == true { titles.append(Tab.settings.title) }
        return titles
    }

    /// The Credentials tab was saved: the integration exists now, so the other tabs open.
    mutating func didSave(_ saved: Integration, storedFields: [String: String]) {
        integration = saved
        credentials.didSave(saved, storedFields: storedFields)
        tabs.setEnabled(true, at: Tab.mapping.rawValue)
        tabs.setEnabled(true, at: Tab.settings.rawValue)
    }

    /// Moves to the next or previous tab; returns the tab now shown when it changed.
    mutating func move(by step: Int) -> Tab? {
        let target = tabs.selectedIndex + step
        guard tabs.select(target) else { return nil }
        notice = nil
        return tab
    }

    var canMoveOn: Bool { tabs.isTabEnabled(tabs.selectedIndex + 1) }

    /// The tab keys that work now: no Next before the credentials are saved, no Previous
    /// on the first tab.
    var activeKeyMap: KeyMap<Command> {
        var off: [Command] = []
        if !canMoveOn { off.append(.nextTab) }
        if !tabs.isTabEnabled(tabs.selectedIndex - 1) { off.append(.previousTab) }
        return Self.keyMap.disabling(off)
    }

    /// Whether typed text goes to a field or a searchable list of the tab shown.
    var takesText: Bool {
        if confirmLeave != nil { return false }
        switch tab {
        case .credentials: return true
        case .mapping: return mapping?.takesText ?? false
        case .settings: return settings?.takesText ?? false
        }
    }
}
