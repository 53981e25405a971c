import CNcursesw

#if canImport(Glibc)
    import Glibc
#endif

/// The only place psalink talks to ncurses: it owns the screen, turns input into
/// `InputEvent`s and writes the difference between frames.
///
/// Not thread-safe, like ncurses itself: one thread (the run loop's) uses it.
public final class CursesTerminal {
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let palette: CursesPalette
    private var lastFrame: ScreenBuffer?
    private var isStopped = false
    private let ownsTerminal: Bool
    private var deviceFiles: [UnsafeMutablePointer<FILE>] = []

    /// Takes over the controlling terminal. Run `TerminalPreflight.check` first.
    public init(theme: Theme, colors: Bool, mouse: Bool = true) throws(TerminalError) {
        TerminalGuard.install()
        guard let screen = newterm(nil, psl_stdout(), psl_stdin()) else {
            TerminalGuard.uninstall()
            let term = getenv("TERM").map { String(cString: $0) } ?? ""
            throw .unknownTerm(term)
        }
        self.screen = screen
        window = psl_stdscr()!
        ownsTerminal = true
        CursesTerminal.configureInput(of: window, mouse: mouse)
        palette = CursesTerminal.makePalette(theme: theme, colors: colors)
    }

    /// A terminal with no device behind it, of the given size: what tests and benchmarks
    /// draw into and read back.
    public init(headlessSize size: Size, theme: Theme, colors: Bool) throws(TerminalError) {
        guard let output = fopen("/dev/null", "w"), let input = fopen("/dev/null", "r") else {
            throw .notATerminal
        }
        guard let screen = newterm("xterm-256color", output, input) else {
            fclose(output)
            fclose(input)
            throw .unknownTerm("xterm-256color")
        }
        self.screen = screen
        deviceFiles = [output, input]
        ownsTerminal = false
        resize_term(Int32(size.height), Int32(size.width))
        window = psl_stdscr()!
        palette = CursesTerminal.makePalette(theme: theme, colors: colors)
    }

    deinit { stop() }

    private static func makePalette(theme: Theme, colors: Bool) -> CursesPalette {
        let useColors = colors && has_colors()
        if useColors {
            start_color()
            use_default_colors()
        }
        return CursesPalette(theme: theme, colors: useColors)
    }

    private static func configureInput(of window: UnsafeMutablePointer<WINDOW>, mouse: Bool) {
        raw()
        noecho()
        nonl()
        intrflush(window, false)
        keypad(window, true)
        curs_set(0)
        set_escdelay(25)
        wtimeout(window, 0)
        if mouse {
            let wanted =
                psl_button1_clicked() | psl_button1_pressed() | psl_button4_pressed()
                | psl_button5_pressed()
            mousemask(wanted, nil)
            mouseinterval(0)
        }
    }

    public var size: Size {
        var rows: Int32 = 0
        var columns: Int32 = 0
        psl_getmaxyx(window, &rows, &columns)
        return Size(width: Int(columns), height: Int(rows))
    }

    // MARK: Output

    /// Writes what changed since the last frame and updates the terminal once.
    public func draw(_ frame: ScreenBuffer) {
        if lastFrame?.size != frame.size {
            werase(window)
            lastFrame = nil
        }
        var wide: [wchar_t] = []
        for run in frame.changedRuns(since: lastFrame) {
            wide.removeAll(keepingCapacity: true)
            for scalar in run.text.unicodeScalars { wide.append(wchar_t(bitPattern: scalar.value)) }
            wattrset(window, Int32(bitPattern: palette.attribute(for: run.role)))
            _ = mvwaddnwstr(window, Int32(run.y), Int32(run.x), wide, Int32(wide.count))
        }
        wattrset(window, Int32(bitPattern: psl_a_normal()))
        lastFrame = frame
        wnoutrefresh(window)
        if ownsTerminal { doupdate() }
    }

    /// Forgets what is on screen so the next `draw` repaints everything (after a resize,
    /// or when something else may have written to the terminal).
    public func invalidate() {
        lastFrame = nil
        clearok(window, true)
    }

    // MARK: Input

    /// Waits up to `timeout` milliseconds (-1: forever) for input or a wake-up, then
    /// returns every event that is ready.
    public func readEvents(timeout: Int32) -> [InputEvent] {
        var fds = [
            pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
            pollfd(fd: TerminalGuard.wakePipe.read, events: Int16(POLLIN), revents: 0),
        ]
        _ = poll(&fds, nfds_t(fds.count), timeout)
        if fds[1].revents != 0 { TerminalGuard.drainWakePipe() }
        return drainInput()
    }

    /// Reads until curses has nothing more; runs of printable characters (a paste) are
    /// delivered as one `.text` event so a long paste costs one frame, not thousands.
    private func drainInput() -> [InputEvent] {
        var events: [InputEvent] = []
        var pending = ""
        func flushText() {
            guard !pending.isEmpty else { return }
            if pending.count >= 3 {
                events.append(.text(pending))
            } else {
                events.append(contentsOf: pending.map { .key(.character($0)) })
            }
            pending = ""
        }
        var code: wint_t = 0
        while true {
            let status = psl_get_wch(window, &code)
            if status == ERR { break }
            if status == KEY_CODE_YES {
                flushText()
                if let event = functionKeyEvent(Int32(code)) { events.append(event) }
                continue
            }
            guard let key = CursesKeys.key(forCharacter: code) else { continue }
            if case .character(let character) = key {
                pending.append(character)
            } else {
                flushText()
                events.append(.key(key))
            }
        }
        flushText()
        return events
    }

    private func functionKeyEvent(_ code: Int32) -> InputEvent? {
        switch code {
        case KEY_RESIZE:
            invalidate()
            return .resize(size)
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            let state = event.bstate
            let kind: MouseEvent.Kind
            if state & psl_button4_pressed() != 0 {
                kind = .scrollUp
            } else if state & psl_button5_pressed() != 0 {
                kind = .scrollDown
            } else if state & (psl_button1_clicked() | psl_button1_pressed()) != 0 {
                kind = .click
            } else {
                return nil
            }
            return .mouse(MouseEvent(kind, x: Int(event.x), y: Int(event.y)))
        default:
            return CursesKeys.key(forKeyCode: code).map { .key($0) }
        }
    }

    // MARK: Shutdown

    /// Restores the terminal. Safe to call more than once.
    public func stop() {
        guard !isStopped else { return }
        isStopped = true
        if ownsTerminal {
            mousemask(0, nil)
            curs_set(1)
            endwin()
            TerminalGuard.uninstall()
        } else {
            endwin()
        }
        delscreen(screen)
        for file in deviceFiles { fclose(file) }
    }

    // MARK: Readback

    /// One row of what curses believes is on screen, for tests of the backend itself.
    public func readBackRow(_ y: Int) -> String {
        let width = size.width
        var buffer = [wchar_t](repeating: 0, count: 2 * width + 1)
        _ = psl_read_row(window, Int32(y), &buffer, Int32(2 * width))
        var text = ""
        for code in buffer {
            if code == 0 { break }
            if let scalar = Unicode.Scalar(UInt32(bitPattern: code)) { text.unicodeScalars.append(scalar) }
        }
        return text
    }

    /// The curses attributes at one cell, for tests of the palette.
    public func readBackAttributes(x: Int, y: Int) -> UInt32 {
        UInt32(psl_attr_at(window, Int32(y), Int32(x)))
    }

    /// The attributes a role gets under the current theme.
    public func attributes(for role: Role) -> UInt32 { UInt32(palette.attribute(for: role)) }
}
