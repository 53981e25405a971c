import PSACore
import TerminalUI

/// Draws the add/edit form: name and integration above the Ticket Settings tab's rows.
struct QueueFormView: Widget {
    var form: QueueForm
    var layout: QueueFormLayout
    var tick: Int

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        buffer.fill(layout.area)
        if let tab = form.tab {
            let settings = layout.settings(tab)
            SettingsView(tab: tab, layout: settings, tick: tick).render(in: layout.settingsArea, into: &buffer)
            if form.focus != .settings, let row = settings.rows.first(where: { $0.id == tab.focusedRow }) {
                // The tab always marks a field; while the name or the integration has the focus, it is not that one.
                if row.label.x - 2 >= layout.area.x { buffer.put(" ", x: row.label.x - 2, y: row.label.y, limit: 1) }
                Label(tab.label(for: row.id)).render(in: row.label, into: &buffer)
            }
        }
        if let error = form.error {
            Label("✗ " + TerminalSafeText.escaped(error), role: .error).render(in: layout.message, into: &buffer)
        } else {
            Label(
                "Settings below override the integration's; the rest come from it.", role: .disabled
            ).render(in: layout.message, into: &buffer)
        }
        // Last, so that the integration's popup lies over the settings.
        Form(form.rows, layout: layout.rows(of: form), isFocused: form.focus != .settings)
            .render(in: layout.area, into: &buffer)
    }
}
