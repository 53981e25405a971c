import Foundation
import GRDB

/// Integration-level settings that are not ticket fields (`rate-limit`, DESIGN §6): saved
/// without a PSA call, never per queue.
extension Store {
    /// The integration's settings, by key.
    public func integrationSettings(forIntegration id: Int64) throws(StoreError) -> [String: String] {
        try read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT key, value FROM integration_setting WHERE integration_id = ?", arguments: [id])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["key"], $0["value"]) })
        }
    }

    /// Every integration's value of `key`, by integration id.
    public func integrationSettingValues(forKey key: String) throws(StoreError) -> [Int64: String] {
        try read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT integration_id, value FROM integration_setting WHERE key = ?", arguments: [key])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["integration_id"], $0["value"]) })
        }
    }
}
