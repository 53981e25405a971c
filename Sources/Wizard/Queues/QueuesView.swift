import PSACore
import TerminalUI

/// Where the Ticket queues screen puts things; drawing and input share it.
struct QueuesLayout {
    var content: Rect
    var table: Rect
    var details: Rect

    init(size: Size, notice: Notice?) {
        content = ScreenChrome.content(of: Rect(size: size), notice: notice).inset(left: 1, right: 1)
        let parts = Layout.rows(content, [.fill(1), .fixed(1), .fixed(2)])
        table = parts[0]
        details = parts[2]
    }

    /// The form uses the whole content area (its popups stay inside it).
    var form: QueueFormLayout { QueueFormLayout(area: content) }
}

/// Draws the Ticket queues screen: the table, the highlighted queue's settings, and the form
/// or the removal's confirmation over them.
struct QueuesView: Widget {
    var screen: QueuesScreen
    var layout: QueuesLayout
    var tick: Int

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        if let form = screen.form {
            QueueFormView(form: form, layout: layout.form, tick: tick).render(in: layout.content, into: &buffer)
            return
        }
        if let loadError = screen.loadError {
            Paragraph("Could not read the queues: " + TerminalSafeText.escaped(loadError), role: .error)
                .render(in: layout.content, into: &buffer)
            return
        }
        Table(
            state: screen.table, isFocused: screen.confirmRemove == nil,
            emptyMessage: "No ticket queues yet: a adds one"
        ).render(in: layout.table, into: &buffer)
        if let row = screen.table.selectedItem {
            let settings = row.queue.settings.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            let text =
                settings.isEmpty
                ? "\(row.name) uses the settings of \(row.integration)."
                : "\(row.name): " + TerminalSafeText.escaped(settings.joined(separator: " "))
            Paragraph(text, role: .disabled).render(in: layout.details, into: &buffer)
        }
        if let confirm = screen.confirmRemove {
            Dialog.confirm(
                title: "Remove ticket queue", message: QueuesScreen.removeMessage(confirm.row), state: confirm.state,
                confirmTitle: "Remove", cancelTitle: "Keep it", isError: confirm.row.openTickets > 0
            ).render(in: layout.content, into: &buffer)
        }
    }
}
