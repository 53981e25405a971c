/// How each role looks: foreground, background and text attributes.
public struct Theme: Equatable, Sendable {
    public var name: String
    public var styles: [Role: Style]

    public init(name: String, styles: [Role: Style]) {
        self.name = name
        self.styles = styles
    }

    public func style(for role: Role) -> Style { styles[role] ?? styles[.normal] ?? Style() }

    /// Built into the binary so the wizard always has a theme, even when `Themes/` is missing
    /// or a theme file is broken.
    public static let builtInDefault = Theme(
        name: "default",
        styles: [
            .normal: Style(),
            .focus: Style(foreground: .black, background: .cyan, attributes: [.bold]),
            .hot: Style(foreground: .yellow, attributes: [.bold]),
            .disabled: Style(foreground: .indexed(8)),
            .error: Style(foreground: .red, attributes: [.bold]),
            .ok: Style(foreground: .green),
            .warning: Style(foreground: .yellow),
            .header: Style(foreground: .cyan, attributes: [.bold]),
            .selection: Style(foreground: .black, background: .white),
        ])

    /// What `NO_COLOR` asks for: no colors, and every role still told apart by attributes.
    public static let monochrome = Theme(
        name: "monochrome",
        styles: [
            .normal: Style(),
            .focus: Style(attributes: [.reverse, .bold]),
            .hot: Style(attributes: [.bold, .underline]),
            .disabled: Style(attributes: [.dim]),
            .error: Style(attributes: [.bold]),
            .ok: Style(),
            .warning: Style(attributes: [.bold]),
            .header: Style(attributes: [.bold]),
            .selection: Style(attributes: [.reverse]),
        ])
}

public struct Style: Hashable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var attributes: Set<TextAttribute>

    public init(
        foreground: TerminalColor = .default, background: TerminalColor = .default,
        attributes: Set<TextAttribute> = []
    ) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    /// The same style with colors removed, for terminals or users that want none.
    public var withoutColor: Style { Style(attributes: attributes) }
}

public enum TextAttribute: String, CaseIterable, Hashable, Sendable {
    case bold, dim, reverse, underline, italic
}

/// A terminal color: the terminal's own default, or one of its 256 indexed colors
/// (0-7 the basic ANSI colors, 8-15 their bright variants).
public enum TerminalColor: Hashable, Sendable {
    case `default`
    case indexed(Int)

    public static let black = TerminalColor.indexed(0)
    public static let red = TerminalColor.indexed(1)
    public static let green = TerminalColor.indexed(2)
    public static let yellow = TerminalColor.indexed(3)
    public static let blue = TerminalColor.indexed(4)
    public static let magenta = TerminalColor.indexed(5)
    public static let cyan = TerminalColor.indexed(6)
    public static let white = TerminalColor.indexed(7)

    static let basicNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Parses "default", a basic name, "bright-" plus a basic name, or an index 0-255.
    public init?(name: String) {
        let lowered = name.lowercased()
        if lowered == "default" {
            self = .default
        } else if let index = TerminalColor.basicNames.firstIndex(of: lowered) {
            self = .indexed(index)
        } else if lowered.hasPrefix("bright-"),
            let index = TerminalColor.basicNames.firstIndex(of: String(lowered.dropFirst(7)))
        {
            self = .indexed(index + 8)
        } else if let index = Int(lowered), (0...255).contains(index) {
            self = .indexed(index)
        } else {
            return nil
        }
    }
}
