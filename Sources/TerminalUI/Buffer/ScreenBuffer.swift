/// A grid of cells that widgets draw into; the curses backend writes the difference
/// between two buffers to the terminal.
///
/// Every write goes through `put`, which escapes control characters, so nothing drawn
/// into a buffer can act on the terminal.
public struct ScreenBuffer: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    public init(size: Size) { self.init(width: size.width, height: size.height) }

    public var size: Size { Size(width: width, height: height) }
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Each row as text, the right halves of wide glyphs left out.
    public var lines: [String] { (0..<height).map(line) }

    public func line(_ y: Int) -> String {
        var text = ""
        text.reserveCapacity(width)
        for x in 0..<width { text += cells[y * width + x].text }
        return text
    }

    /// Paints `rect` with one character and role. A wide glyph cut by the rectangle's left
    /// or right edge loses its outside half too, as with `put`.
    public mutating func fill(_ rect: Rect, with text: String = " ", role: Role = .normal) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        let cell = Cell(text, role: role)
        for y in area.y..<area.maxY {
            let row = y * width
            if cells[row + area.x].isContinuation, area.x > 0 {
                cells[row + area.x - 1] = Cell(" ", role: cells[row + area.x - 1].role)
            }
            if area.maxX < width, cells[row + area.maxX].isContinuation {
                cells[row + area.maxX] = Cell(" ", role: cells[row + area.maxX].role)
            }
            for x in area.x..<area.maxX { cells[row + x] = cell }
        }
    }

    /// Changes the role of the cells in `rect` and keeps their text (row highlights).
    public mutating func setRole(_ role: Role, in rect: Rect) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX { cells[y * width + x].role = role }
        }
    }

    /// Writes `text` from (`x`, `y`) without passing `limit` columns or the buffer's edge.
    /// A wide glyph that does not fit whole is replaced by a space. Returns the columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: Role = .normal, limit: Int? = nil) -> Int {
        putEscaped(TerminalSafeText.escaped(text), x: x, y: y, role: role, limit: limit)
    }

    /// `put` for text that is already escaped.
    @discardableResult
    private mutating func putEscaped(_ safe: String, x: Int, y: Int, role: Role, limit: Int?) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let end = min(width, limit.map { x + max(0, $0) } ?? width)
        var column = x
        for character in safe {
            guard column < end else { break }
            let columns = DisplayWidth.columns(of: character)
            if columns == 0 { continue }
            if column < 0 {
                column += columns
                continue
            }
            if column + columns > end {
                setCell(x: column, y: y, Cell(" ", role: role))
                column += 1
                break
            }
            setCell(x: column, y: y, Cell(String(character), role: role))
            if columns == 2 { setCell(x: column + 1, y: y, Cell("", role: role)) }
            column += columns
        }
        return max(0, column - max(x, 0))
    }

    /// Writes `text` into `width` columns, ending with "…" when it does not fit, and pads
    /// the rest of the width with spaces of the same role.
    public mutating func put(
        truncating text: String, x: Int, y: Int, width: Int, role: Role = .normal,
        alignment: Alignment = .leading
    ) {
        guard width > 0 else { return }
        let fitted = TextFitting.truncated(TerminalSafeText.escaped(text), to: width)
        let used = DisplayWidth.columns(of: fitted)
        let padding = width - used
        let start: Int
        switch alignment {
        case .leading: start = x
        case .center: start = x + padding / 2
        case .trailing: start = x + padding
        }
        fill(Rect(x: x, y: y, width: width, height: 1), role: role)
        putEscaped(fitted, x: start, y: y, role: role, limit: x + width - start)
    }

    /// Overwriting one half of a wide glyph leaves the other half as a plain space.
    private mutating func setCell(x: Int, y: Int, _ cell: Cell) {
        let index = y * width + x
        if cells[index].isContinuation, x > 0 {
            cells[index - 1] = Cell(" ", role: cells[index - 1].role)
        }
        if x + 1 < width, cells[index + 1].isContinuation, !cell.isContinuation {
            cells[index + 1] = Cell(" ", role: cells[index + 1].role)
        }
        cells[index] = cell
    }
}

public enum Alignment: Sendable {
    case leading, center, trailing
}

/// Fitting text into a number of columns.
public enum TextFitting {
    /// `text` cut to `width` columns with a trailing "…" when it is longer.
    public static func truncated(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if text.utf8.count <= width, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        guard DisplayWidth.columns(of: text) > width else { return text }
        return prefix(text, columns: width - 1) + "…"
    }

    /// The longest start of `text` that fits in `columns`.
    public static func prefix(_ text: String, columns: Int) -> String {
        var result = ""
        var used = 0
        for character in text {
            let width = DisplayWidth.columns(of: character)
            if used + width > columns { break }
            result.append(character)
            used += width
        }
        return result
    }

    /// `text` padded with spaces (or truncated) to exactly `width` columns.
    public static func padded(_ text: String, to width: Int) -> String {
        let fitted = truncated(text, to: width)
        return fitted + String(repeating: " ", count: max(0, width - DisplayWidth.columns(of: fitted)))
    }
}
