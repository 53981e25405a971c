/// A key press, independent of curses.
public enum Key: Hashable, Sendable {
    /// A printable character.
    case character(Character)
    /// Ctrl plus a letter, e.g. `.control("c")`.
    case control(Character)
    case enter, escape, tab, backTab, backspace, delete, insert
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)

    /// How help screens and hint bars spell the key.
    public var label: String {
        switch self {
        case .character(" "): return "Space"
        case .character(let character): return String(character)
        case .control(let character): return "Ctrl-" + character.uppercased()
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Delete"
        case .insert: return "Insert"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .function(let number): return "F\(number)"
        }
    }
}

/// A mouse action the terminal reported, in screen cells.
public struct MouseEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case click, scrollUp, scrollDown }
    public var kind: Kind
    public var x: Int
    public var y: Int

    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}

/// What the run loop hands to an application.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    /// Several printable characters that arrived at once, as a paste does.
    case text(String)
    case mouse(MouseEvent)
    case resize(Size)

    /// The event as single key presses: text typed faster than a frame (or pasted) becomes
    /// one key per character, its line ends Enter and its tabs Tab, for a screen where no text
    /// field has the focus. Any other event is itself.
    public var keyPresses: [InputEvent] {
        guard case .text(let text) = self else { return [self] }
        return text.map { character in
            switch character {
            case "\r", "\n", "\r\n": return .key(.enter)
            case "\t": return .key(.tab)
            default: return .key(.character(character))
            }
        }
    }
}
