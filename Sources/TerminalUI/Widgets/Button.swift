/// A push button drawn as `[ Validate & Save ]`.
///
/// A focused button is drawn in `.focus` (reverse video in a monochrome theme); a disabled
/// one in `.disabled` even when focused, since it cannot be pressed.
public struct Button: Widget {
    public var title: String
    public var isFocused: Bool
    public var isEnabled: Bool

    public init(_ title: String, isFocused: Bool = false, isEnabled: Bool = true) {
        self.title = title
        self.isFocused = isFocused
        self.isEnabled = isEnabled
    }

    /// Enter and Space press a focused button.
    public static func activates(_ event: InputEvent) -> Bool {
        event == .key(.enter) || event == .key(.character(" "))
    }

    public var role: Role {
        if !isEnabled { return .disabled }
        return isFocused ? .focus : .normal
    }

    /// Columns the whole button takes, brackets included.
    public var width: Int { DisplayWidth.columns(of: TerminalSafeText.escaped(title)) + 4 }

    /// Draws the button from the area's left edge, as wide as it needs or the area allows; a
    /// title that does not fit is shortened with "…" inside the brackets, which stay.
    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        guard area.width > 0, area.height > 0 else { return }
        buffer.put(String(repeating: " ", count: area.width), x: area.x, y: area.y, limit: area.width)
        let safeTitle = TerminalSafeText.escaped(title)
        let text: String
        if area.width >= width {
            text = "[ " + safeTitle + " ]"
        } else if area.width >= 5 {
            text = "[ " + TextFitting.truncated(safeTitle, to: area.width - 4) + " ]"
        } else {
            text = TextFitting.truncated(safeTitle, to: area.width)
        }
        buffer.put(text, x: area.x, y: area.y, role: role, limit: area.width)
    }
}
