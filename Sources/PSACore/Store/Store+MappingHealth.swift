import Foundation
import GRDB

/// Each mapping's health as last recorded (`mapping.health`), so that every change of it is
/// written to the audit log once, whoever noticed it (a refresh, a sync, a refused ticket).
extension Store {
    /// One mapping whose health changed: the reason it needs review now (nil once it is fine).
    public struct MappingHealthChange: Sendable, Equatable {
        public var accountID: String
        public var old: MappingReviewReason?
        public var new: MappingReviewReason?

        public init(accountID: String, old: MappingReviewReason?, new: MappingReviewReason?) {
            self.accountID = accountID
            self.old = old
            self.new = new
        }
    }

    /// The recorded health of the integration's mappings that have one, by account.
    public func recordedMappingHealth(forIntegration id: Int64) throws(StoreError) -> [String: MappingReviewReason] {
        try read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT account_id, health FROM mapping WHERE integration_id = ? AND health IS NOT NULL",
                arguments: [id])
            var health: [String: MappingReviewReason] = [:]
            for row in rows {
                if let reason = MappingReviewReason(rawValue: row["health"]) { health[row["account_id"]] = reason }
            }
            return health
        }
    }

    /// Records the changes and audits each, in one transaction. A change whose mapping was
    /// removed meanwhile is dropped: there is no mapping left to be unhealthy.
    public func recordMappingHealth(_ changes: [MappingHealthChange], forIntegration id: Int64, at now: Date = Date())
        throws(StoreError)
    {
        guard !changes.isEmpty else { return }
        try write { db in
            let name = try Self.requireIntegration(db, id: id)
            for change in changes {
                try db.execute(
                    sql: "UPDATE mapping SET health = ? WHERE integration_id = ? AND account_id = ?",
                    arguments: [change.new?.rawValue, id, change.accountID])
                guard db.changesCount > 0 else { continue }
                try Self.audit(
                    db, "mapping.health", target: "\(name) / \(change.accountID)", old: change.old?.rawValue ?? "ok",
                    new: change.new?.rawValue ?? "ok", at: now)
            }
        }
    }
}
