import Foundation

/// Pacing from the PSA's own usage report (Autotask's `ThresholdInformation`), which counts
/// every integration of the database: the API adds latency from 50% and blocks the whole
/// tenant at 100% (psa-apis §2.6).
///
/// Below `crawlFrom` (50%) requests go at the budget's own pace. Above it, routine requests are
/// spaced so that what is left up to `reserveFrom` (90%) lasts the whole timeframe: the closer
/// to it, the slower. From 90% only essential requests (creates and closes) go, spaced the same
/// way up to `stopAt` (99%), so the tenant never reaches 100% through psalink. Background
/// requests stop at `backgroundStop` (75%).
public enum UsagePacing {
    public static let crawlFrom = 0.5
    public static let backgroundStop = 0.75
    public static let reserveFrom = 0.9
    public static let stopAt = 0.99

    public enum Pace: Sendable, Equatable {
        case free
        case spaced(TimeInterval)
        case stopped
    }

    /// The pace for a request of `priority` when `projected` requests of `threshold` are used.
    public static func pace(priority: RequestPriority, projected: Int, threshold: Int, timeframe: TimeInterval)
        -> Pace
    {
        guard threshold > 0 else { return .free }
        let used = Double(projected) / Double(threshold)
        if used < crawlFrom { return .free }
        let ceiling: Double
        switch priority {
        case .essential: ceiling = used < reserveFrom ? reserveFrom : stopAt
        case .routine: ceiling = reserveFrom
        case .background: ceiling = backgroundStop
        }
        let left = ceiling * Double(threshold) - Double(projected)
        guard left >= 1 else { return .stopped }
        // Below 90% an essential request keeps the routine pace's floor of free room too.
        return .spaced(timeframe / left)
    }

    /// How old a usage report may be before it is read again: often when the tenant is busy.
    public static func maximumAge(of usage: BudgetUsage, projected: Int) -> TimeInterval {
        guard usage.threshold > 0 else { return 300 }
        return Double(projected) / Double(usage.threshold) >= crawlFrom ? 60 : 300
    }
}
