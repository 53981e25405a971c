/// A busy indicator and what is being waited for: `⠹ Validating credentials…`.
///
/// The frame comes from a tick count the screen advances (from its own timer message), so
/// the spinner holds no timer and draws the same thing for the same state.
public struct Spinner: Widget {
    public enum Style: Sendable {
        /// Braille dots, smooth on terminals with Unicode fonts.
        case braille
        /// `| / - \`, for terminals or fonts without braille.
        case ascii

        public var frames: [String] {
            switch self {
            case .braille: return ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
            case .ascii: return ["|", "/", "-", "\\"]
            }
        }
    }

    public var tick: Int
    public var label: String
    public var style: Style

    public init(tick: Int, label: String = "", style: Style = .braille) {
        self.tick = tick
        self.label = label
        self.style = style
    }

    /// The frame for the current tick; any tick works, negative ones included.
    public var frame: String {
        let frames = style.frames
        let count = frames.count
        return frames[(tick % count + count) % count]
    }

    /// Draws the frame in `.hot` and the label, shortened with "…", in `.normal`.
    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        guard area.width > 0, area.height > 0 else { return }
        buffer.put(String(repeating: " ", count: area.width), x: area.x, y: area.y, limit: area.width)
        buffer.put(frame, x: area.x, y: area.y, role: .hot, limit: area.width)
        guard !label.isEmpty, area.width > 2 else { return }
        let fitted = TextFitting.truncated(TerminalSafeText.escaped(label), to: area.width - 2)
        buffer.put(fitted, x: area.x + 2, y: area.y, role: .normal, limit: area.width - 2)
    }
}
