import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One line of `serve`'s structured log: a JSON object with `ts`, `level`, `label` and
/// `message` first, then the metadata fields flattened (`a.b` for a field `b` nested in `a`),
/// sorted by name, so that journald, jq and log shippers read one event per line.
public struct JSONLogLine: Sendable, Equatable {
    /// A metadata value as the log shows it.
    public indirect enum Value: Sendable, Equatable {
        case string(String)
        case integer(Int64)
        case double(Double)
        case bool(Bool)
        case array([Value])
        /// Flattened into the line: each entry becomes a field `name.key`.
        case object([String: Value])
    }

    public var date: Date
    public var level: String
    public var label: String
    public var message: String
    public var fields: [String: Value]

    public init(date: Date, level: String, label: String, message: String, fields: [String: Value] = [:]) {
        self.date = date
        self.level = level
        self.label = label
        self.message = message
        self.fields = fields
    }

    static let reservedNames: Set<String> = ["ts", "level", "label", "message"]

    /// The line, ending with a newline; it holds no other line break, whatever the values hold.
    public var text: String {
        var out = "{\"ts\":"
        Self.appendString(Self.timestamp(date), to: &out)
        out += ",\"level\":"
        Self.appendString(level, to: &out)
        out += ",\"label\":"
        Self.appendString(label, to: &out)
        out += ",\"message\":"
        Self.appendString(message, to: &out)
        var flat: [(String, Value)] = []
        Self.flatten(fields, prefix: "", into: &flat)
        for (name, value) in flat.sorted(by: { $0.0 < $1.0 }) {
            out += ","
            // A field may not pass for one of the line's own.
            Self.appendString(Self.reservedNames.contains(name) ? "meta." + name : name, to: &out)
            out += ":"
            Self.append(value, to: &out)
        }
        out += "}\n"
        return out
    }

    /// `text` with control characters (line breaks, escape sequences) replaced by spaces and
    /// runs of spaces collapsed: for text from outside (a PSA's error) that a person may read
    /// from the raw log with `tail` as well as through a JSON reader.
    public static func printable(_ text: String) -> String {
        let scalars = text.unicodeScalars.map { scalar -> String in
            let category = scalar.properties.generalCategory
            return category == .control || category == .format || category == .lineSeparator
                || category == .paragraphSeparator ? " " : String(scalar)
        }
        return scalars.joined().split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// ISO 8601 in UTC with milliseconds: 2026-12-07T15:46:30.123Z.
    static func timestamp(_ date: Date) -> String {
        let (whole, millis) = Int64((date.timeIntervalSince1970 * 1_000).rounded(.down))
            .quotientAndRemainder(dividingBy: 1_000)
        var seconds = time_t(whole)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1_900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec, Int32(millis))
    }

    private static func flatten(_ fields: [String: Value], prefix: String, into flat: inout [(String, Value)]) {
        for (name, value) in fields {
            if case .object(let nested) = value {
                flatten(nested, prefix: prefix + name + ".", into: &flat)
            } else {
                flat.append((prefix + name, value))
            }
        }
    }

    private static func append(_ value: Value, to out: inout String) {
        switch value {
        case .string(let text): appendString(text, to: &out)
        case .integer(let number): out += String(number)
        // JSON has no NaN or infinity.
        case .double(let number): number.isFinite ? (out += String(number)) : appendString(String(number), to: &out)
        case .bool(let flag): out += flag ? "true" : "false"
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                append(item, to: &out)
            }
            out += "]"
        case .object(let nested):
            out += "{"
            for (index, name) in nested.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                appendString(name, to: &out)
                out += ":"
                append(nested[name]!, to: &out)
            }
            out += "}"
        }
    }

    /// A JSON string: quotes, backslashes and every control character escaped, and the line and
    /// paragraph separators too, which some JSON readers take for line breaks.
    private static func appendString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _
            where scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
