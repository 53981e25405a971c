/// Drives a `TerminalApp` on a `CursesTerminal` until the app exits or a termination
/// signal arrives.
///
/// Below `minimumSize` the loop shows its own "terminal too small" message instead of a
/// broken layout; q and Ctrl-C still quit there.
public struct RunLoop<App: TerminalApp> {
    public var minimumSize: Size
    public let inbox: MessageInbox<App.Message>
    /// Called after the first complete frame reached the terminal.
    public var onFirstFrame: (() -> Void)?

    public init(minimumSize: Size = Size(width: 80, height: 24)) {
        self.minimumSize = minimumSize
        inbox = MessageInbox(wake: { TerminalGuard.wake() })
    }

    /// Returns the exit status: the app's, or 128 + the signal number.
    public func run(_ app: inout App, on terminal: CursesTerminal) -> Int32 {
        var size = terminal.size
        _ = app.update(.input(.resize(size)))
        draw(app, size: size, on: terminal)
        onFirstFrame?()
        while true {
            let timeout: Int32 = app.isAnimating ? 100 : -1
            let events = terminal.readEvents(timeout: timeout)
            let signal = TerminalGuard.pendingSignal.load(ordering: .relaxed)
            if signal != 0 { return 128 + signal }

            var appEvents = inbox.drain().map { AppEvent<App.Message>.message($0) }
            for event in events {
                if case .resize(let newSize) = event { size = newSize }
                if !size.isAtLeast(minimumSize) {
                    if RunLoop.quitsWhenTooSmall(event) { return 0 }
                    if case .resize = event {} else { continue }
                }
                appEvents.append(.input(event))
            }
            if appEvents.isEmpty, app.isAnimating { appEvents.append(.tick) }
            for event in appEvents {
                if case .exit(let status) = app.update(event) { return status }
            }
            draw(app, size: size, on: terminal)
        }
    }

    private func draw(_ app: App, size: Size, on terminal: CursesTerminal) {
        var buffer = ScreenBuffer(size: size)
        if size.isAtLeast(minimumSize) {
            app.render(into: &buffer)
        } else {
            TooSmallNotice(minimum: minimumSize).render(in: buffer.bounds, into: &buffer)
        }
        terminal.draw(buffer)
    }

    static func quitsWhenTooSmall(_ event: InputEvent) -> Bool {
        event == .key(.control("c")) || event == .key(.character("q"))
    }
}

/// What a terminal below the minimum size shows instead of the screen.
public struct TooSmallNotice: Widget {
    public var minimum: Size

    public init(minimum: Size) { self.minimum = minimum }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let lines = [
            "Terminal too small: \(area.width)x\(area.height)",
            "psalink needs at least \(minimum.width)x\(minimum.height).",
            "Enlarge the window, or press q to quit.",
        ]
        let top = max(0, (area.height - lines.count) / 2)
        for (index, line) in lines.enumerated() where top + index < area.height {
            Label(line, role: index == 0 ? .warning : .normal, alignment: .center)
                .render(in: area.row(top + index), into: &buffer)
        }
    }
}
