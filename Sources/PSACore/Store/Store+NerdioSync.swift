import Foundation
import GRDB

/// The stored Nerdio accounts sync: its settings and how the latest sync went.
public struct NerdioSyncRecord: Sendable, Equatable {
    /// Nil when the stored fields are incomplete (a damaged record).
    public var settings: NerdioSyncSettings?
    public var lastSyncedAt: Date?
    public var lastResult: String?
    public var updatedAt: Date

    public init(settings: NerdioSyncSettings?, lastSyncedAt: Date?, lastResult: String?, updatedAt: Date) {
        self.settings = settings
        self.lastSyncedAt = lastSyncedAt
        self.lastResult = lastResult
        self.updatedAt = updatedAt
    }
}

/// The one-row `nerdio_sync` table (migration v4).
extension Store {
    /// The stored sync, or nil before the first successful sync.
    public func nerdioSync() throws(StoreError) -> NerdioSyncRecord? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM nerdio_sync WHERE id = 1") else { return nil }
            let fields = openFields(row["fields"], of: .nerdioSyncFields)
            return NerdioSyncRecord(
                settings: fields.flatMap { NerdioSyncSettings(storedFields: $0) }, lastSyncedAt: row["last_synced_at"],
                lastResult: row["last_result"], updatedAt: row["updated_at"])
        }
    }

    /// Keeps `settings` (secret included) and the outcome of the sync that just succeeded
    /// with them. A change of settings is audited, the secret masked.
    public func saveNerdioSync(_ settings: NerdioSyncSettings, syncedAt: Date = Date(), result: String)
        throws(StoreError)
    {
        let fields = settings.storedFields
        try write { db in
            let existing = try Row.fetchOne(db, sql: "SELECT fields FROM nerdio_sync WHERE id = 1")
            let old = existing.flatMap { openFields($0["fields"], of: .nerdioSyncFields) }
            let data = try seal(fields, for: .nerdioSyncFields, db)
            if existing == nil {
                try db.execute(
                    sql: """
                        INSERT INTO nerdio_sync (id, fields, last_synced_at, last_result, updated_at)
                        VALUES (1, ?, ?, ?, ?)
                        """,
                    arguments: [data, syncedAt, result, syncedAt])
            } else if old != fields {
                try db.execute(
                    sql:
                        "UPDATE nerdio_sync SET fields = ?, last_synced_at = ?, last_result = ?, updated_at = ? WHERE id = 1",
                    arguments: [data, syncedAt, result, syncedAt])
            } else {
                try db.execute(
                    sql: "UPDATE nerdio_sync SET last_synced_at = ?, last_result = ? WHERE id = 1",
                    arguments: [syncedAt, result])
            }
            if old != fields {
                try Self.audit(
                    db, "nerdio-sync.settings", target: nil, old: old.map { Self.auditFields($0) },
                    new: Self.auditFields(fields, comparedWith: old), at: syncedAt)
            }
        }
    }
}
