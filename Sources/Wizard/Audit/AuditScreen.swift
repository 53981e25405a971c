import Foundation
import PSACore
import TerminalUI

/// One audit entry as the table shows it; every text from the store is made safe here.
struct AuditRow: Sendable {
    var entry: AuditEntry
    var time: String
    var actor: String
    var action: String
    var target: String
    var oldValue: String
    var newValue: String

    init(_ entry: AuditEntry) {
        self.entry = entry
        time = Timestamp.text(entry.at)
        actor = TerminalSafeText.escaped(entry.actor)
        action = TerminalSafeText.escaped(entry.action)
        target = TerminalSafeText.escaped(entry.target ?? "")
        oldValue = TerminalSafeText.escaped(entry.oldValue ?? "")
        newValue = TerminalSafeText.escaped(entry.newValue ?? "")
    }
}

/// The audit log viewer: every configuration change, newest first, read-only; the
/// highlighted entry's old and new values below the table.
struct AuditScreen {
    enum Effect: Equatable {
        case none, leave, reload
    }

    enum Command: Hashable, Sendable {
        case reload, help, leave
    }

    static let keyMap = KeyMap<Command>([
        KeyBinding([.character("r")], .reload, "Reload the log", hint: "Reload"),
        KeyBinding([.escape, .character("q")], .leave, "Back to the integrations", hint: "Back"),
        KeyBinding([.character("?"), .function(1)], .help, "Help: every key", hint: "Help"),
    ])

    static let columns: [TableColumn<AuditRow>] = [
        TableColumn("Time", width: .fixed(20), text: { $0.time }),
        TableColumn("Who", width: .fixed(8), text: { $0.actor }),
        TableColumn("Action", width: .fixed(23), text: { $0.action }),
        TableColumn("Target", width: .fill(1), text: { $0.target }),
    ]

    private(set) var table = TableState<AuditRow>(columns: AuditScreen.columns)
    private(set) var loadError: String?

    var rows: [AuditRow] { table.rows }

    mutating func show(_ entries: [AuditEntry]) {
        loadError = nil
        let selected = table.selectedItem?.entry.id
        table.setRows(entries.map(AuditRow.init))
        if let selected, let index = table.rows.firstIndex(where: { $0.entry.id == selected }) {
            table.select(row: index)
        }
    }

    mutating func showLoadError(_ failure: WizardFailure) { loadError = failure.description }

    mutating func handle(_ event: InputEvent, layout: AuditLayout) -> Effect {
        switch event {
        case .key(let key):
            switch Self.keyMap.command(for: key) {
            case .leave?: return .leave
            case .reload?: return .reload
            case .help?: return .none
            case nil: _ = table.handle(event, in: layout.table)
            }
        case .mouse:
            _ = table.handle(event, in: layout.table)
        case .text, .resize:
            break
        }
        return .none
    }
}

/// Where the audit log viewer puts things: the table, then the values of the highlighted entry.
struct AuditLayout {
    static let valueRows = 6
    var content: Rect
    var table: Rect
    var values: Rect

    init(size: Size, notice: Notice?) {
        content = ScreenChrome.content(of: Rect(size: size), notice: notice).inset(left: 1, right: 1)
        let parts = Layout.rows(content, [.fill(1), .fixed(1), .fixed(Self.valueRows)])
        table = parts[0]
        values = parts[2]
    }
}

/// Draws the audit log viewer's content.
struct AuditView: Widget {
    var screen: AuditScreen
    var layout: AuditLayout

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        if let loadError = screen.loadError {
            Paragraph("Could not read the audit log: " + TerminalSafeText.escaped(loadError), role: .error)
                .render(in: layout.content, into: &buffer)
            return
        }
        Table(state: screen.table, isFocused: true, emptyMessage: "No configuration change recorded yet")
            .render(in: layout.table, into: &buffer)
        guard let row = screen.table.selectedItem else { return }
        let half = layout.values.height / 2
        let old = Rect(x: layout.values.x, y: layout.values.y, width: layout.values.width, height: half)
        let new = Rect(
            x: layout.values.x, y: layout.values.y + half, width: layout.values.width,
            height: layout.values.height - half)
        Paragraph("Old: " + (row.oldValue.isEmpty ? "—" : row.oldValue), role: .disabled).render(in: old, into: &buffer)
        Paragraph("New: " + (row.newValue.isEmpty ? "—" : row.newValue)).render(in: new, into: &buffer)
    }
}

/// The audit log viewer inside the wizard.
extension WizardModel {
    mutating func openAudit() {
        open { _ in .audit(AuditScreen()) }
        reloadAudit()
    }

    mutating func reloadAudit() {
        switch services.auditEntries() {
        case .success(let entries): audit?.show(entries)
        case .failure(let failure): audit?.showLoadError(failure)
        }
    }

    mutating func handleAudit(_ input: InputEvent) {
        guard var screen = audit else { return }
        let effect = screen.handle(input, layout: AuditLayout(size: size, notice: nil))
        audit = screen
        switch effect {
        case .none: break
        case .reload: reloadAudit()
        case .leave: audit = nil
        }
    }

    func renderAudit(_ screen: AuditScreen, into buffer: inout ScreenBuffer) {
        let layout = AuditLayout(size: buffer.size, notice: nil)
        ScreenChrome(
            title: "Audit log · \(NumberText.grouped(screen.rows.count)) changes, newest first", notice: nil,
            hints: AuditScreen.keyMap.hints
        ).render(in: buffer.bounds, into: &buffer)
        AuditView(screen: screen, layout: layout).render(in: layout.content, into: &buffer)
    }

    var auditHelpSections: [(title: String, entries: [KeyHint])] {
        [("Audit log", AuditScreen.keyMap.helpEntries), ("Log", TableState<AuditRow>.inputHelp)]
    }
}
