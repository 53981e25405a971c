/// A box around an area, with an optional title in its top edge.
public struct Frame: Widget {
    public var title: String
    public var role: Role
    public var titleRole: Role

    public init(title: String = "", role: Role = .normal, titleRole: Role = .header) {
        self.title = title
        self.role = role
        self.titleRole = titleRole
    }

    /// The area inside the border.
    public static func content(of area: Rect) -> Rect { area.inset(by: 1) }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        guard area.width >= 2, area.height >= 2 else { return }
        let horizontal = String(repeating: "─", count: area.width - 2)
        buffer.put("┌" + horizontal + "┐", x: area.x, y: area.y, role: role)
        for y in (area.y + 1)..<(area.maxY - 1) {
            buffer.put("│", x: area.x, y: y, role: role)
            buffer.put("│", x: area.maxX - 1, y: y, role: role)
        }
        buffer.put("└" + horizontal + "┘", x: area.x, y: area.maxY - 1, role: role)
        if !title.isEmpty, area.width > 6 {
            let text = " " + TextFitting.truncated(title, to: area.width - 6) + " "
            buffer.put(text, x: area.x + 2, y: area.y, role: titleRole)
        }
    }
}
