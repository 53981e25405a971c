import Foundation

/// The concrete occurrences of a schedule. Every function takes the time it asks about, so
/// that delivery, listings and tests agree on one clock.
///
/// A weekly span's local times are found with `Calendar.nextDate(after:matching:…)` in the
/// window's zone: a time that falls in a daylight-saving gap moves forward to the first time
/// that exists (`.nextTime`: 01:30 on the UK's spring-forward day is 02:00 BST), and a time
/// that happens twice is the first of the two (`.first`: 01:30 on the autumn day is 01:30 BST).
/// swift-corelibs' `date(from:)` would keep the minutes past the gap instead (02:30 BST), which
/// is why it is not used here; `MaintenanceOccurrenceTests` pins both rules.
extension MaintenanceWindow.Schedule {
    /// The occurrence in force at `date` (start included, end excluded), if any.
    public func occurrence(containing date: Date) -> DateInterval? {
        switch self {
        case .once(let interval):
            return interval.start <= date && date < interval.end ? interval : nil
        case .weekly(let span, let zone):
            // An occurrence lasts under a week plus a daylight-saving hour, so one that began
            // more than eight days ago has ended; the latest start wins when two touch.
            let recent = WeeklyOccurrences(span: span, zone: zone).starting(
                after: date.addingTimeInterval(-Self.lookBack), through: date)
            return recent.last { $0.start <= date && date < $0.end }
        }
    }

    /// The first occurrence that starts after `date`, if any.
    public func nextOccurrence(after date: Date) -> DateInterval? {
        switch self {
        case .once(let interval): return interval.start > date ? interval : nil
        case .weekly(let span, let zone): return WeeklyOccurrences(span: span, zone: zone).first(after: date)
        }
    }

    /// The occurrence in force at `date`, else the next one.
    public func currentOrNextOccurrence(at date: Date) -> DateInterval? {
        occurrence(containing: date) ?? nextOccurrence(after: date)
    }

    /// Every occurrence that shares time with `interval`, in order.
    public func occurrences(overlapping interval: DateInterval) -> [DateInterval] {
        switch self {
        case .once(let once):
            return once.start < interval.end && interval.start < once.end ? [once] : []
        case .weekly(let span, let zone):
            return WeeklyOccurrences(span: span, zone: zone)
                .starting(after: interval.start.addingTimeInterval(-Self.lookBack), through: interval.end)
                .filter { $0.start < interval.end && interval.start < $0.end }
        }
    }

    static let lookBack: TimeInterval = 8 * 24 * 3600
}

extension MaintenanceWindow {
    public func occurrence(containing date: Date) -> DateInterval? { schedule.occurrence(containing: date) }

    public func nextOccurrence(after date: Date) -> DateInterval? { schedule.nextOccurrence(after: date) }

    /// Whether the two windows could hold back the same event at the same time, from `now` over
    /// the next eight days (every weekly occurrence comes round in them), or up to the end of
    /// a one-off window further ahead (at most a year).
    public func overlaps(_ other: MaintenanceWindow, after now: Date) -> Bool {
        guard id != other.id, scope.intersects(other.scope) else { return false }
        var end = now.addingTimeInterval(MaintenanceWindow.Schedule.lookBack)
        for case .once(let interval) in [schedule, other.schedule] { end = max(end, interval.end) }
        end = min(end, now.addingTimeInterval(366 * 24 * 3600))
        let horizon = DateInterval(start: now, end: end)
        let theirs = other.schedule.occurrences(overlapping: horizon)
        return schedule.occurrences(overlapping: horizon).contains { mine in
            theirs.contains { mine.start < $0.end && $0.start < mine.end }
        }
    }
}

/// The occurrences of one weekly span in one zone.
struct WeeklyOccurrences {
    let span: WeeklySpan
    let calendar: Calendar

    init(span: WeeklySpan, zone: TimeZone) {
        self.span = span
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        self.calendar = calendar
    }

    /// The first occurrence whose start is after `anchor`.
    func first(after anchor: Date) -> DateInterval? {
        guard let start = next(span.start, after: anchor),
            // From just before the start, so that an end that a daylight-saving gap moved onto
            // the start itself gives an empty occurrence rather than one a week long.
            let end = next(span.end, after: start.addingTimeInterval(-1))
        else { return nil }
        return DateInterval(start: start, end: max(start, end))
    }

    /// The occurrences that start after `anchor` and no later than `limit`.
    func starting(after anchor: Date, through limit: Date) -> [DateInterval] {
        var found: [DateInterval] = []
        var anchor = anchor
        while let occurrence = first(after: anchor), occurrence.start <= limit {
            found.append(occurrence)
            anchor = occurrence.start
        }
        return found
    }

    private func next(_ point: WeeklySpan.Point, after date: Date) -> Date? {
        calendar.nextDate(
            after: date, matching: point.components, matchingPolicy: .nextTime, repeatedTimePolicy: .first,
            direction: .forward)
    }
}
