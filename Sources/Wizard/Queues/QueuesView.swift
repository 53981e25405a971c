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

/// Draws the add/edit form: name and integration above the Ticket Settings tab's rows.
struct QueueFormView: Widget {
    var form: QueueForm
    var layout: QueueFormLayout
    var tick: Int

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        buffer.fill(layout.area)
        let nameFocused = form.focus == .name
        marker(nameFocused, at: layout.nameLabel, into: &buffer)
        Label("Queue name", role: nameFocused ? .hot : .normal).render(in: layout.nameLabel, into: &buffer)
        TextField(form.name, placeholder: "as events give it", isFocused: nameFocused)
            .render(in: layout.nameField, into: &buffer)
        let integrationFocused = form.focus == .integration
        marker(integrationFocused, at: layout.integrationLabel, into: &buffer)
        Label("Integration", role: integrationFocused ? .hot : .normal)
            .render(in: layout.integrationLabel, into: &buffer)
        if form.isEditing {
            Label(form.integration.map(RemoveIntegrationDialog.optionText) ?? "?", role: .disabled)
                .render(in: layout.integrationField, into: &buffer)
        } else {
            Picker(
                label: "", state: form.integrationPicker,
                isFocused: integrationFocused && !form.integrationPicker.isOpen, placeholder: "Choose…"
            ).render(in: layout.integrationField, into: &buffer)
        }
        if let error = form.error {
            Label("✗ " + TerminalSafeText.escaped(error), role: .error).render(in: layout.message, into: &buffer)
        } else {
            Label(
                "Settings below override the integration's; the rest come from it.", role: .disabled
            ).render(in: layout.message, into: &buffer)
        }
        if let tab = form.tab {
            let settings = layout.settings(tab)
            SettingsView(tab: tab, layout: settings, tick: tick).render(in: layout.settingsArea, into: &buffer)
            if form.focus != .settings, let row = settings.rows.first(where: { $0.key == tab.focusedKey }) {
                // The tab always marks a field; while the name or the integration has the focus, it is not that one.
                if row.label.x - 2 >= layout.area.x { buffer.put(" ", x: row.label.x - 2, y: row.label.y, limit: 1) }
                Label(row.key.settingsLabel).render(in: row.label, into: &buffer)
            }
        }
        if form.integrationPicker.isOpen {
            PickerPopup(state: form.integrationPicker).render(
                in: form.integrationPicker.popupArea(anchor: layout.integrationField, bounds: layout.area),
                into: &buffer)
        }
    }

    private func marker(_ focused: Bool, at label: Rect, into buffer: inout ScreenBuffer) {
        guard focused, label.x > layout.area.x else { return }
        buffer.put("›", x: label.x - 2, y: label.y, role: .hot, limit: 1)
    }
}
