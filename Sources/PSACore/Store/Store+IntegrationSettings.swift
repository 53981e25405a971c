import Foundation
import GRDB

/// Integration-level settings that are not ticket fields (`IntegrationSettingKey`, DESIGN §6):
/// saved without a PSA call, never per queue.
extension Store {
    /// The integration's settings, by key.
    public func integrationSettings(forIntegration id: Int64) throws(StoreError) -> [String: String] {
        try read { db in try Self.integrationSettingRows(db, integration: id) }
    }

    /// Every integration's value of `key`, by integration id.
    public func integrationSettingValues(forKey key: String) throws(StoreError) -> [Int64: String] {
        try read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT integration_id, value FROM integration_setting WHERE key = ?", arguments: [key])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["integration_id"], $0["value"]) })
        }
    }

    /// Sets each assignment's value, or resets it to the default (a nil value), in one
    /// transaction, with one audit entry for what changed.
    public func saveIntegrationSettings(
        _ assignments: [IntegrationSettingAssignment], forIntegration id: Int64, at now: Date = Date()
    ) throws(StoreError) {
        try write { db in try Self.applyIntegrationSettings(db, assignments, forIntegration: id, at: now) }
    }

    /// `settings set` with both kinds of setting: the integration's own ticket settings replaced
    /// by `ticket` (untouched when nil) and the integration settings assigned, all in one
    /// transaction, so that either every value is saved or none is.
    public func saveSettings(
        ticket: [String: String]?, integration assignments: [IntegrationSettingAssignment],
        forIntegration id: Int64, at now: Date = Date()
    ) throws(StoreError) {
        try write { db in
            if let ticket { try Self.replaceTicketSettings(db, with: ticket, forIntegration: id, at: now) }
            try Self.applyIntegrationSettings(db, assignments, forIntegration: id, at: now)
        }
    }

    static func applyIntegrationSettings(
        _ db: Database, _ assignments: [IntegrationSettingAssignment], forIntegration id: Int64, at now: Date
    ) throws {
        let name = try requireIntegration(db, id: id)
        let before = try integrationSettingRows(db, integration: id)
        var after = before
        for assignment in assignments { after[assignment.key.rawValue] = assignment.value }
        guard after != before else { return }
        let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
        for key in changed {
            if let value = after[key] {
                try db.execute(
                    sql: """
                        INSERT INTO integration_setting (integration_id, key, value, updated_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (integration_id, key) DO UPDATE SET value = excluded.value,
                            updated_at = excluded.updated_at
                        """,
                    arguments: [id, key, value, now])
            } else {
                try db.execute(
                    sql: "DELETE FROM integration_setting WHERE integration_id = ? AND key = ?", arguments: [id, key])
            }
        }
        func listed(_ values: [String: String]) -> String {
            changed.map { "\($0)=\(values[$0] ?? "default")" }.joined(separator: " ")
        }
        try audit(db, "settings.save", target: name, old: listed(before), new: listed(after), at: now)
    }

    static func integrationSettingRows(_ db: Database, integration id: Int64) throws -> [String: String] {
        let rows = try Row.fetchAll(
            db, sql: "SELECT key, value FROM integration_setting WHERE integration_id = ?", arguments: [id])
        return Dictionary(rows.map { ($0["key"] as String, $0["value"] as String) }, uniquingKeysWith: { a, _ in a })
    }
}
