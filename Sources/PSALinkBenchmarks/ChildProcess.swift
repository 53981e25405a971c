import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Starts `arguments` with its standard output on a pipe; returns the pid and the pipe's
/// read end. `environment` nil keeps this process's environment.
private func spawn(_ arguments: [String], environment: [String: String]?, discardErrors: Bool = false)
    -> (pid: pid_t, output: Int32)?
{
    var pipeFDs: [Int32] = [0, 0]
    guard pipe(&pipeFDs) == 0 else { return nil }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
    posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
    if discardErrors { posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0) }
    var argv = arguments.map { strdup($0) } + [nil]
    var envp = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for pointer in argv + envp { free(pointer) } }
    var pid: pid_t = 0
    let status = posix_spawn(&pid, arguments[0], &actions, nil, &argv, &envp)
    close(pipeFDs[1])
    guard status == 0 else {
        close(pipeFDs[0])
        return nil
    }
    return (pid, pipeFDs[0])
}

/// A command run to completion, with its output, wall time and peak memory.
struct ChildProcess {
    var status: Int32
    var output: String
    var milliseconds: Double
    /// Peak resident set size of the child, in bytes (from wait4's rusage). Linux carries
    /// the spawning process's peak into this figure, so spawn from a small process.
    var peakMemory: Int

    static func run(_ arguments: [String], environment: [String: String]) -> ChildProcess? {
        let start = Measure.now()
        guard let child = spawn(arguments, environment: environment) else { return nil }
        var output = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(child.output, &chunk, chunk.count)
            if count <= 0 { break }
            output.append(contentsOf: chunk[0..<count])
        }
        close(child.output)
        var status: Int32 = 0
        var usage = rusage()
        wait4(child.pid, &status, 0, &usage)
        return ChildProcess(
            status: status, output: String(decoding: output, as: UTF8.self),
            milliseconds: Double(Measure.now() - start) / 1_000_000, peakMemory: Int(usage.ru_maxrss) * 1024)
    }
}

/// A process left running in the background, whose first output line is read.
final class BackgroundProcess {
    let pid: pid_t
    let firstLine: String?

    private init(pid: pid_t, firstLine: String?) {
        self.pid = pid
        self.firstLine = firstLine
    }

    /// `discardErrors`: standard error goes to /dev/null (a service's log, say).
    static func start(_ arguments: [String], discardErrors: Bool = false) -> BackgroundProcess? {
        guard let child = spawn(arguments, environment: nil, discardErrors: discardErrors) else { return nil }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(child.output, &byte, 1) == 1, byte != UInt8(ascii: "\n") { line.append(byte) }
        close(child.output)
        return BackgroundProcess(pid: child.pid, firstLine: line.isEmpty ? nil : String(decoding: line, as: UTF8.self))
    }

    func stop() {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
}
