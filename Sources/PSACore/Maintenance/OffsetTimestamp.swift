import Foundation

/// An ISO 8601 instant that says its UTC offset, e.g. "2026-12-12T22:00:00+01:00" or
/// "2026-12-12T22:00Z". A local time without an offset is refused rather than guessed: the
/// machine's zone is seldom the one the admin meant.
public enum OffsetTimestamp {
    public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        case missingOffset(String)
        case malformed(String)

        public var description: String {
            switch self {
            case .missingOffset(let text):
                return "\(String(reflecting: text)) has no UTC offset; add one, e.g. 2026-12-12T22:00:00+01:00 "
                    + "or 2026-12-12T22:00:00Z"
            case .malformed(let text):
                return "\(String(reflecting: text)) is not an ISO 8601 time with an offset, e.g. "
                    + "2026-12-12T22:00:00+01:00"
            }
        }
    }

    public static func parse(_ text: String) throws(ParseError) -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let pattern =
            /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(?<zone>[Zz]|[+-]\d{2}(?::?\d{2})?)?$/
        guard let match = trimmed.wholeMatch(of: pattern) else { throw .malformed(text) }
        guard let zone = match.zone else { throw .missingOffset(text) }
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let parts = DateComponents(
            year: Int(match.1), month: Int(match.2), day: Int(match.3), hour: Int(match.4), minute: Int(match.5),
            second: match.6.flatMap { Int($0) } ?? 0)
        // The calendar would roll 2026-02-30 over into March; a date that does not read back
        // as written does not exist.
        guard let wall = utc.date(from: parts),
            utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: wall) == parts
        else { throw .malformed(text) }
        let fraction = match.7.flatMap { Double($0) } ?? 0
        return wall.addingTimeInterval(fraction - TimeInterval(try offsetSeconds(String(zone), text: text)))
    }

    private static func offsetSeconds(_ zone: String, text: String) throws(ParseError) -> Int {
        guard zone.uppercased() != "Z" else { return 0 }
        let sign = zone.hasPrefix("-") ? -1 : 1
        let digits = zone.dropFirst().filter(\.isNumber)
        guard let hours = Int(digits.prefix(2)),
            let minutes = Int(digits.dropFirst(2).isEmpty ? "0" : digits.dropFirst(2)),
            hours < 24, minutes < 60
        else { throw .malformed(text) }
        return sign * (hours * 3600 + minutes * 60)
    }

    /// `date` as ISO 8601 in `zone`, to the second, e.g. "2026-12-12T22:00:00+01:00".
    public static func format(_ date: Date, in zone: TimeZone = TimeZone(identifier: "UTC")!) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = zone
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
