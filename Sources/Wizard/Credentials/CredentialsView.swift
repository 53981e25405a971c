import PSACore
import TerminalUI

/// Draws the Credentials tab.
struct CredentialsView: Widget {
    var form: CredentialsForm
    var layout: CredentialsLayout
    /// Animation tick for the spinner while the PSA is asked.
    var tick: Int

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let labelX = layout.systemField.x - CredentialsLayout.labelWidth
        Label("System", role: form.focus.focused == .system ? .hot : .normal)
            .render(
                in: Rect(x: labelX, y: layout.systemField.y, width: CredentialsLayout.labelWidth, height: 1),
                into: &buffer)
        if form.isEditing {
            Label(form.system.displayName, role: .normal).render(in: layout.systemField, into: &buffer)
        } else {
            Picker(label: "", state: form.systemPicker, isFocused: form.focus.focused == .system)
                .render(in: layout.systemField, into: &buffer)
        }

        for field in form.fields {
            guard let row = layout.fieldRows[field.key] else { continue }
            let isFocused = form.focus.focused == .field(field.key)
            let label = field.label + (field.isOptional ? " (optional)" : "")
            Label(label, role: isFocused ? .hot : .normal)
                .render(
                    in: Rect(x: labelX, y: row.y, width: CredentialsLayout.labelWidth - 1, height: 1), into: &buffer)
            TextField(
                form.value(field.key), placeholder: placeholder(for: field),
                isFocused: isFocused && !form.isValidating
            )
            .render(in: row, into: &buffer)
            if let error = form.errors[field.key] {
                let errorRow = Rect(x: row.x, y: row.y + 1, width: area.maxX - row.x - 1, height: 1)
                Label("✗ " + error, role: .error).render(in: errorRow, into: &buffer)
            }
        }

        if let hint = focusedHint {
            Paragraph(hint, role: .disabled).render(in: layout.hint, into: &buffer)
        }
        var x = layout.buttons.x
        for (title, target) in [("Validate & Save", CredentialsForm.Focus.save), ("Cancel", .cancel)] {
            let button = Button(title, isFocused: form.focus.focused == target, isEnabled: !form.isValidating)
            button.render(in: Rect(x: x, y: layout.buttons.y, width: button.width, height: 1), into: &buffer)
            x += button.width + 2
        }
        let status = Rect(x: x, y: layout.buttons.y, width: max(0, layout.buttons.maxX - x), height: 1)
        if form.isValidating {
            Spinner(tick: tick, label: "Checking with \(form.system.displayName)… (Esc cancels)")
                .render(in: status, into: &buffer)
        }
        if let message = form.formError {
            Paragraph("✗ " + message, role: .error).render(in: layout.message, into: &buffer)
        }
        if form.systemPicker.isOpen {
            PickerPopup(state: form.systemPicker)
                .render(
                    in: form.systemPicker.popupArea(anchor: layout.systemField, bounds: layout.screen), into: &buffer)
        }
    }

    private func placeholder(for field: CredentialFieldSpec) -> String {
        guard field.isSecret else { return "" }
        return form.hasStoredSecret(field.key) ? "(stored; type to replace)" : "(hidden as you type)"
    }

    private var focusedHint: String? {
        switch form.focus.focused {
        case .system: return "Enter chooses the PSA: HaloPSA, ConnectWise PSA or Datto Autotask PSA."
        case .field(let key): return form.fields.first { $0.key == key }?.hint
        case .save: return "Checks the credentials with the PSA, then saves them. Ctrl-S does the same from any field."
        case .cancel, nil: return nil
        }
    }
}
