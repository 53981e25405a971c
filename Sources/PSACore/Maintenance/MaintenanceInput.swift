import Foundation

/// The parts of a maintenance window an admin types, as each front end names them.
public enum MaintenanceField: Sendable, Hashable {
    case from, until, weekly, timeZone, reason
}

/// Why typed values do not make a maintenance window: the field at fault and what is wrong.
public struct MaintenanceInputError: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: MaintenanceField
    public var message: String

    public init(_ field: MaintenanceField, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { message }
}

/// Typed text to a window's schedule and reason, checked the same way for the command line
/// and the wizard.
public enum MaintenanceInput {
    public static func once(from: String, until: String) throws(MaintenanceInputError) -> MaintenanceWindow.Schedule {
        let start = try instant(from, field: .from)
        let end = try instant(until, field: .until)
        guard end > start else {
            throw MaintenanceInputError(
                .until,
                "\(OffsetTimestamp.format(end)) is not after the start \(OffsetTimestamp.format(start)); "
                    + "a window must end after it starts")
        }
        return .once(DateInterval(start: start, end: end))
    }

    public static func weekly(_ spec: String, timeZone: String) throws(MaintenanceInputError)
        -> MaintenanceWindow.Schedule
    {
        let span: WeeklySpan
        if spec.trimmingCharacters(in: .whitespaces).isEmpty {
            throw MaintenanceInputError(.weekly, "needed: day HH:MM-day HH:MM, e.g. \"Sat 22:00-Sun 04:00\"")
        }
        do {
            span = try WeeklySpan(parsing: spec)
        } catch {
            throw MaintenanceInputError(.weekly, error.description)
        }
        return .weekly(span, try zone(timeZone))
    }

    /// An IANA zone name such as "Europe/London", in any case, or "UTC".
    public static func zone(_ name: String) throws(MaintenanceInputError) -> TimeZone {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if ["utc", "etc/utc", "gmt", "z"].contains(trimmed.lowercased()) { return TimeZone(identifier: "UTC")! }
        guard
            let known = TimeZone.knownTimeZoneIdentifiers.first(where: {
                $0.caseInsensitiveCompare(trimmed) == .orderedSame
            }), let zone = TimeZone(identifier: known)
        else {
            throw MaintenanceInputError(
                .timeZone, "\(String(reflecting: trimmed)) is not an IANA time zone (e.g. Europe/London, UTC)")
        }
        return zone
    }

    public static func reason(_ text: String) throws(MaintenanceInputError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw MaintenanceInputError(.reason, "a maintenance window needs a reason, e.g. \"patch night\"")
        }
        return trimmed
    }

    private static func instant(_ text: String, field: MaintenanceField) throws(MaintenanceInputError) -> Date {
        if text.trimmingCharacters(in: .whitespaces).isEmpty {
            throw MaintenanceInputError(field, "needed: a time with a UTC offset, e.g. 2026-12-12T22:00:00+01:00")
        }
        do {
            return try OffsetTimestamp.parse(text)
        } catch {
            throw MaintenanceInputError(field, error.description)
        }
    }
}
