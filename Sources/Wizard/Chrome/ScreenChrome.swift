import TerminalUI

/// The parts every screen shares: a title bar on top, a notice line and the key-hint
/// bar at the bottom. Returns the area left for the screen's own content.
struct ScreenChrome: Widget {
    var title: String
    var notice: Notice?
    var hints: [KeyHint]

    /// The rows between the title bar and the bottom lines.
    static func content(of area: Rect) -> Rect { area.inset(top: 2, bottom: 2) }

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        guard area.height >= 4 else { return }
        buffer.fill(area.row(0), role: .header)
        buffer.put("psalink", x: area.x + 1, y: area.y, role: .header)
        buffer.put(truncating: "· " + title, x: area.x + 9, y: area.y, width: area.width - 10, role: .header)
        if let notice {
            Label(notice.text, role: notice.role).render(in: area.row(area.height - 2).inset(left: 1, right: 1), into: &buffer)
        }
        KeyHintBar(hints).render(in: area.row(area.height - 1).inset(left: 1, right: 1), into: &buffer)
    }
}

/// A one-line message about something that happened, shown above the key hints.
public struct Notice: Equatable, Sendable {
    public var text: String
    public var role: Role

    public init(_ text: String, role: Role) {
        self.text = text
        self.role = role
    }

    public static func warning(_ text: String) -> Notice { Notice(text, role: .warning) }
    public static func error(_ text: String) -> Notice { Notice(text, role: .error) }
}
