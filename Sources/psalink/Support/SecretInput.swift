import Foundation
import PSACore

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a secret without it ever being a command-line argument (visible in `ps` and shell
/// history): from an environment variable, a file, or a prompt that does not echo.
enum SecretInput {
    /// `label` names the secret in prompts and messages ("client secret"); `flag` is the
    /// option stem, e.g. "--client-secret" for `--client-secret-env` / `--client-secret-file`.
    static func read(
        label: String, flag: String, environmentVariable: String?, file: String?,
        environment: [String: String]
    ) throws(CommandFailure) -> Secret {
        if let environmentVariable {
            guard let value = environment[environmentVariable] else {
                throw CommandFailure("\(flag)-env: the environment variable \(environmentVariable) is not set")
            }
            return Secret(value)
        }
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CommandFailure("\(flag)-file: cannot read \(file)")
            }
            var text = String(decoding: data, as: UTF8.self)
            while text.last == "\n" || text.last == "\r" { text.removeLast() }
            return Secret(text)
        }
        guard isatty(0) == 1 else {
            throw CommandFailure("the \(label) is missing: give \(flag)-env VAR or \(flag)-file PATH")
        }
        return Secret(prompt(label.prefix(1).uppercased() + label.dropFirst() + ": "))
    }

    /// Asks on the terminal with echo off, and restores the terminal even on Ctrl-C.
    private static func prompt(_ text: String) -> String {
        FileHandle.standardError.write(Data(text.utf8))
        var original = termios()
        let canHide = tcgetattr(0, &original) == 0
        if canHide {
            var silent = original
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(0, TCSAFLUSH, &silent)
        }
        defer {
            if canHide { tcsetattr(0, TCSAFLUSH, &original) }
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true) ?? ""
    }
}
