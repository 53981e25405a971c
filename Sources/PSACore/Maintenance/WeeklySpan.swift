import Foundation

/// A span of the week in local time, e.g. "Sat 22:00-Sun 04:00": from a weekday and time to
/// the next time the end's weekday and time come round, which may be past Sunday into the next
/// week ("Sun 22:00-Mon 02:00") or the same day ("Sat 22:00-Sat 23:00").
public struct WeeklySpan: Sendable, Hashable, CustomStringConvertible {
    /// A weekday and a time of day.
    public struct Point: Sendable, Hashable {
        /// 1 is Sunday and 7 Saturday, as `Calendar` numbers them.
        public var weekday: Int
        public var hour: Int
        public var minute: Int

        public init(weekday: Int, hour: Int, minute: Int) {
            self.weekday = weekday
            self.hour = hour
            self.minute = minute
        }

        /// Minutes from Sunday 00:00.
        var minuteOfWeek: Int { ((weekday - 1) * 24 + hour) * 60 + minute }

        var components: DateComponents { DateComponents(hour: hour, minute: minute, weekday: weekday) }

        var text: String {
            String(WeeklySpan.dayNames[weekday - 1].prefix(3)) + " "
                + String(format: "%02d:%02d", hour, minute)
        }
    }

    /// Why a text is not a weekly span; each says what was expected.
    public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        case malformed(String)
        case unknownDay(String)
        case badTime(String)
        /// Start and end are the same weekday and time, which is no span at all.
        case empty(String)

        public var description: String {
            let example = "e.g. \"Sat 22:00-Sun 04:00\""
            switch self {
            case .malformed(let text):
                return "\(String(reflecting: text)) is not day HH:MM-day HH:MM, \(example)"
            case .unknownDay(let day):
                return "\(String(reflecting: day)) is not an English day name, \(example)"
            case .badTime(let time):
                return "\(String(reflecting: time)) is not a 24-hour time HH:MM, \(example)"
            case .empty(let text):
                return "\(String(reflecting: text)) starts and ends at the same time; give it a length, \(example)"
            }
        }
    }

    public let start: Point
    public let end: Point

    /// Refuses a span whose start and end are the same weekday and time.
    public init(start: Point, end: Point) throws(ParseError) {
        self.start = start
        self.end = end
        guard start != end else { throw .empty(description) }
    }

    /// Reads "Sat 22:00-Sun 04:00": three-letter or full English day names in any case, a
    /// 24-hour time with one or two digits for the hour, spaces around the dash allowed.
    public init(parsing text: String) throws(ParseError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let halves = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        guard halves.count == 2 else { throw .malformed(text) }
        try self.init(start: Self.point(halves[0], in: text), end: Self.point(halves[1], in: text))
    }

    /// The span as it is stored and shown, e.g. "Sat 22:00-Sun 04:00".
    public var description: String { "\(start.text)-\(end.text)" }

    /// Minutes from start to end on a clock that never changes (daylight saving aside).
    public var nominalMinutes: Int { (end.minuteOfWeek - start.minuteOfWeek + 7 * 24 * 60) % (7 * 24 * 60) }

    static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    private static func point(_ half: Substring, in text: String) throws(ParseError) -> Point {
        let words = half.split(whereSeparator: \.isWhitespace)
        guard words.count == 2 else { throw .malformed(text) }
        let day = words[0].lowercased()
        guard
            let index = dayNames.firstIndex(where: { name in
                let name = name.lowercased()
                return day == name || day == name.prefix(3)
            })
        else { throw .unknownDay(String(words[0])) }
        let clock = words[1].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2, (1...2).contains(clock[0].count), clock[1].count == 2,
            clock.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let hour = Int(clock[0]), let minute = Int(clock[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { throw .badTime(String(words[1])) }
        return Point(weekday: index + 1, hour: hour, minute: minute)
    }
}
