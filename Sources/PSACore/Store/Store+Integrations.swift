import Foundation
import GRDB

/// Integrations: the configured PSA links and their credentials.
///
/// Exactly one integration is the default whenever there is any: the first one saved becomes
/// the default, and removing the default hands that role to the earliest created of the rest.
extension Store {
    /// Every integration, the default first, then by display name regardless of case.
    public func integrations() throws(StoreError) -> [Integration] {
        try read { db in
            try Row.fetchAll(
                db, sql: "\(Self.integrationColumns) ORDER BY is_default DESC, display_name_key, id"
            ).map(Integration.init(row:))
        }
    }

    public func integration(id: Int64) throws(StoreError) -> Integration? {
        try read { db in try Self.fetchIntegration(db, id: id) }
    }

    /// The integration whose display name equals `name` regardless of case.
    public func integration(named name: String) throws(StoreError) -> Integration? {
        let key = nameKey(name.trimmingCharacters(in: .whitespacesAndNewlines))
        return try read { db in
            try Row.fetchOne(
                db, sql: "\(Self.integrationColumns) WHERE display_name_key = ?", arguments: [key]
            ).map(Integration.init(row:))
        }
    }

    /// Saves a new integration and returns it as stored: with its id, its display name trimmed,
    /// and `isDefault` true if it asked to be the default or is the first integration.
    @discardableResult
    public func insert(_ integration: NewIntegration, credentials: [String: String])
        throws(StoreError) -> Integration
    {
        let displayName = integration.displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !displayName.isEmpty else { throw .emptyName }
        let key = nameKey(displayName)
        let health = HealthColumns(integration.health)
        let now = Date()
        return try write { db in
            let taken = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM integration WHERE display_name_key = ?)",
                arguments: [key])
            guard taken == false else { throw StoreError.duplicateName(displayName) }
            let isFirst = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM integration") == 0
            let becomesDefault = isFirst || integration.isDefault
            if becomesDefault {
                try Self.clearDefault(db, at: now)
            }
            let encodedCredentials = try seal(credentials, for: .integrationCredentials, db)
            try db.execute(
                sql: """
                    INSERT INTO integration (system, display_name, display_name_key, credentials,
                        is_default, health, health_reason, health_checked_at, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    integration.system.rawValue, displayName, key, encodedCredentials, becomesDefault,
                    health.keyword, health.reason, health.checkedAt, integration.createdAt, now,
                ])
            let id = db.lastInsertedRowID
            try Self.audit(
                db, "integration.add", target: displayName,
                new: "system=\(integration.system.rawValue)\(becomesDefault ? " default" : "") "
                    + Self.auditFields(credentials), at: now)
            return try Self.fetchIntegration(db, id: id)!
        }
    }

    /// Replaces an integration's display name and credentials after they were checked again,
    /// and records that check as its health. The system never changes: mappings and settings
    /// belong to it.
    @discardableResult
    public func updateIntegration(
        id: Int64, displayName: String, credentials: [String: String], health: Health
    ) throws(StoreError) -> Integration {
        let trimmed = displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .emptyName }
        let key = nameKey(trimmed)
        let columns = HealthColumns(health)
        let now = Date()
        return try write { db in
            guard let before = try Self.fetchIntegration(db, id: id) else {
                throw StoreError.integrationNotFound(id: id)
            }
            let oldFields =
                openFields(
                    try Data.fetchOne(db, sql: "SELECT credentials FROM integration WHERE id = ?", arguments: [id]),
                    of: .integrationCredentials) ?? [:]
            let encodedCredentials = try seal(credentials, for: .integrationCredentials, db)
            let taken = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM integration WHERE display_name_key = ? AND id <> ?)",
                arguments: [key, id])
            guard taken == false else { throw StoreError.duplicateName(trimmed) }
            try db.execute(
                sql: """
                    UPDATE integration
                    SET display_name = ?, display_name_key = ?, credentials = ?, health = ?, health_reason = ?,
                        health_checked_at = ?, updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [
                    trimmed, key, encodedCredentials, columns.keyword, columns.reason, columns.checkedAt, now, id,
                ])
            if before.displayName != trimmed || oldFields != credentials {
                try Self.audit(
                    db, "integration.update", target: trimmed,
                    old: "name=\(before.displayName) " + Self.auditFields(oldFields),
                    new: "name=\(trimmed) " + Self.auditFields(credentials, comparedWith: oldFields), at: now)
            }
            return try Self.fetchIntegration(db, id: id)!
        }
    }

    /// The secret values saved with the integration. Never print or log them whole.
    public func credentials(forIntegration id: Int64) throws(StoreError) -> [String: String] {
        let data = try read { db in
            try Data.fetchOne(db, sql: "SELECT credentials FROM integration WHERE id = ?", arguments: [id])
        }
        guard let data else { throw .integrationNotFound(id: id) }
        guard let fields = openFields(data, of: .integrationCredentials) else {
            throw .failed(path: path, detail: "the credentials of integration \(id) cannot be read")
        }
        return fields
    }

    public func setDefaultIntegration(id: Int64) throws(StoreError) {
        let now = Date()
        try write { db in
            guard let chosen = try Self.fetchIntegration(db, id: id) else {
                throw StoreError.integrationNotFound(id: id)
            }
            guard !chosen.isDefault else { return }
            let previous = try String.fetchOne(db, sql: "SELECT display_name FROM integration WHERE is_default = 1")
            // Clear before setting: the partial unique index allows one default row at a time.
            try Self.clearDefault(db, at: now)
            try db.execute(
                sql: "UPDATE integration SET is_default = 1, updated_at = ? WHERE id = ?",
                arguments: [now, id])
            try Self.audit(
                db, "integration.set-default", target: chosen.displayName, old: previous.map { "default=\($0)" },
                new: "default=\(chosen.displayName)", at: now)
        }
    }

    /// Removes the integration with everything that belongs to it (cached companies, mappings,
    /// MSP customer, queues, ticket settings). When it was the default, `newDefault` takes
    /// over, else the earliest created of the rest.
    public func removeIntegration(id: Int64, newDefault: Int64? = nil) throws(StoreError) {
        let now = Date()
        try write { db in
            guard let removed = try Self.fetchIntegration(db, id: id) else {
                throw StoreError.integrationNotFound(id: id)
            }
            if let newDefault {
                let exists = try Self.fetchIntegration(db, id: newDefault) != nil
                guard exists, newDefault != id else { throw StoreError.integrationNotFound(id: newDefault) }
            }
            try db.execute(sql: "DELETE FROM integration WHERE id = ?", arguments: [id])
            var successor: String?
            if removed.isDefault {
                try db.execute(
                    sql: """
                        UPDATE integration SET is_default = 1, updated_at = ?
                        WHERE id = coalesce(?, (SELECT id FROM integration ORDER BY created_at, id LIMIT 1))
                        """,
                    arguments: [now, newDefault])
                successor = try String.fetchOne(db, sql: "SELECT display_name FROM integration WHERE is_default = 1")
            }
            try Self.audit(
                db, "integration.remove", target: removed.displayName, old: "system=\(removed.system.rawValue)",
                new: successor.map { "default=\($0)" }, at: now)
        }
    }

    /// Pauses the integration (no tickets; its events wait in the outbox) or resumes it.
    public func setPaused(_ paused: Bool, integration id: Int64) throws(StoreError) {
        let now = Date()
        try write { db in
            guard let integration = try Self.fetchIntegration(db, id: id) else {
                throw StoreError.integrationNotFound(id: id)
            }
            guard integration.isPaused != paused else { return }
            try db.execute(
                sql: "UPDATE integration SET paused_at = ?, updated_at = ? WHERE id = ?",
                arguments: [paused ? now : nil, now, id])
            try Self.audit(
                db, paused ? "integration.pause" : "integration.resume", target: integration.displayName,
                old: paused ? "active" : "paused", new: paused ? "paused" : "active", at: now)
        }
    }

    /// Saves the outcome of the integration's latest credential check.
    public func recordHealth(_ health: Health, forIntegration id: Int64) throws(StoreError) {
        let columns = HealthColumns(health)
        let now = Date()
        try write { db in
            try db.execute(
                sql: """
                    UPDATE integration
                    SET health = ?, health_reason = ?, health_checked_at = ?, updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [columns.keyword, columns.reason, columns.checkedAt, now, id])
            guard db.changesCount > 0 else { throw StoreError.integrationNotFound(id: id) }
        }
    }

    private static func fetchIntegration(_ db: Database, id: Int64) throws -> Integration? {
        try Row.fetchOne(db, sql: "\(integrationColumns) WHERE id = ?", arguments: [id])
            .map(Integration.init(row:))
    }

    /// SQL: an integration's row, with how many of its events failed for good (their attempts
    /// ran out in every round).
    private static let integrationColumns = """
        SELECT i.*, (
            SELECT count(*) FROM event AS e INDEXED BY event_exhausted
            WHERE e.exhausted = 1 AND e.integration_id = i.id AND e.retryable = 0) AS failed_for_good, (
            SELECT count(*) FROM mapping AS m
            WHERE m.integration_id = i.id AND m.health IS NOT NULL AND m.enabled = 1) AS broken_mappings, (
            SELECT count(*) FROM event AS f INDEXED BY event_unreported
            WHERE f.integration_id = i.id AND f.fallback_event IS NULL AND f.fallback_for IS NULL
                AND (f.state = 'failed' OR f.state = 'held')
                AND f.dedupe_key IS NOT NULL AND f.id NOT LIKE 'test-%'
                AND ((f.state = 'failed' AND f.retryable = 0)
                    OR (f.state = 'held' AND f.held_since < strftime('%Y-%m-%d %H:%M:%f', 'now', '-1 day')))
            ) AS without_ticket, (
            SELECT count(*) FROM event AS h INDEXED BY event_held
            WHERE h.integration_id = i.id AND h.state = 'held') AS held_events
        FROM integration AS i
        """

    private static func clearDefault(_ db: Database, at now: Date) throws {
        try db.execute(
            sql: "UPDATE integration SET is_default = 0, updated_at = ? WHERE is_default = 1",
            arguments: [now])
    }

}

/// `Health` as the `health`, `health_reason` and `health_checked_at` columns.
private struct HealthColumns {
    var keyword: String
    var reason: String?
    var checkedAt: Date?

    init(_ health: Health) {
        keyword = health.keyword
        switch health {
        case .unchecked:
            break
        case .healthy(let checkedAt):
            self.checkedAt = checkedAt
        case .failing(let reason, let checkedAt):
            self.reason = reason
            self.checkedAt = checkedAt
        }
    }
}

extension Integration {
    fileprivate init(row: Row) throws {
        let id: Int64 = row["id"]
        let systemName: String = row["system"]
        guard let system = PSASystem(rawValue: systemName) else {
            throw DatabaseError(message: "integration \(id) has an unknown system")
        }
        let health: Health
        switch (row["health"] as String, row["health_checked_at"] as Date?) {
        case ("ok", let checkedAt?):
            health = .healthy(checkedAt: checkedAt)
        case ("failing", let checkedAt?):
            health = .failing(reason: row["health_reason"] ?? "", checkedAt: checkedAt)
        default:
            health = .unchecked
        }
        self.init(
            id: id, system: system, displayName: row["display_name"], isDefault: row["is_default"],
            health: health, createdAt: row["created_at"], pausedAt: row["paused_at"],
            eventsFailedForGood: row["failed_for_good"], brokenMappings: row["broken_mappings"],
            eventsWithoutTicket: row["without_ticket"], eventsHeld: row["held_events"])
    }
}
