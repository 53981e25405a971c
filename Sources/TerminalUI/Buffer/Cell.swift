/// One terminal column: a single grapheme and its role.
///
/// A wide glyph (CJK, most emoji) occupies two cells; the right one holds the empty
/// string, so that `lines` and a terminal emulator agree column for column.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var role: Role

    public init(_ text: String, role: Role = .normal) {
        self.text = text
        self.role = role
    }

    public static let blank = Cell(" ")

    /// True for the right half of a wide glyph.
    public var isContinuation: Bool { text.isEmpty }
}
