/// The text of a single-line input field being edited, its cursor and its horizontal scroll.
///
/// Text is kept as an array of graphemes so that the cursor, counted in Characters, moves
/// and edits in constant time, and a paste is one linear insertion however long it is.
///
/// A secret field (API secrets, passwords) keeps its cursor at the end: the value is never
/// shown, so the user could not see where a moved cursor would insert. Its `description`,
/// `debugDescription` and mirror print `<secret>`, so `print`, `dump` and string
/// interpolation cannot leak it into a log.
public struct TextFieldState: Sendable, Equatable {
    private var characters: [Character]
    /// Where the next character goes: 0 is before the first character, `count` after the last.
    public private(set) var cursor: Int
    /// The first character on screen, as last scrolled to; `firstVisible(columns:)` repairs it
    /// when the text or the field's width changed since.
    public private(set) var scrollOffset: Int

    public var isSecret: Bool {
        didSet { if isSecret { cursor = characters.count } }
    }

    /// The most characters the field accepts; longer input is cut.
    public var maxLength: Int? {
        didSet { truncateToMaxLength() }
    }

    public init(text: String = "", isSecret: Bool = false, maxLength: Int? = nil) {
        characters = Self.singleLine(text)
        cursor = 0
        scrollOffset = 0
        self.isSecret = isSecret
        self.maxLength = maxLength
        truncateToMaxLength()
        cursor = characters.count
    }

    /// The whole value. Setting it replaces the value (as a single line, cut to `maxLength`)
    /// and puts the cursor at its end.
    public var text: String {
        get { String(characters) }
        set {
            characters = Self.singleLine(newValue)
            truncateToMaxLength()
            cursor = characters.count
            scrollOffset = 0
        }
    }

    public var count: Int { characters.count }
    public var isEmpty: Bool { characters.isEmpty }

    /// The editing keys `handle` understands, as help screens list them.
    public static let editingHelp = [
        KeyHint(key: "←/→", label: "Move the cursor"),
        KeyHint(key: "Home/End", label: "Start / end of the text (also Ctrl-A / Ctrl-E)"),
        KeyHint(key: "Backspace/Delete", label: "Delete before / at the cursor"),
        KeyHint(key: "Ctrl-U/Ctrl-K", label: "Delete to the start / to the end"),
        KeyHint(key: "Paste", label: "Inserts the text; line breaks become spaces"),
    ]

    /// Edits the text from a key or a paste. Returns true when the event belongs to the field,
    /// even if it changed nothing (Backspace at the start), so that the screen does not also
    /// act on it; Enter, Tab, Esc, ↑/↓ and mouse events are left to the screen.
    @discardableResult
    public mutating func handle(_ event: InputEvent) -> Bool {
        switch event {
        case .text(let pasted):
            insert(pasted)
            return true
        case .key(let key):
            return handle(key)
        case .mouse, .resize:
            return false
        }
    }

    /// Inserts `text` at the cursor as a single line: line breaks and tabs become spaces
    /// (trailing line breaks are dropped, since copying a line usually takes its newline),
    /// other control characters are dropped.
    public mutating func insert(_ text: String) {
        insert(Self.singleLine(text))
    }

    /// Moves the cursor, clamped to the text. A secret field's cursor stays at the end.
    public mutating func moveCursor(to index: Int) {
        guard !isSecret else { return }
        cursor = min(max(0, index), characters.count)
    }

    /// The first character to draw in a field `columns` wide: the scroll position, moved as
    /// little as needed to show the cursor, and moved left when that shows more of the text.
    /// Only the characters near the cursor and the end are measured, so this is cheap
    /// however long the text is.
    public func firstVisible(columns: Int) -> Int {
        guard columns > 0 else { return cursor }
        let lowest = leftmostStart(through: cursor, leaving: cursorColumns, in: columns)
        // The cell after the text is kept free even when the cursor is elsewhere, so that
        // the view does not shift by one column as the cursor leaves the end; starting no
        // later than this lets deleting at the end pull hidden text back into view.
        let tailStart = leftmostStart(through: characters.count, leaving: 1, in: columns)
        return max(min(scrollOffset, cursor, tailStart), lowest)
    }

