/// A line of text, truncated with "…" when it does not fit.
public struct Label: Widget {
    public var text: String
    public var role: Role
    public var alignment: Alignment

    public init(_ text: String, role: Role = .normal, alignment: Alignment = .leading) {
        self.text = text
        self.role = role
        self.alignment = alignment
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        guard area.height > 0 else { return }
        buffer.put(truncating: text, x: area.x, y: area.y, width: area.width, role: role, alignment: alignment)
    }
}

/// Several lines of text, word-wrapped to the area's width.
public struct Paragraph: Widget {
    public var text: String
    public var role: Role

    public init(_ text: String, role: Role = .normal) {
        self.text = text
        self.role = role
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        for (index, line) in Paragraph.wrap(text, width: area.width).prefix(area.height).enumerated() {
            buffer.put(truncating: line, x: area.x, y: area.y + index, width: area.width, role: role)
        }
    }

    /// Lines of at most `width` columns, broken between words where possible.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            var line = ""
            var used = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                let columns = DisplayWidth.columns(of: word)
                if used > 0, used + 1 + columns > width {
                    lines.append(line)
                    line = ""
                    used = 0
                }
                if used > 0 {
                    line += " "
                    used += 1
                }
                line += word
                used += columns
            }
            lines.append(line)
        }
        return lines
    }

    /// How many rows the text needs at `width`.
    public static func height(of text: String, width: Int) -> Int { wrap(text, width: width).count }
}
