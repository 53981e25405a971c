import PSACore
import TerminalUI

/// Where the Nerdio accounts sync form puts things: the form, and the latest sync at the bottom.
struct NerdioSyncFormLayout {
    static let labelWidth = 22

    var screen: Rect
    var rows: FormLayout<NerdioSyncForm.Field>
    /// The latest sync: when, and what it changed.
    var lastSync: Rect

    /// `area` is the content between the chrome's title and notice lines.
    init(screen: Rect, area: Rect, form: NerdioSyncForm) {
        self.screen = screen
        // The form's message stops a row above the latest sync's two rows.
        rows = FormLayout(area: area.inset(bottom: 3), form: form.rows)
        let content = area.inset(left: 2, right: 2)
        let lastSyncY = max(rows.message.y, content.maxY - 2)
        lastSync = Rect(x: content.x, y: lastSyncY, width: content.width, height: max(0, content.maxY - lastSyncY))
    }
}

/// Draws the Nerdio accounts sync form. The secret is never drawn: its field shows a mask
/// while typed, and a placeholder when a stored one is kept.
struct NerdioSyncFormView: Widget {
    var form: NerdioSyncForm
    var layout: NerdioSyncFormLayout
    /// Animation tick for the spinner while Nerdio Manager is asked.
    var tick: Int

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let busy = form.isSyncing ? "Syncing with Nerdio Manager… (Esc stops waiting)" : nil
        Form(form.rows, layout: layout.rows, busy: busy, tick: tick).render(in: area, into: &buffer)
        Paragraph(lastSyncText, role: .disabled).render(in: layout.lastSync, into: &buffer)
        if let confirm = form.confirmLeave {
            Dialog.confirm(
                title: "Discard what you typed?", message: "The Nerdio sync settings are not saved.",
                state: confirm, confirmTitle: "Discard", cancelTitle: "Keep editing"
            ).render(in: layout.screen, into: &buffer)
        }
    }

    /// "Last synced …: result", or that no sync has succeeded yet.
    var lastSyncText: String {
        guard let date = form.lastSyncedAt else {
            return "Never synced: nothing is saved until a sync with these settings succeeds."
        }
        let result = form.lastResult.map { ": " + TerminalSafeText.escaped($0) } ?? ""
        return "Last synced \(Timestamp.text(date))\(result)."
    }
}
