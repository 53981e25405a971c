import PSACore
import TerminalUI

/// Removing an integration from the home screen: when it is the default and others exist,
/// first which one becomes the default, then the integration's name typed exactly. Plain
/// state; the wizard removes when `handle` answers `.remove`.
struct RemoveIntegrationDialog {
    enum Step {
        /// Choosing the integration that becomes the default (index into `candidates`).
        case chooseSuccessor(PickerState)
        /// Typing the name to confirm.
        case typeName(TextFieldState)
    }

    enum Effect: Equatable {
        case none
        case cancel
        case remove(id: Int64, newDefault: Int64?)
    }

    let integration: Integration
    /// The integrations that may become the default; empty unless the removed one is the default.
    let candidates: [Integration]
    private(set) var step: Step
    private(set) var newDefault: Int64?
    /// Why Enter did nothing (the typed name does not match).
    private(set) var message: String?

    init(integration: Integration, among all: [Integration]) {
        self.integration = integration
        candidates = integration.isDefault ? all.filter { $0.id != integration.id } : []
        if candidates.isEmpty {
            step = .typeName(TextFieldState())
        } else {
            var picker = PickerState(options: candidates.map(Self.optionText), chosen: 0)
            picker.open()
            step = .chooseSuccessor(picker)
        }
    }

    static func optionText(_ integration: Integration) -> String {
        TerminalSafeText.escaped(integration.displayName) + " (" + integration.system.displayName + ")"
    }

    var name: String { TerminalSafeText.escaped(integration.displayName) }

    /// The successor's name, once chosen.
    var successorName: String? {
        newDefault.flatMap { id in candidates.first { $0.id == id } }.map { TerminalSafeText.escaped($0.displayName) }
    }

    var typed: String {
        if case .typeName(let field) = step { return field.text }
        return ""
    }

    mutating func handle(_ event: InputEvent, layout: RemoveDialogLayout) -> Effect {
        switch step {
        case .chooseSuccessor(var picker):
            if !picker.isOpen { picker.open() }
            let result = picker.handle(event, anchor: layout.pickerAnchor(candidates.count), bounds: layout.area)
            switch result {
            case .chosen(let index):
                newDefault = candidates[index].id
                step = .typeName(TextFieldState())
                return .none
            case .cancelled:
                return .cancel
            case .consumed, .ignored:
                step = .chooseSuccessor(picker)
                return .none
            }
        case .typeName(var field):
            if case .text(let text) = event, text.contains("\r") || text.contains("\n") {
                // A pasted name with its line end: the text, then Enter.
                field.insert(String(text.prefix { $0 != "\r" && $0 != "\n" }))
                step = .typeName(field)
                return confirm()
            }
            switch event {
            case .key(.escape): return .cancel
            case .key(.enter): return confirm()
            default:
                if field.handle(event) { message = nil }
                step = .typeName(field)
                return .none
            }
        }
    }

    /// The hint bar while the dialog is open.
    static let hints = [
        KeyHint(key: "Enter", label: "Choose / Remove"), KeyHint(key: "Esc", label: "Keep it"),
        KeyHint(key: "F1", label: "Help"),
    ]

    var helpSections: [(title: String, entries: [KeyHint])] {
        switch step {
        case .chooseSuccessor:
            return [
                (
                    "New default PSA system",
                    [
                        KeyHint(key: "↑↓", label: "Move"), KeyHint(key: "Type", label: "Search the integrations"),
                        KeyHint(key: "Enter", label: "Make the highlighted one the default, then confirm the removal"),
                        KeyHint(key: "Esc", label: "Keep the integration"),
                    ]
                )
            ]
        case .typeName:
            return [
                (
                    "Remove \(name)",
                    [
                        KeyHint(key: "Type", label: "The integration's name, exactly"),
                        KeyHint(key: "Enter", label: "Remove it with its mappings, queues and ticket settings"),
                        KeyHint(key: "Esc", label: "Keep the integration"),
                    ]
                ),
                ("Text field", TextFieldState.editingHelp),
            ]
        }
    }

    /// Removes only when the typed text is the integration's name exactly.
    private mutating func confirm() -> Effect {
        let id = integration.id
        guard typed == integration.displayName else {
            message = "The name does not match; type \"\(name)\" exactly, or Esc keeps it."
            return .none
        }
        return .remove(id: id, newDefault: newDefault)
    }
}

/// Where the remove dialog draws: a box in the middle of the content.
struct RemoveDialogLayout {
    var area: Rect

    var box: Rect { area.centered(width: min(area.width, 64), height: min(area.height, 10)) }

    /// A zero-height anchor that puts the successor popup in the middle of the content.
    func pickerAnchor(_ count: Int) -> Rect {
        let width = min(area.width, 56)
        let wanted = max(1, min(count, 10)) + 3
        let y = area.y + max(0, (area.height - wanted) / 2)
        return Rect(x: area.x + max(0, (area.width - width) / 2), y: y, width: width, height: 0)
    }
}

