import PSACore
import TerminalUI

/// Where the Maintenance screen puts things; drawing and input share it.
struct MaintenanceLayout {
    var content: Rect
    var table: Rect
    var details: Rect

    init(size: Size, notice: Notice?) {
        content = ScreenChrome.content(of: Rect(size: size), notice: notice).inset(left: 1, right: 1)
        let parts = Layout.rows(content, [.fill(1), .fixed(1), .fixed(3)])
        table = parts[0]
        details = parts[2]
    }

    /// The form uses the whole content area (its dropdowns stay inside it).
    func form(_ form: MaintenanceForm) -> FormLayout<MaintenanceForm.Field> {
        FormLayout(area: content, form: form.rows)
    }
}

/// Draws the Maintenance screen: the table, the highlighted window in full under it, and the
/// add form or the removal's confirmation over them.
struct MaintenanceView: Widget {
    var screen: MaintenanceScreen
    var layout: MaintenanceLayout

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        if let form = screen.form {
            buffer.fill(layout.content)
            Form(form.rows, layout: layout.form(form)).render(in: layout.content, into: &buffer)
            return
        }
        if let loadError = screen.loadError {
            Paragraph("Could not read the maintenance windows: " + TerminalSafeText.escaped(loadError), role: .error)
                .render(in: layout.content, into: &buffer)
            return
        }
        Table(
            state: screen.table, isFocused: screen.confirmRemove == nil,
            emptyMessage: "No maintenance windows: a adds one"
        ).render(in: layout.table, into: &buffer)
        if let row = screen.table.selectedItem {
            Paragraph(row.details, role: .disabled).render(in: layout.details, into: &buffer)
        } else {
            Paragraph(
                "During a window, firing events for what it covers make no ticket and add no note; "
                    + "they are kept as suppressed.", role: .disabled
            ).render(in: layout.details, into: &buffer)
        }
        if let confirm = screen.confirmRemove {
            Dialog.confirm(
                title: "Remove maintenance window", message: MaintenanceScreen.removeMessage(confirm.row),
                state: confirm.state, confirmTitle: "Remove", cancelTitle: "Keep it", isError: false
            ).render(in: layout.content, into: &buffer)
        }
    }
}
