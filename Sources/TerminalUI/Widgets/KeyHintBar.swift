/// One row of key hints: `q Quit  ? Help  Tab Next`, keys in `.hot`, labels in `.normal`.
///
/// Hints are listed most important first, so when the row is too narrow the bar keeps the
/// longest prefix of whole hints that fits and drops the rest; a hint is never cut in half.
public struct KeyHintBar: Widget {
    public var hints: [KeyHint]

    public init(_ hints: [KeyHint]) {
        self.hints = hints
    }

    static let gap = 2

    /// How many hints, from the first, fit in `width` columns.
    public func fittingCount(width: Int) -> Int {
        var used = 0
        for (index, hint) in hints.enumerated() {
            let needed = (index > 0 ? Self.gap : 0) + Self.columns(of: hint)
            if used + needed > width { return index }
            used += needed
        }
        return hints.count
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        guard area.width > 0, area.height > 0 else { return }
        buffer.put(String(repeating: " ", count: area.width), x: area.x, y: area.y, limit: area.width)
        var x = area.x
        for (index, hint) in hints.prefix(fittingCount(width: area.width)).enumerated() {
            if index > 0 { x += Self.gap }
            x += buffer.put(hint.key, x: x, y: area.y, role: .hot, limit: area.maxX - x)
            if !hint.label.isEmpty {
                x += 1
                x += buffer.put(hint.label, x: x, y: area.y, role: .normal, limit: area.maxX - x)
            }
        }
    }

    /// Columns of "key label" as drawn, that is after control characters are escaped.
    static func columns(of hint: KeyHint) -> Int {
        let key = DisplayWidth.columns(of: TerminalSafeText.escaped(hint.key))
        guard !hint.label.isEmpty else { return key }
        return key + 1 + DisplayWidth.columns(of: TerminalSafeText.escaped(hint.label))
    }
}