/// Draws the remove dialog over the home screen.
struct RemoveIntegrationView: Widget {
    var dialog: RemoveIntegrationDialog
    var layout: RemoveDialogLayout

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        switch dialog.step {
        case .chooseSuccessor(let picker):
            let popup = picker.popupArea(anchor: layout.pickerAnchor(dialog.candidates.count), bounds: layout.area)
            PickerPopup(state: picker).render(in: popup, into: &buffer)
            let title = " New default instead of \(dialog.name)… "
            if popup.width > 8 {
                buffer.put(
                    truncating: title, x: popup.x + 2, y: popup.y,
                    width: min(DisplayWidth.columns(of: title), popup.width - 4), role: .header)
            }
        case .typeName(let field):
            let box = layout.box
            guard box.width > 6, box.height > 4 else { return }
            buffer.fill(box)
            Frame(title: "Remove \(dialog.name)", role: .error, titleRole: .error).render(in: box, into: &buffer)
            let inner = box.inset(top: 1, left: 2, bottom: 1, right: 2)
            var text =
                "Its mappings, queues and ticket settings are removed too; tickets already in the PSA stay."
            if let successor = dialog.successorName { text += " \(successor) becomes the default." }
            text += " Type the name to confirm:"
            let lines = Paragraph.wrap(text, width: inner.width)
            for (index, line) in lines.prefix(max(0, inner.height - 3)).enumerated() {
                Label(line).render(in: inner.row(index), into: &buffer)
            }
            let fieldRow = min(lines.count, max(0, inner.height - 3))
            var shown = field
            shown.scrollToCursor(columns: inner.width)
            TextField(shown, placeholder: dialog.name, isFocused: true).render(in: inner.row(fieldRow), into: &buffer)
            if let message = dialog.message {
                Paragraph(message, role: .error).render(
                    in: Rect(x: inner.x, y: inner.y + fieldRow + 1, width: inner.width, height: 2), into: &buffer)
            } else {
                Label("Enter removes · Esc keeps it", role: .disabled).render(
                    in: inner.row(fieldRow + 1), into: &buffer)
            }
        }
    }
}

/// The home screen's actions on the highlighted integration: set as default, pause or
/// resume, remove. Each is one store write; its outcome becomes the notice.
extension WizardModel {
    mutating func setHighlightedDefault() {
        guard let integration = home.selected else { return }
        guard !integration.isDefault else {
            let name = TerminalSafeText.escaped(integration.displayName)
            notice = Notice("\"\(name)\" is already the default PSA system.", role: .normal)
            return
        }
        emit(.write(.setDefault(integration)))
    }

    mutating func togglePauseHighlighted() {
        guard let integration = home.selected else { return }
        emit(.write(.setPaused(!integration.isPaused, integration)))
    }

    mutating func startRemovingHighlighted() {
        guard let integration = home.selected else { return }
        screen = .removing(RemoveIntegrationDialog(integration: integration, among: home.integrations))
    }

    var removeLayout: RemoveDialogLayout {
        RemoveDialogLayout(area: HomeLayout(size: size, notice: homeNotice).content)
    }

    mutating func handleRemoving(_ input: InputEvent) {
        guard var dialog = removing else { return }
        let effect = dialog.handle(input, layout: removeLayout)
        switch effect {
        case .none: removing = dialog
        case .cancel: screen = .home
        case .remove(_, let newDefault):
            screen = .home
            emit(.write(.removeIntegration(dialog.integration, newDefault: newDefault)))
        }
    }

    /// What a home-list write came to, as the notice, with the list read again.
    mutating func appliedOnHome(_ outcome: WriteOutcome) {
        guard case .homeChanged(let write, let failure) = outcome else { return }
        let quoted = { (integration: Integration) in "\"\(TerminalSafeText.escaped(integration.displayName))\"" }
        let why = failure.map { TerminalSafeText.escaped($0.description) } ?? ""
        switch write {
        case .setDefault(let integration):
            notice =
                failure == nil
                ? Notice("\(quoted(integration)) is now the default PSA system.", role: .ok)
                : .error("Could not set the default: \(why)")
            reloadKeeping(integration.id)
        case .setPaused(let pausing, let integration):
            if failure != nil {
                notice = .error("Could not \(pausing ? "pause" : "resume"): \(why)")
            } else if pausing {
                notice = .warning(
                    "\(quoted(integration)) paused: no tickets are opened or changed; its events wait in the outbox "
                        + "until it is resumed (p).")
            } else {
                notice = Notice(
                    "\(quoted(integration)) resumed: the events waiting in the outbox are delivered again.", role: .ok)
            }
            reloadKeeping(integration.id)
        case .removeIntegration(let integration, let newDefault):
            if failure != nil {
                notice = .error("Could not remove \(quoted(integration)): \(why)")
            } else {
                let successor =
                    newDefault.flatMap { id in home.integrations.first { $0.id == id } }
                    .map { "; \(quoted($0)) is now the default" } ?? ""
                notice = Notice("\(quoted(integration)) removed\(successor).", role: .ok)
            }
            reload()
        default:
            break
        }
    }
}
