import Foundation

/// Dates as the wizard shows them: minutes in UTC, the same for every admin of an MSP.
enum Timestamp {
    /// "2026-11-29 10:04 UTC".
    static func text(_ date: Date) -> String {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute)) UTC"
    }

    /// "10:04" in UTC, for a moment soon (the end of a wait) where the table has no room for more.
    static func clock(_ date: Date) -> String {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        return "\(two(parts.hour)):\(two(parts.minute))"
    }

    private static func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
}
