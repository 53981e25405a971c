import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Time from starting the psalink binary to its first full frame, on a real pseudo-terminal.
enum FirstFrame {
    /// Milliseconds from spawn until the key-hint bar (drawn last) arrives, or nil on failure.
    static func measure(binary: String, database: String, rows: UInt16 = 24, columns: UInt16 = 80) -> Double? {
        var master: Int32 = -1
        var slave: Int32 = -1
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else { return nil }
        defer { close(master) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for target: Int32 in [0, 1, 2] { posix_spawn_file_actions_adddup2(&actions, slave, target) }

        let arguments = [binary, "--db", database]
        let environment = ["TERM=xterm-256color", "LANG=C.UTF-8", "HOME=/tmp"]
        var argv = arguments.map { strdup($0) } + [nil]
        var envp = environment.map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }

        var pid: pid_t = 0
        let start = Measure.now()
        guard posix_spawn(&pid, binary, &actions, nil, &argv, &envp) == 0 else { return nil }
        close(slave)

        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var elapsed: Double?
        let marker = Array("Quit".utf8)
        while elapsed == nil {
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 5000) > 0 else { break }
            let count = read(master, &chunk, chunk.count)
            guard count > 0 else { break }
            output += chunk[0..<count]
            if output.count >= marker.count, contains(output, marker) {
                elapsed = Double(Measure.now() - start) / 1_000_000
            }
        }
        var quit: UInt8 = UInt8(ascii: "q")
        _ = write(master, &quit, 1)
        // Keep reading so the child never blocks on a full pty while it restores the screen.
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 50) > 0 { _ = read(master, &chunk, chunk.count) }
        }
        return elapsed
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return true }
        }
        return false
    }
}
