import TerminalUI

/// The parts every screen shares: a title bar on top, a notice line and the key-hint
/// bar at the bottom. Returns the area left for the screen's own content.
struct ScreenChrome: Widget {
    var title: String
    var notice: Notice?
    var hints: [KeyHint]

    /// A notice wraps onto at most this many rows; the content gives way to it.
    static let maximumNoticeRows = 3

    /// The rows between the title bar and the notice and key hints at the bottom.
    static func content(of area: Rect, notice: Notice?) -> Rect {
        area.inset(top: 2, bottom: 2 + max(0, noticeLines(notice, width: area.width).count - 1))
    }

    static func noticeLines(_ notice: Notice?, width: Int) -> [String] {
        guard let notice else { return [] }
        return Array(Paragraph.wrap(notice.text, width: max(1, width - 2)).prefix(maximumNoticeRows))
    }

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        guard area.height >= 4 else { return }
        buffer.fill(area.row(0), role: .header)
        buffer.put("psalink", x: area.x + 1, y: area.y, role: .header)
        buffer.put(truncating: "· " + title, x: area.x + 9, y: area.y, width: area.width - 10, role: .header)
        let lines = ScreenChrome.noticeLines(notice, width: area.width)
        for (index, line) in lines.enumerated() {
            let row = area.row(area.height - 1 - lines.count + index).inset(left: 1, right: 1)
            Label(line, role: notice?.role ?? .normal).render(in: row, into: &buffer)
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
