import Foundation

/// The input a command reads: a file, or standard input for "-".
enum InputFile {
    /// The whole input; `consequence` ends the message of a failure ("nothing was imported").
    static func read(_ path: String, consequence: String? = nil) throws(CommandFailure) -> Data {
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        let suffix = consequence.map { "; \($0)" } ?? ""
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw CommandFailure("cannot read \(path): no such file\(suffix)")
        }
        guard !isFolder.boolValue, let contents = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("cannot read \(path)\(isFolder.boolValue ? ": it is a folder" : "")\(suffix)")
        }
        return contents
    }
}
