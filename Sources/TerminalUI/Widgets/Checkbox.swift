/// `[x] Label` or `[ ] Label` on one row.
///
/// A focused checkbox is drawn in `.focus`, so focus shows in a monochrome theme too. A
/// disabled one is drawn in `.disabled` even when focused: screens leave disabled controls
/// out of their focus ring, and a control that cannot act should not look as if it could.
public struct Checkbox: Widget {
    public var label: String
    public var isChecked: Bool
    public var isFocused: Bool
    public var isEnabled: Bool

    public init(_ label: String, isChecked: Bool, isFocused: Bool = false, isEnabled: Bool = true) {
        self.label = label
        self.isChecked = isChecked
        self.isFocused = isFocused
        self.isEnabled = isEnabled
    }

    /// Space and Enter toggle a focused checkbox.
    public static func toggles(_ event: InputEvent) -> Bool {
        event == .key(.character(" ")) || event == .key(.enter)
    }

    public var role: Role {
        if !isEnabled { return .disabled }
        return isFocused ? .focus : .normal
    }

    /// The text as drawn, before fitting to a width.
    public var text: String { (isChecked ? "[x]" : "[ ]") + (label.isEmpty ? "" : " " + label) }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        guard area.width > 0, area.height > 0 else { return }
        buffer.put(String(repeating: " ", count: area.width), x: area.x, y: area.y, limit: area.width)
        let fitted = TextFitting.truncated(TerminalSafeText.escaped(text), to: area.width)
        buffer.put(fitted, x: area.x, y: area.y, role: role, limit: area.width)
    }
}
