import Foundation
import PSACore
import TerminalUI

/// The Maintenance screen: every maintenance window, whether it is in force now or when it
/// comes next, the windows it overlaps; adding and removing them. Plain state; the wizard
/// runs the effects it asks for.
struct MaintenanceScreen {
    enum Effect: Equatable {
        case none
        /// Esc on the list: back home.
        case leave
        case reload
        case save(MaintenanceSave)
        case remove(id: Int64)
    }

    enum Command: Hashable, Sendable {
        case add, remove, reload, help, leave
    }

    static let keyMap = KeyMap<Command>([
        KeyBinding([.character("a")], .add, "Add a maintenance window", hint: "Add"),
        KeyBinding([.character("d"), .delete], .remove, "Remove the highlighted window (asks first)", hint: "Remove"),
        KeyBinding([.character("r")], .reload, "Reload the windows (and whether each is in force)", hint: "Reload"),
        KeyBinding([.escape], .leave, "Back to the integrations", hint: "Back"),
        KeyBinding([.character("?"), .function(1)], .help, "Help: every key", hint: "Help"),
    ])

    static let columns: [TableColumn<MaintenanceRow>] = {
        var now = TableColumn<MaintenanceRow>("In force/next", width: .fixed(20), text: { $0.state })
        now.role = { $0.status.isInForce ? .warning : nil }
        return [
            TableColumn("#", width: .fixed(4), text: { $0.number }, sortKey: { .number(Double($0.id)) }),
            TableColumn("Covers", width: .fill(2), text: { $0.scope }),
            TableColumn("When", width: .fill(4), text: { $0.schedule }),
            now,
            TableColumn("Overlaps", width: .fixed(8), text: { $0.overlaps }),
            TableColumn("Reason", width: .fill(2), text: { $0.reason }),
        ]
    }()

    let session: Int
    private(set) var table = TableState<MaintenanceRow>(columns: MaintenanceScreen.columns)
    private(set) var integrations: [Integration] = []
    private(set) var accounts: [NerdioAccount] = []
    private(set) var form: MaintenanceForm?
    /// The window whose removal is being confirmed.
    private(set) var confirmRemove: (row: MaintenanceRow, state: ConfirmState)?
    var notice: Notice?
    private(set) var loadError: String?

    init(session: Int) { self.session = session }

    var rows: [MaintenanceRow] { table.rows }

    mutating func show(_ snapshot: MaintenanceSnapshot) {
        loadError = nil
        integrations = snapshot.integrations
        accounts = snapshot.accounts
        let integrationNames = Dictionary(
            snapshot.integrations.map { ($0.id, $0.displayName) }, uniquingKeysWith: { a, _ in a })
        let accountNames = Dictionary(snapshot.accounts.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let selected = table.selectedItem?.id
        table.setRows(
            snapshot.statuses.map { MaintenanceRow($0, integrations: integrationNames, accounts: accountNames) })
        if let selected, let index = table.rows.firstIndex(where: { $0.id == selected }) {
            table.select(row: index)
        }
    }

    mutating func showLoadError(_ failure: WizardFailure) { loadError = failure.description }

    static func removeMessage(_ row: MaintenanceRow) -> String {
        var text = "Remove maintenance window \(row.number) (\(row.scope), \(row.schedule))?"
        if row.status.isInForce { text += " It is in force now; events will make tickets again." }
        return text
    }

    // MARK: Input

    mutating func handle(_ event: InputEvent, layout: MaintenanceLayout) -> Effect {
        if var form {
            let effect = form.handle(event, layout: layout.form(form))
            self.form = form
            switch effect {
            case .none: return .none
            case .cancel:
                self.form = nil
                return .none
            case .save(let save): return .save(save)
            }
        }
        if var confirm = confirmRemove {
            switch confirm.state.handle(event) {
            case .confirmed:
                confirmRemove = nil
                return .remove(id: confirm.row.id)
            case .cancelled:
                confirmRemove = nil
            case .handled, .ignored:
                self.confirmRemove = confirm
            }
            return .none
        }
        switch event {
        case .key(let key):
            if let command = Self.keyMap.command(for: key) { return run(command) }
            _ = table.handle(event, in: layout.table)
        case .mouse:
            _ = table.handle(event, in: layout.table)
        case .text, .resize:
            break
        }
        return .none
    }

    private mutating func run(_ command: Command) -> Effect {
        switch command {
        case .add:
            notice = nil
            form = MaintenanceForm(integrations: integrations, accounts: accounts)
        case .remove:
            guard let row = table.selectedItem else { return .none }
            confirmRemove = (row, ConfirmState())
        case .reload: return .reload
        case .leave: return .leave
        case .help: break
        }
        return .none
    }

    // MARK: Answers

    /// The store's answer to `.save`.
    mutating func saved(_ result: Result<MaintenanceWindow, WizardFailure>) {
        switch result {
        case .success(let window):
            form = nil
            notice = Notice("Maintenance window #\(window.id) added.", role: .ok)
        case .failure(let failure):
            form?.saveFailed(failure)
        }
    }

    mutating func removed(_ result: Result<MaintenanceWindow, WizardFailure>) {
        switch result {
        case .success(let window): notice = Notice("Maintenance window #\(window.id) removed.", role: .ok)
        case .failure(let failure): notice = .error("Not removed: \(TerminalSafeText.escaped(failure.description))")
        }
    }

    var hints: [KeyHint] { form == nil ? Self.keyMap.hints : MaintenanceForm.keyMap.hints }

    /// Whether typed text goes to a field rather than to the screen's keys.
    var takesText: Bool { form != nil }
}
