import Foundation
import GRDB

/// Maintenance windows: added, listed and removed by the admin, read by delivery for each
/// firing event.
extension Store {
    /// Adds a window after checking that its integration or account exists, audited as
    /// `maintenance.add` in the same transaction.
    @discardableResult
    public func addMaintenanceWindow(
        scope: MaintenanceWindow.Scope, schedule: MaintenanceWindow.Schedule, reason: String, at now: Date = Date()
    ) throws(StoreError) -> MaintenanceWindow {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw .invalidMaintenanceWindow("it needs a reason") }
        if case .once(let interval) = schedule, interval.duration <= 0 {
            throw .invalidMaintenanceWindow("it must end after it starts")
        }
        return try write { db in
            var accountID: String?
            var integrationID: Int64?
            let target: String
            switch scope {
            case .all:
                target = "all"
            case .integration(let id):
                target = "integration \(try Self.requireIntegration(db, id: id))"
                integrationID = id
            case .account(let id):
                try Self.requireAccount(db, id: id)
                target = "account \(id)"
                accountID = id
            }
            var starts: Date?
            var ends: Date?
            var weekly: String?
            var zone = "UTC"
            switch schedule {
            case .once(let interval):
                starts = interval.start
                ends = interval.end
            case .weekly(let span, let timeZone):
                weekly = span.description
                zone = timeZone.maintenanceName
            }
            try db.execute(
                sql: """
                    INSERT INTO maintenance_window (scope, account_id, integration_id, starts_at, ends_at, weekly,
                        time_zone, reason, created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    Self.scopeName(scope), accountID, integrationID, starts, ends, weekly, zone, reason,
                    AuditActor.current, now,
                ])
            let window = MaintenanceWindow(
                id: db.lastInsertedRowID, scope: scope, schedule: schedule, reason: reason, createdAt: now,
                createdBy: AuditActor.current)
            try Self.audit(
                db, "maintenance.add", target: "#\(window.id) \(target)", new: Self.auditText(window), at: now)
            return window
        }
    }

    /// Every window, oldest first.
    public func maintenanceWindows() throws(StoreError) -> [MaintenanceWindow] {
        try read { db in try Self.fetchMaintenanceWindows(db) }
    }

    /// Removes the window, audited as `maintenance.remove`; returns what it was.
    @discardableResult
    public func removeMaintenanceWindow(id: Int64, at now: Date = Date()) throws(StoreError) -> MaintenanceWindow {
        try write { db in
            guard
                let row = try Row.fetchOne(db, sql: "SELECT * FROM maintenance_window WHERE id = ?", arguments: [id]),
                let window = Self.maintenanceWindow(row)
            else { throw StoreError.maintenanceWindowNotFound(id: id) }
            try db.execute(sql: "DELETE FROM maintenance_window WHERE id = ?", arguments: [id])
            try Self.audit(db, "maintenance.remove", target: "#\(id)", old: Self.auditText(window), at: now)
            return window
        }
    }

    /// The window in force at `now` for an event of the account (nil for MSP-level events)
    /// going to the integration, with the end of its current occurrence: an `all` window, the
    /// integration's or the account's. When several are, the one that ends last.
    public func maintenanceWindow(coveringIntegration integrationID: Int64, account accountID: String?, at now: Date)
        throws(StoreError) -> (window: MaintenanceWindow, until: Date)?
    {
        let windows = try read { db in
            try Self.fetchMaintenanceWindows(
                db,
                sql: """
                    SELECT * FROM maintenance_window WHERE scope = 'all' OR integration_id = ? OR account_id = ?
                    ORDER BY id
                    """,
                arguments: [integrationID, accountID])
        }
        return MaintenanceWindow.inForce(among: windows, integrationID: integrationID, accountID: accountID, at: now)
    }

    private static func fetchMaintenanceWindows(
        _ db: Database, sql: String = "SELECT * FROM maintenance_window ORDER BY id",
        arguments: StatementArguments = []
    ) throws -> [MaintenanceWindow] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap(maintenanceWindow)
    }

    /// A stored row as a window. A weekly span that no longer reads (written by hand) is left
    /// out rather than failing every event; an unknown zone name counts as UTC.
    private static func maintenanceWindow(_ row: Row) -> MaintenanceWindow? {
        let scope: MaintenanceWindow.Scope
        switch row["scope"] as String {
        case "account":
            guard let account: String = row["account_id"] else { return nil }
            scope = .account(account)
        case "integration":
            guard let integration: Int64 = row["integration_id"] else { return nil }
            scope = .integration(integration)
        default:
            scope = .all
        }
        let schedule: MaintenanceWindow.Schedule
        if let spec: String = row["weekly"] {
            guard let span = try? WeeklySpan(parsing: spec) else { return nil }
            let zone = (try? MaintenanceInput.zone(row["time_zone"] ?? "UTC")) ?? TimeZone(identifier: "UTC")!
            schedule = .weekly(span, zone)
        } else {
            guard let start: Date = row["starts_at"], let end: Date = row["ends_at"], end > start else { return nil }
            schedule = .once(DateInterval(start: start, end: end))
        }
        return MaintenanceWindow(
            id: row["id"], scope: scope, schedule: schedule, reason: row["reason"], createdAt: row["created_at"],
            createdBy: row["created_by"])
    }

    private static func scopeName(_ scope: MaintenanceWindow.Scope) -> String {
        switch scope {
        case .all: return "all"
        case .integration: return "integration"
        case .account: return "account"
        }
    }

    private static func auditText(_ window: MaintenanceWindow) -> String {
        let when: String
        switch window.schedule {
        case .once(let interval):
            when = "once \(OffsetTimestamp.format(interval.start))..\(OffsetTimestamp.format(interval.end))"
        case .weekly(let span, let zone):
            when = "weekly \(span) \(zone.maintenanceName)"
        }
        return "\(when); reason: \(window.reason)"
    }
}
