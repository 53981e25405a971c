import CNcursesw

/// Role to curses attributes (color pair plus text attributes) for one theme.
struct CursesPalette {
    private var attributes: [Role: attr_t] = [:]

    /// Registers one color pair per role. Call after `start_color`; with `colors` false
    /// only text attributes are used.
    init(theme: Theme, colors: Bool) {
        let available = Int(psl_colors())
        for (index, role) in Role.allCases.enumerated() {
            let style = colors ? theme.style(for: role) : theme.style(for: role).withoutColor
            var value = CursesPalette.attributes(of: style.attributes)
            if colors {
                let pair = Int16(index + 1)
                init_pair(
                    pair, CursesPalette.color(style.foreground, available: available),
                    CursesPalette.color(style.background, available: available))
                value |= psl_color_pair(Int32(pair))
            }
            attributes[role] = value
        }
    }

    func attribute(for role: Role) -> attr_t { attributes[role] ?? psl_a_normal() }

    static func attributes(of set: Set<TextAttribute>) -> attr_t {
        var value = psl_a_normal()
        for attribute in set {
            switch attribute {
            case .bold: value |= psl_a_bold()
            case .dim: value |= psl_a_dim()
            case .reverse: value |= psl_a_reverse()
            case .underline: value |= psl_a_underline()
            case .italic: value |= psl_a_italic()
            }
        }
        return value
    }

    /// -1 keeps the terminal's own color (needs `use_default_colors`). Indexes beyond what
    /// the terminal has fall back to the basic eight.
    static func color(_ color: TerminalColor, available: Int) -> Int16 {
        guard case .indexed(let index) = color else { return -1 }
        if index < available { return Int16(index) }
        return Int16(index < 16 ? index % 8 : 7)
    }
}
