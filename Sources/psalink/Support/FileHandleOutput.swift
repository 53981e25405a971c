import Foundation
import TerminalUI

/// Lines for the user outside the wizard.
enum FileHandleOutput {
    /// One line on standard error, prefixed with the program name.
    static func error(_ message: String) {
        standardError("psalink: " + TerminalSafeText.escaped(message))
    }

    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}
