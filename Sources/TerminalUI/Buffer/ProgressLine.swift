/// A one-line progress report that rewrites itself on a terminal's line (e.g. on standard
/// error while a command works), for output that does not go through a screen.
public enum ProgressLine {
    /// Back to the start of the line and erase it (EL, erase to end of line).
    public static let erase = "\r\u{1B}[K"

    /// `text` in place of whatever the line showed; control characters in it are shown escaped.
    public static func replacing(with text: String) -> String {
        erase + TerminalSafeText.escaped(text)
    }
}
