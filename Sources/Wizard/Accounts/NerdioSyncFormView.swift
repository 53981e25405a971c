import PSACore
import TerminalUI

/// Where the Nerdio accounts sync form puts things.
struct NerdioSyncFormLayout {
    static let labelWidth = 22

    var screen: Rect
    /// One row per field, in form order; a field with an error gets a second row.
    var fieldRows: [NerdioSyncForm.Field: Rect] = [:]
    var hint: Rect
    var buttons: Rect
    var message: Rect
    /// The latest sync: when, and what it changed.
    var lastSync: Rect

    /// `area` is the content between the chrome's title and notice lines.
    init(screen: Rect, area: Rect, form: NerdioSyncForm) {
        self.screen = screen
        let content = area.inset(left: 2, right: 2)
        let fieldWidth = max(0, min(56, content.width - Self.labelWidth))
        var y = content.y
        for spec in NerdioSyncForm.fields {
            fieldRows[spec.field] = Rect(x: content.x + Self.labelWidth, y: y, width: fieldWidth, height: 1)
            y += form.errors[spec.field] == nil ? 1 : 2
        }
        hint = Rect(x: content.x, y: y + 1, width: content.width, height: 2)
        buttons = Rect(x: content.x, y: y + 3, width: content.width, height: 1)
        let lastSyncY = max(y + 5, content.maxY - 2)
        lastSync = Rect(x: content.x, y: lastSyncY, width: content.width, height: max(0, content.maxY - lastSyncY))
        message = Rect(x: content.x, y: y + 5, width: content.width, height: max(0, lastSyncY - 1 - (y + 5)))
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
        for spec in NerdioSyncForm.fields {
            guard let row = layout.fieldRows[spec.field] else { continue }
            let isFocused = form.focus.focused == .field(spec.field)
            let labelX = row.x - NerdioSyncFormLayout.labelWidth
            let label = spec.label + (spec.isOptional ? " (optional)" : "")
            Label(label, role: isFocused ? .hot : .normal)
                .render(
                    in: Rect(x: labelX, y: row.y, width: NerdioSyncFormLayout.labelWidth - 1, height: 1), into: &buffer)
            TextField(
                form.value(spec.field), placeholder: placeholder(for: spec), isFocused: isFocused && !form.isSyncing
            )
            .render(in: row, into: &buffer)
            if let error = form.errors[spec.field] {
                let errorRow = Rect(x: row.x, y: row.y + 1, width: max(0, area.maxX - row.x - 1), height: 1)
                Label("✗ " + TerminalSafeText.escaped(error), role: .error).render(in: errorRow, into: &buffer)
            }
        }

        if let hint = focusedHint {
            Paragraph(hint, role: .disabled).render(in: layout.hint, into: &buffer)
        }
        var x = layout.buttons.x
        for (title, target) in [("Sync & Save", NerdioSyncForm.Focus.save), ("Cancel", .cancel)] {
            let button = Button(title, isFocused: form.focus.focused == target, isEnabled: !form.isSyncing)
            button.render(in: Rect(x: x, y: layout.buttons.y, width: button.width, height: 1), into: &buffer)
            x += button.width + 2
        }
        let status = Rect(x: x, y: layout.buttons.y, width: max(0, layout.buttons.maxX - x), height: 1)
        if form.isSyncing {
            Spinner(tick: tick, label: "Syncing with Nerdio Manager… (Esc stops waiting)")
                .render(in: status, into: &buffer)
        }
        if let message = form.formError {
            Paragraph("✗ " + TerminalSafeText.escaped(message), role: .error).render(in: layout.message, into: &buffer)
        }
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

    private func placeholder(for spec: NerdioSyncForm.FieldSpec) -> String {
        if spec.isSecret { return form.hasStoredSecret ? "(stored; type to replace)" : "(hidden as you type)" }
        if spec.field == .authority { return NerdioSyncSettings.defaultAuthority }
        if spec.field == .scope { return "api://<app id>/.default" }
        return ""
    }

    private var focusedHint: String? {
        switch form.focus.focused {
        case .field(let field): return NerdioSyncForm.spec(field).hint
        case .save:
            return "Reads the accounts from Nerdio Manager with these settings and saves the settings if that works. "
                + "Ctrl-S does the same from any field."
        case .cancel, nil: return nil
        }
    }
}
