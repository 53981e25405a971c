import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Puts the terminal back the way the admin had it, whatever ends the process.
///
/// Termination signals (SIGTERM, SIGHUP, SIGINT, SIGQUIT) are turned into a flag and a
/// byte on a wake-up pipe, so the run loop leaves through its normal, orderly exit. Crash
/// signals cannot wait for that: their handler restores the saved tty modes with
/// async-signal-safe calls only, then lets the signal take its default course.
enum TerminalGuard {
    static let pendingSignal = Atomic<Int32>(0)

    /// Written by the signal handlers, read by the run loop's poll.
    nonisolated(unsafe) static var wakePipe: (read: Int32, write: Int32) = (-1, -1)
    nonisolated(unsafe) private static var savedModes = termios()
    nonisolated(unsafe) private static var hasSavedModes = false

    static let terminationSignals: [Int32] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT]
    static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

    /// Call once, before curses changes the tty modes.
    static func install() {
        if wakePipe.read < 0 {
            var fds: [Int32] = [0, 0]
            if pipe(&fds) == 0 {
                for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
                wakePipe = (fds[0], fds[1])
            }
        }
        hasSavedModes = tcgetattr(0, &savedModes) == 0
        for signal in terminationSignals {
            _ = Glibc.signal(signal) { number in
                TerminalGuard.pendingSignal.store(number, ordering: .relaxed)
                TerminalGuard.wake()
            }
        }
        for signal in crashSignals {
            _ = Glibc.signal(signal) { number in
                TerminalGuard.restoreFromSignalHandler()
                _ = Glibc.signal(number, SIG_DFL)
                _ = raise(number)
            }
        }
    }

    /// Stops handling signals once curses has restored the terminal itself.
    static func uninstall() {
        for signal in terminationSignals + crashSignals { _ = Glibc.signal(signal, SIG_DFL) }
    }

    static func wake() {
        var byte: UInt8 = 1
        _ = write(wakePipe.write, &byte, 1)
    }

    static func drainWakePipe() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakePipe.read, &buffer, buffer.count) > 0 {}
    }

    /// Leaves the alternate screen, shows the cursor, resets colors and mouse reporting,
    /// and restores the saved tty modes: all async-signal-safe.
    private static func restoreFromSignalHandler() {
        let reset: StaticString = "\u{1B}[0m\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1006l\u{1B}[?25h\u{1B}[?1049l\r\n"
        _ = write(1, reset.utf8Start, reset.utf8CodeUnitCount)
        if hasSavedModes { _ = tcsetattr(0, TCSANOW, &savedModes) }
    }
}
