import PSACore
import TerminalUI

/// Draws the Ticket Settings tab into `layout.area`; the area passed to `render` is ignored,
/// since input handling must agree with drawing on where everything is.
struct SettingsView: Widget {
    var tab: SettingsTab
    var layout: SettingsLayout
    /// Animation tick for the spinner while the choices load.
    var tick: Int

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        buffer.fill(layout.area)
        renderStatus(into: &buffer)
        let statuses = tab.fieldStatuses
        for row in layout.rows { renderRow(row, status: tab.status(of: row.id, keyStatuses: statuses), into: &buffer) }
        renderMessage(into: &buffer)
        // Last, so that the popup lies over the rows below its field.
        if let row = tab.focusedRow, let picker = picker(for: row), picker.isOpen {
            PickerPopup(state: picker)
                .render(in: picker.popupArea(anchor: layout.anchor(for: row), bounds: layout.area), into: &buffer)
        }
    }

    private func renderStatus(into buffer: inout ScreenBuffer) {
        let scroll = scrollIndicator
        let scrollWidth = DisplayWidth.columns(of: scroll)
        let line = layout.status.inset(right: scrollWidth > 0 ? scrollWidth + 1 : 0)
        let system = tab.system.displayName
        if tab.isLoading {
            Spinner(tick: tick, label: "Loading choices from \(system)…").render(in: line, into: &buffer)
        } else if tab.loadError != nil {
            Label("✗ Could not load the choices from \(system). Ctrl-R retries.", role: .error)
                .render(in: line, into: &buffer)
        } else if tab.hasLoadedChoices {
            Label("Choices from \(system). Enter opens a list; type to search it.", role: .disabled)
                .render(in: line, into: &buffer)
        }
        if scrollWidth > 0 {
            Label(scroll, role: .hot, alignment: .trailing)
                .render(
                    in: Rect(x: layout.status.maxX - scrollWidth, y: layout.status.y, width: scrollWidth, height: 1),
                    into: &buffer)
        }
    }

    /// Says that fields are off screen, and on which side.
    private var scrollIndicator: String {
        var parts: [String] = []
        if layout.hiddenAbove > 0 { parts.append("▲ \(layout.hiddenAbove) more") }
        if layout.hiddenBelow > 0 { parts.append("▼ \(layout.hiddenBelow) more") }
        return parts.joined(separator: " ")
    }

    private func picker(for row: SettingsRow) -> PickerState? {
        switch row {
        case .key(let key): return tab.pickers[key]
        case .userField(let name): return tab.userFieldPickers[name]
        case .integration(let key): return tab.integrationPickers[key]
        }
    }

    private func renderRow(_ row: SettingsLayout.Row, status: SettingsFieldStatus?, into buffer: inout ScreenBuffer) {
        let isFocused = tab.focusedRow == row.id
        let popupOpen = picker(for: row.id)?.isOpen == true
        if isFocused, row.label.x > layout.list.x {
            // A marker as well as the color, so that focus survives a monochrome theme.
            buffer.put("›", x: row.label.x - 2, y: row.label.y, role: .hot, limit: 1)
        }
        if let heading = row.heading {
            Label("Integration settings", role: .header).render(in: heading, into: &buffer)
        }
        Label(tab.label(for: row.id), role: isFocused ? .hot : .normal).render(in: row.label, into: &buffer)
        if row.key == .reopenWindow {
            TextField(tab.reopenText, placeholder: "(unset)", isFocused: isFocused).render(in: row.field, into: &buffer)
        } else if let name = row.id.userField, let text = tab.userFieldTexts[name] {
            TextField(text, placeholder: "(unset)", isFocused: isFocused).render(in: row.field, into: &buffer)
        } else if let key = row.id.integrationKey, let text = tab.integrationTexts[key] {
            TextField(text, placeholder: tab.placeholder(for: row.id), isFocused: isFocused)
                .render(in: row.field, into: &buffer)
        } else if let picker = picker(for: row.id) {
            Picker(
                label: "", state: picker, isFocused: isFocused && !popupOpen, placeholder: tab.placeholder(for: row.id)
            )
            .render(in: row.field, into: &buffer)
        }
        if let noteArea = row.note, let note = tab.note(for: row.id, status: status) {
            Label(note.text, role: note.isProblem ? .error : .disabled).render(in: noteArea, into: &buffer)
        }
        if let errorArea = row.error, let error = tab.errorText(for: row.id) {
            Paragraph(error, role: .error).render(in: errorArea, into: &buffer)
        }
    }

    /// A refusal first, then why the choices did not load, then an import's unchecked settings,
    /// else what the focused field is for.
    private func renderMessage(into buffer: inout ScreenBuffer) {
        if let message = tab.message {
            Paragraph("✗ " + message, role: .error).render(in: layout.message, into: &buffer)
        } else if let error = tab.loadError {
            Paragraph(error, role: .error).render(in: layout.message, into: &buffer)
        } else if let reason = tab.reviewReason {
            Paragraph(
                "Review needed: imported without a check against \(tab.system.displayName) "
                    + "(\(TerminalSafeText.escaped(reason))). Save checks these settings and clears this.",
                role: .warning
            ).render(in: layout.message, into: &buffer)
        } else if let key = tab.focusedKey {
            Paragraph(key.settingsHint, role: .disabled).render(in: layout.message, into: &buffer)
        } else if let key = tab.focusedRow?.integrationKey {
            Paragraph(tab.integrationHint(for: key), role: .disabled).render(in: layout.message, into: &buffer)
        } else if let name = tab.focusedRow?.userField {
            let kind = tab.userFieldTexts[name] != nil ? "text" : "a value of its picklist"
            Paragraph(
                "An Autotask user-defined field (udf.\(name)) that new tickets carry: \(kind).", role: .disabled
            ).render(in: layout.message, into: &buffer)
        }
    }
}
