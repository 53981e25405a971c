/// Line numbers in JSON text, for error messages that point into a file.
enum JSONSourceLocator {
    /// The line of the last key of `keyPath`, searching each key after the previous one.
    /// Line 1 when the path is empty or not found.
    static func line(ofKeyPath keyPath: [String], in source: String) -> Int {
        let bytes = Array(source.utf8)
        var position = 0
        var found = 0
        for key in keyPath {
            let needle = Array(("\"" + key + "\"").utf8)
            guard let index = firstIndex(of: needle, in: bytes, from: position) else { break }
            position = index + needle.count
            found = index
        }
        return lineNumber(atByte: found, in: bytes)
    }

    /// The line of a JSONSerialization error such as "Invalid value around character 47.";
    /// the last line when the detail names no position (e.g. unexpected end of file).
    static func line(forErrorDetail detail: String, in source: String) -> Int {
        let bytes = Array(source.utf8)
        if let range = detail.range(of: "character "),
            let offset = Int(detail[range.upperBound...].prefix(while: \.isNumber))
        {
            return lineNumber(atByte: min(offset, bytes.count), in: bytes)
        }
        return lineNumber(atByte: bytes.count, in: bytes)
    }

    private static func lineNumber(atByte offset: Int, in bytes: [UInt8]) -> Int {
        1 + bytes[..<min(offset, bytes.count)].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    private static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        var index = start
        while index <= bytes.count - needle.count {
            if bytes[index] == needle[0], Array(bytes[index..<(index + needle.count)]) == needle { return index }
            index += 1
        }
        return nil
    }
}