    /// Stores the scroll position for a field `columns` wide. A screen that knows the width
    /// calls this after `handle`, so the view moves only when the cursor reaches an edge;
    /// without it, drawing is still correct but the cursor stays at the right edge while it
    /// moves left through long text.
    public mutating func scrollToCursor(columns: Int) {
        scrollOffset = firstVisible(columns: columns)
    }

    /// The first visible character and the characters that fit after it.
    func visibleCharacters(columns: Int) -> (start: Int, characters: ArraySlice<Character>) {
        let start = firstVisible(columns: columns)
        var end = start
        var used = 0
        while end < characters.count {
            let width = DisplayWidth.columns(of: characters[end])
            if used + width > columns { break }
            used += width
            end += 1
        }
        return (start, characters[start..<end])
    }

    /// Columns the cursor cell takes: the width of the character under it, or 1 at the end.
    var cursorColumns: Int {
        cursor < characters.count ? max(1, DisplayWidth.columns(of: characters[cursor])) : 1
    }

    /// The smallest start from which the characters before `end`, plus `reserved` columns
    /// after them, fit in `columns`.
    private func leftmostStart(through end: Int, leaving reserved: Int, in columns: Int) -> Int {
        var start = end
        var used = reserved
        while start > 0 {
            let width = DisplayWidth.columns(of: characters[start - 1])
            if used + width > columns { break }
            used += width
            start -= 1
        }
        return start
    }

    // MARK: - Editing

    private mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .character(let character):
            guard let accepted = Self.typed(character) else { return false }
            insert([accepted])
        case .backspace:
            guard cursor > 0 else { return true }
            characters.remove(at: cursor - 1)
            cursor -= 1
        case .delete:
            guard cursor < characters.count else { return true }
            characters.remove(at: cursor)
        case .left:
            moveCursor(to: cursor - 1)
        case .right:
            moveCursor(to: cursor + 1)
        case .home:
            moveCursor(to: 0)
        case .end:
            moveCursor(to: characters.count)
        case .control(let letter):
            switch letter.lowercased() {
            case "a": moveCursor(to: 0)
            case "e": moveCursor(to: characters.count)
            case "u":
                characters.removeSubrange(0..<cursor)
                cursor = 0
                scrollOffset = 0
            case "k":
                characters.removeSubrange(cursor...)
            default:
                return false
            }
        case .enter, .escape, .tab, .backTab, .insert, .up, .down, .pageUp, .pageDown, .function:
            return false
        }
        scrollOffset = min(scrollOffset, cursor)
        return true
    }

    private mutating func insert(_ new: [Character]) {
        var new = new[...]
        // A combining mark or the second half of a flag typed after a character joins it, as
        // it would in a String, so that the cursor never sits inside one visible glyph.
        if cursor > 0, let first = new.first {
            let joined = String(characters[cursor - 1]) + String(first)
            if joined.count == 1 {
                characters[cursor - 1] = Character(joined)
                new = new.dropFirst()
            }
        }
        if let maxLength {
            let room = max(0, maxLength - characters.count)
            if new.count > room { new = new.prefix(room) }
        }
        guard !new.isEmpty else { return }
        characters.insert(contentsOf: new, at: cursor)
        cursor += new.count
    }

    private mutating func truncateToMaxLength() {
        guard let maxLength, characters.count > max(0, maxLength) else { return }
        characters.removeSubrange(max(0, maxLength)...)
        cursor = min(cursor, characters.count)
        scrollOffset = min(scrollOffset, cursor)
    }

    // MARK: - Sanitizing

    /// A typed character the field accepts, or nil for a control character.
    private static func typed(_ character: Character) -> Character? {
        isLineBreakOrTab(character) || isControl(character) ? nil : character
    }

    /// The graphemes of `text` as a single line. Characters that the screen buffer would show
    /// escaped are dropped, so that every character in the field is drawn as itself and the
    /// cursor's column can be computed from display widths alone.
    static func singleLine(_ text: String) -> [Character] {
        var end = text.endIndex
        while end > text.startIndex, isLineBreak(text[text.index(before: end)]) {
            end = text.index(before: end)
        }
        var result: [Character] = []
        result.reserveCapacity(text.utf8.count)
        for character in text[..<end] {
            if isLineBreakOrTab(character) {
                result.append(" ")
            } else if !isControl(character) {
                result.append(character)
            }
        }
        return result
    }

    private static func isLineBreakOrTab(_ character: Character) -> Bool {
        character == "\t" || isLineBreak(character)
    }

    private static func isLineBreak(_ character: Character) -> Bool {
        switch character {
        case "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}": return true
        default: return false
        }
    }

    private static func isControl(_ character: Character) -> Bool {
        character.unicodeScalars.contains(where: TerminalSafeText.needsEscape)
    }
}

