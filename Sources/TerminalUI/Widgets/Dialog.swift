/// What a key did to a confirmation dialog.
public enum ConfirmResult: Hashable, Sendable {
    /// The key means nothing to the dialog.
    case ignored
    /// The key moved focus between the buttons; the dialog stays open.
    case handled
    case confirmed
    case cancelled
}

/// Which button of a confirm/cancel dialog has focus.
public struct ConfirmState: Hashable, Sendable {
    public enum Choice: Hashable, Sendable {
        case confirm
        case cancel
    }

    public var focused: Choice

    /// Focus starts on Cancel unless told otherwise, so that a stray Enter does not confirm
    /// something destructive.
    public init(focused: Choice = .cancel) {
        self.focused = focused
    }

    /// ←/→ move to the button on that side, Tab and Shift-Tab to the other one; Enter or
    /// Space chooses the focused button; Esc cancels; `y` confirms and `n` cancels.
    public mutating func handle(_ event: InputEvent) -> ConfirmResult {
        if Button.activates(event) { return focused == .confirm ? .confirmed : .cancelled }
        guard case .key(let key) = event else { return .ignored }
        switch key {
        case .left:
            focused = .confirm
        case .right:
            focused = .cancel
        case .tab, .backTab:
            focused = focused == .confirm ? .cancel : .confirm
        case .escape:
            return .cancelled
        case .character("y"), .character("Y"):
            return .confirmed
        case .character("n"), .character("N"):
            return .cancelled
        default:
            return .ignored
        }
        return .handled
    }
}

/// A modal box centered in its area: a title in the top border, a word-wrapped message and
/// a row of buttons.
///
/// The box is cleared before drawing, so the screen behind never shows through. The focused
/// button is drawn in `.focus`. An error dialog's title is `.error`. When the area is too
/// short, the blank rows go first, then message lines (the last one kept ends in "…");
/// the buttons stay.
public struct Dialog: Widget {
    public var title: String
    public var message: String
    public var buttons: [String]
    public var focusedButton: Int?
    public var isError: Bool
    /// The widest the box gets, borders included.
    public var maxWidth: Int

    public init(
        title: String,
        message: String,
        buttons: [String] = ["OK"],
        focusedButton: Int? = 0,
        isError: Bool = false,
        maxWidth: Int = 60
    ) {
        self.title = title
        self.message = message
        self.buttons = buttons
        self.focusedButton = focusedButton
        self.isError = isError
        self.maxWidth = maxWidth
    }

    /// A confirm/cancel dialog, the confirm button first.
    public static func confirm(
        title: String,
        message: String,
        state: ConfirmState,
        confirmTitle: String = "OK",
        cancelTitle: String = "Cancel",
        isError: Bool = false
    ) -> Dialog {
        Dialog(
            title: title,
            message: message,
            buttons: [confirmTitle, cancelTitle],
            focusedButton: state.focused == .confirm ? 0 : 1,
            isError: isError
        )
    }

    static let buttonGap = 2
    /// A border and a blank column on each side.
    static let horizontalChrome = 4

    /// The box the dialog draws in `area`.
    public func box(in area: Rect) -> Rect { layout(in: area).box }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let layout = self.layout(in: area)
        let box = layout.box
        guard box.width >= 2, box.height >= 2 else { return }
        buffer.fill(box)
        Frame(title: title, role: isError ? .error : .normal, titleRole: isError ? .error : .header)
            .render(in: box, into: &buffer)

        let content = box.inset(top: 1, left: 2, bottom: 1, right: 2)
        guard content.width > 0 else { return }
        for (index, line) in layout.lines.enumerated() {
            buffer.put(truncating: line, x: content.x, y: layout.messageTop + index, width: content.width)
        }
        guard let buttonRow = layout.buttonRow else { return }
        let buttonWidths = buttons.map { Button($0).width }
        let total = buttonWidths.reduce(0, +) + Self.buttonGap * max(0, buttons.count - 1)
        var x = content.x + max(0, (content.width - total) / 2)
        for (index, title) in buttons.enumerated() {
            let width = min(buttonWidths[index], content.maxX - x)
            guard width > 0 else { break }
            Button(title, isFocused: index == focusedButton)
                .render(in: Rect(x: x, y: buttonRow, width: width, height: 1), into: &buffer)
            x += width + Self.buttonGap
        }
    }

    struct Layout {
        var box: Rect
        var lines: [String]
        var messageTop: Int
        var buttonRow: Int?
    }

    func layout(in area: Rect) -> Layout {
        let widest = min(maxWidth, area.width)
        let maxContent = max(0, widest - Self.horizontalChrome)
        let safeMessage = Self.escapedKeepingLineBreaks(message)
        let buttonsWidth =
            buttons.map { Button($0).width }.reduce(0, +) + Self.buttonGap * max(0, buttons.count - 1)
        let titleWidth = DisplayWidth.columns(of: TerminalSafeText.escaped(title))
        let messageWidth =
            Paragraph.wrap(safeMessage, width: maxContent).map { DisplayWidth.columns(of: $0) }.max() ?? 0
        // Frame draws the title from the box's third column, with a space on either side.
        let contentWidth = min(maxContent, max(messageWidth, buttonsWidth, titleWidth + 2, 1))
        var lines = message.isEmpty ? [] : Paragraph.wrap(safeMessage, width: contentWidth)
        let hasButtons = !buttons.isEmpty

        // Rows inside the border: blank, message, blank, buttons, blank. A short area loses
        // the bottom blank, then the top one, then the middle one, then message lines.
        let innerRows = max(0, area.height - 2)
        var topBlank = true
        var middleBlank = hasButtons && !lines.isEmpty
        var bottomBlank = true
        func rows() -> Int {
            [topBlank, middleBlank, bottomBlank].filter { $0 }.count + lines.count + (hasButtons ? 1 : 0)
        }
        if rows() > innerRows { bottomBlank = false }
        if rows() > innerRows { topBlank = false }
        if rows() > innerRows { middleBlank = false }
        if rows() > innerRows {
            lines = Array(lines.prefix(max(0, innerRows - (hasButtons ? 1 : 0))))
            if let last = lines.indices.last { lines[last] = Self.endingInEllipsis(lines[last], width: contentWidth) }
        }
        let box = area.centered(width: contentWidth + Self.horizontalChrome, height: min(innerRows, rows()) + 2)
        let messageTop = box.y + 1 + (topBlank ? 1 : 0)
        let buttonTop = messageTop + lines.count + (middleBlank ? 1 : 0)
        let buttonRow = hasButtons && buttonTop < box.maxY - 1 ? buttonTop : nil
        return Layout(box: box, lines: lines, messageTop: messageTop, buttonRow: buttonRow)
    }

    /// `line` cut to leave room for a final "…", which says that more of the message was cut.
    static func endingInEllipsis(_ line: String, width: Int) -> String {
        TextFitting.prefix(line, columns: width - 1) + "…"
    }

    /// Control characters escaped, every kind of line break turned into "\n" so that
    /// `Paragraph.wrap` still starts a new line there.
    static func escapedKeepingLineBreaks(_ text: String) -> String {
        var result = ""
        var paragraph = ""
        for character in text {
            if character.isNewline {
                result += TerminalSafeText.escaped(paragraph) + "\n"
                paragraph = ""
            } else {
                paragraph.append(character)
            }
        }
        return result + TerminalSafeText.escaped(paragraph)
    }
}
