import Foundation

/// A time during which firing events for what it covers create no ticket and add no note
/// (their state is `suppressed`): once between two instants, or every week in a time zone.
public struct MaintenanceWindow: Sendable, Hashable, Identifiable {
    /// What the window covers.
    public enum Scope: Sendable, Hashable {
        /// One Nerdio account's events, whichever integration they go to.
        case account(String)
        /// Every event that goes to this integration.
        case integration(Int64)
        case all
    }

    public enum Schedule: Sendable, Hashable {
        case once(DateInterval)
        /// Local times in the zone, daylight saving included.
        case weekly(WeeklySpan, TimeZone)
    }

    public var id: Int64
    public var scope: Scope
    public var schedule: Schedule
    public var reason: String
    public var createdAt: Date
    /// The OS user who added it.
    public var createdBy: String?

    public init(
        id: Int64, scope: Scope, schedule: Schedule, reason: String, createdAt: Date, createdBy: String? = nil
    ) {
        self.id = id
        self.scope = scope
        self.schedule = schedule
        self.reason = reason
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    /// Whether an event of the account (nil for MSP-level events) going to the integration
    /// falls under the window, whenever it is in force.
    public func covers(integrationID: Int64, accountID: String?) -> Bool {
        switch scope {
        case .all: return true
        case .integration(let id): return id == integrationID
        case .account(let id): return id == accountID
        }
    }

    /// Of `windows`, the one in force at `now` for an event of the account (nil for MSP-level
    /// events) going to the integration, with the end of its current occurrence; when several
    /// are, the one that ends last.
    public static func inForce(
        among windows: [MaintenanceWindow], integrationID: Int64, accountID: String?, at now: Date
    ) -> (window: MaintenanceWindow, until: Date)? {
        var best: (window: MaintenanceWindow, until: Date)?
        for window in windows where window.covers(integrationID: integrationID, accountID: accountID) {
            guard let occurrence = window.occurrence(containing: now) else { continue }
            if best.map({ occurrence.end > $0.until }) ?? true { best = (window, occurrence.end) }
        }
        return best
    }
}

extension MaintenanceWindow.Scope {
    /// Whether one event could fall under both scopes: an account's events may go to any
    /// integration, so an account and an integration always share some.
    public func intersects(_ other: Self) -> Bool {
        switch (self, other) {
        case (.all, _), (_, .all), (.account, .integration), (.integration, .account): return true
        case (.account(let a), .account(let b)): return a == b
        case (.integration(let a), .integration(let b)): return a == b
        }
    }
}

extension TimeZone {
    /// The zone's IANA name, with Foundation's "GMT" for UTC shown as the "UTC" admins type.
    public var maintenanceName: String { identifier == "GMT" ? "UTC" : identifier }
}