extension TextFieldState: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        if isSecret { return "TextFieldState(<secret>)" }
        return "TextFieldState(text: \(String(reflecting: text)), cursor: \(cursor))"
    }

    public var debugDescription: String { description }

    /// A secret field's mirror shows neither the value nor the cursor, which would give away
    /// its length.
    public var customMirror: Mirror {
        if isSecret {
            return Mirror(self, children: ["text": "<secret>", "isSecret": true], displayStyle: .struct)
        }
        return Mirror(
            self,
            children: [
                "text": text, "cursor": cursor, "scrollOffset": scrollOffset, "isSecret": false,
                "maxLength": maxLength as Any,
            ],
            displayStyle: .struct
        )
    }
}

/// A single-line input box, one row high, filling its area's width.
///
/// Focus is shown twice so that it survives a monochrome theme: the focused field's area is
/// drawn in `.selection` (the box stands out as a bar) and the cursor cell in `.focus`
/// (reverse video, a block cursor). An unfocused field is `.normal` text followed by "_" in
/// `.disabled` up to its width, so an empty field still shows where it is.
///
/// A secret field never draws its value: a non-empty secret is a fixed mask of
/// `TextField.secretMask`, whatever its length, and an empty one shows the placeholder,
/// which is where a caller says "(stored, type to replace)".
public struct TextField: Widget {
    public static let secretMask = "••••••••"

    public var state: TextFieldState
    /// Shown in `.disabled` when the field is empty.
    public var placeholder: String
    public var isFocused: Bool

    public init(_ state: TextFieldState, placeholder: String = "", isFocused: Bool = false) {
        self.state = state
        self.placeholder = placeholder
        self.isFocused = isFocused
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        guard area.width > 0, area.height > 0 else { return }
        let y = area.y
        let columns = area.width
        let textRole: Role = isFocused ? .selection : .normal
        let padding = isFocused ? " " : "_"
        let paddingRole: Role = isFocused ? .selection : .disabled
        buffer.put(String(repeating: padding, count: columns), x: area.x, y: y, role: paddingRole, limit: columns)

        let cursorColumn: Int
        let cursorWidth: Int
        if state.isEmpty {
            let hint = TextFitting.truncated(TerminalSafeText.escaped(placeholder), to: columns)
            buffer.put(hint, x: area.x, y: y, role: .disabled, limit: columns)
            cursorColumn = 0
            cursorWidth = 1
        } else if state.isSecret {
            let used = buffer.put(Self.secretMask, x: area.x, y: y, role: textRole, limit: columns)
            cursorColumn = min(used, columns - 1)
            cursorWidth = 1
        } else {
            let visible = state.visibleCharacters(columns: columns)
            buffer.put(String(visible.characters), x: area.x, y: y, role: textRole, limit: columns)
            cursorColumn = DisplayWidth.columns(of: String(visible.characters.prefix(state.cursor - visible.start)))
            cursorWidth = state.cursorColumns
        }
        if isFocused, cursorColumn < columns {
            let cell = Rect(x: area.x + cursorColumn, y: y, width: min(cursorWidth, columns - cursorColumn), height: 1)
            buffer.setRole(.focus, in: cell)
        }
    }
}
