import CNcursesw

#if canImport(Glibc)
    import Glibc
#endif

/// Why the wizard cannot take over this terminal. Each description is one line that
/// says what to do about it.
public enum TerminalError: Error, Equatable, CustomStringConvertible {
    case notATerminal
    case termUnset
    case termDumb
    case unknownTerm(String)
    case localeNotUTF8(codeset: String)

    public var description: String {
        switch self {
        case .notATerminal:
            return "the wizard needs an interactive terminal on standard input and output; "
                + "use the psalink subcommands (see psalink --help) in scripts"
        case .termUnset:
            return "TERM is not set; set it to your terminal type, e.g. TERM=xterm-256color"
        case .termDumb:
            return "TERM=dumb cannot move the cursor; set TERM to your terminal type, e.g. TERM=xterm-256color"
        case .unknownTerm(let term):
            return "unknown terminal type TERM=\(TerminalSafeText.escaped(term)); "
                + "try TERM=xterm-256color (or install its terminfo entry)"
        case .localeNotUTF8(let codeset):
            return "the locale uses the \(TerminalSafeText.escaped(codeset)) character set; psalink needs UTF-8, "
                + "e.g. LC_ALL=C.UTF-8"
        }
    }
}

/// Checks that must pass before curses starts, because curses itself either exits the
/// process or draws garbage when they fail.
public enum TerminalPreflight {
    /// Checks the terminal and selects a UTF-8 locale.
    ///
    /// SSH logins often carry no `LANG`, which leaves the "C" locale: then C.UTF-8 is used
    /// so box drawing and accented names still render. A locale that explicitly names
    /// another character set is the admin's choice and is reported, not overridden.
    public static func check(environment: [String: String]) throws(TerminalError) {
        guard isatty(0) == 1, isatty(1) == 1 else { throw .notATerminal }
        guard let term = environment["TERM"], !term.isEmpty else { throw .termUnset }
        if term == "dumb" { throw .termDumb }
        try selectUTF8Locale()
    }

    static func selectUTF8Locale() throws(TerminalError) {
        setlocale(LC_ALL, "")
        let codeset = currentCodeset()
        if isUTF8(codeset) { return }
        guard codeset == "ANSI_X3.4-1968" || codeset.isEmpty else { throw .localeNotUTF8(codeset: codeset) }
        if setlocale(LC_CTYPE, "C.UTF-8") == nil, setlocale(LC_CTYPE, "en_US.UTF-8") == nil {
            throw .localeNotUTF8(codeset: codeset)
        }
    }

    static func currentCodeset() -> String {
        guard let codeset = psl_codeset() else { return "" }
        return String(cString: codeset)
    }

    static func isUTF8(_ codeset: String) -> Bool {
        let normalized = codeset.lowercased().filter { $0 != "-" }
        return normalized == "utf8"
    }
}
