import Foundation

/// Where a window stands at one moment, as listings show it: the occurrence in force, the
/// next one, and the other windows it overlaps.
public struct MaintenanceStatus: Sendable, Equatable {
    public var window: MaintenanceWindow
    /// The occurrence in force at the moment asked about.
    public var current: DateInterval?
    /// The first occurrence that starts after it.
    public var next: DateInterval?
    /// Ids of the other windows that could hold back the same event at the same time.
    public var overlaps: [Int64]

    /// Every window's status at `now`, in the order given.
    public static func of(_ windows: [MaintenanceWindow], at now: Date) -> [MaintenanceStatus] {
        windows.map { window in
            MaintenanceStatus(
                window: window, current: window.occurrence(containing: now), next: window.nextOccurrence(after: now),
                overlaps: windows.filter { window.overlaps($0, after: now) }.map(\.id))
        }
    }

    public var isInForce: Bool { current != nil }
}

extension MaintenanceWindow.Schedule {
    /// e.g. "weekly Sat 22:00-Sun 04:00 Europe/London" or
    /// "once 2026-12-12T22:00:00Z to 2026-12-13T02:00:00Z".
    public var summary: String {
        switch self {
        case .once(let interval):
            return "once \(OffsetTimestamp.format(interval.start)) to \(OffsetTimestamp.format(interval.end))"
        case .weekly(let span, let zone):
            return "weekly \(span) \(zone.maintenanceName)"
        }
    }

    /// The zone its times are best read in: its own for a weekly window, UTC for a one-off.
    public var displayZone: TimeZone {
        if case .weekly(_, let zone) = self { return zone }
        return TimeZone(identifier: "UTC")!
    }
}
