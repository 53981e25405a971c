import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#endif

/// Who holds the sync lock: one run of `psalink sync` or of `serve`'s periodic sync.
public struct SyncLockHolder: Sendable, Equatable, Codable {
    /// Unique to the run, so that a run only renews and releases its own lock.
    public var id: String
    /// The process, as an admin finds it: "pid 4242 on host".
    public var process: String
    /// When the run took the lock.
    public var since: Date

    public init(id: String = UUID().uuidString, process: String = SyncLockHolder.thisProcess, since: Date = Date()) {
        self.id = id
        self.process = process
        self.since = since
    }

    /// "pid N on HOST" for this process.
    public static var thisProcess: String {
        "pid \(getpid()) on \(ProcessInfo.processInfo.hostName)"
    }
}

/// What taking the sync lock came to.
public enum SyncLockAttempt: Sendable, Equatable {
    case taken
    /// Another run holds it until `until` (it renews it while it runs).
    case held(by: SyncLockHolder, until: Date)
}

/// How an integration's last sync went (`sync_state`).
public struct SyncStateRecord: Sendable, Equatable {
    public var integrationID: Int64
    public var startedAt: Date
    /// Nil while that sync runs (or when it was stopped by a crash).
    public var finishedAt: Date?
    /// The summary of the last finished sync, as JSON; kept while the next one runs.
    public var summary: String?
    /// The steps that failed in the last finished sync, and why; nil when every step worked.
    public var error: String?
}

/// The sync lock (`sync_lock`, one row at most) and each integration's last sync (`sync_state`),
/// migration v9. The lock keeps two syncs from running at once on one database, across
/// processes: it is taken in one write transaction, lapses at `until` unless its run renews it,
/// so a crashed run holds it no longer than one lease.
extension Store {
    /// Takes the lock for `holder` until `now + lease`, when nobody holds it or its holder let
    /// it lapse; otherwise says who holds it.
    public func takeSyncLock(_ holder: SyncLockHolder, lease: TimeInterval, now: Date = Date())
        throws(StoreError) -> SyncLockAttempt
    {
        let owner = try Self.encode(holder, path: path)
        return try write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT owner, until FROM sync_lock WHERE id = 1") {
                let until: Date = row["until"]
                let current = Self.decodeHolder(row["owner"])
                if until > now, current?.id != holder.id {
                    return .held(
                        by: current ?? SyncLockHolder(id: "", process: row["owner"], since: until), until: until)
                }
            }
            try db.execute(
                sql: """
                    INSERT INTO sync_lock (id, owner, until) VALUES (1, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, until = excluded.until
                    """,
                arguments: [owner, now.addingTimeInterval(lease)])
            return .taken
        }
    }

    /// Extends `holder`'s lock to `now + lease`. False when it no longer holds it: it lapsed
    /// and another run took it over.
    public func renewSyncLock(_ holder: SyncLockHolder, lease: TimeInterval, now: Date = Date())
        throws(StoreError) -> Bool
    {
        let owner = try Self.encode(holder, path: path)
        return try write(durable: false) { db in
            try db.execute(
                sql: "UPDATE sync_lock SET until = ? WHERE id = 1 AND owner = ?",
                arguments: [now.addingTimeInterval(lease), owner])
            return db.changesCount > 0
        }
    }

    /// Gives the lock up, if `holder` still holds it.
    public func releaseSyncLock(_ holder: SyncLockHolder) throws(StoreError) {
        let owner = try Self.encode(holder, path: path)
        try write { db in
            try db.execute(sql: "DELETE FROM sync_lock WHERE id = 1 AND owner = ?", arguments: [owner])
        }
    }

    /// Who holds the lock at `now`, and until when; nil when nobody does (or the lock lapsed).
    public func syncLock(at now: Date = Date()) throws(StoreError) -> (holder: SyncLockHolder, until: Date)? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT owner, until FROM sync_lock WHERE id = 1") else {
                return nil
            }
            let until: Date = row["until"]
            guard until > now else { return nil }
            return (
                Self.decodeHolder(row["owner"]) ?? SyncLockHolder(id: "", process: row["owner"], since: until), until
            )
        }
    }

    /// Records that a sync of the integration started; the last finished one's summary stays
    /// until this one finishes.
    public func startSync(integration id: Int64, at now: Date = Date()) throws(StoreError) {
        try write { db in
            try Self.requireIntegration(db, id: id)
            try db.execute(
                sql: """
                    INSERT INTO sync_state (integration_id, started_at) VALUES (?, ?)
                    ON CONFLICT (integration_id) DO UPDATE SET started_at = excluded.started_at, finished_at = NULL
                    """,
                arguments: [id, now])
        }
    }

    /// Records how the integration's sync went and writes `description` to the audit log
    /// (action `sync`), in one transaction. An integration removed meanwhile is left out.
    public func finishSync(
        integration id: Int64, summary: String, error: String?, description: String, at now: Date = Date()
    ) throws(StoreError) {
        try write { db in
            guard
                let name = try String.fetchOne(
                    db, sql: "SELECT display_name FROM integration WHERE id = ?", arguments: [id])
            else { return }
            try db.execute(
                sql: """
                    INSERT INTO sync_state (integration_id, started_at, finished_at, summary, error)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (integration_id) DO UPDATE SET finished_at = excluded.finished_at,
                        summary = excluded.summary, error = excluded.error
                    """,
                arguments: [id, now, now, summary, error])
            try Self.audit(db, "sync", target: name, new: description, at: now)
        }
    }

    /// The integration's last sync; nil before its first.
    public func syncState(integration id: Int64) throws(StoreError) -> SyncStateRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM sync_state WHERE integration_id = ?", arguments: [id]).map {
                SyncStateRecord(
                    integrationID: $0["integration_id"], startedAt: $0["started_at"], finishedAt: $0["finished_at"],
                    summary: $0["summary"], error: $0["error"])
            }
        }
    }

    /// Applies Auto Match's confident proposals as a sync does (`applied_by = 'sync'`), each
    /// audited as `mapping.sync`, in one transaction. A mapping is written only while its
    /// account is still enabled with no company and its company is still cached: a person who
    /// mapped or skipped the account since the proposals were made is never overruled. Returns
    /// the accounts whose mapping was written.
    public func applySyncMatches(_ mappings: [AccountMapping], forIntegration id: Int64, at now: Date = Date())
        throws(StoreError) -> [String]
    {
        try write { db in
            let name = try Self.requireIntegration(db, id: id)
            var applied: [String] = []
            for mapping in mappings {
                guard let companyID = mapping.companyID, let method = mapping.method, method != .manual else {
                    continue
                }
                let row = try Row.fetchOne(
                    db, sql: "SELECT enabled, company_id FROM mapping WHERE integration_id = ? AND account_id = ?",
                    arguments: [id, mapping.accountID])
                if let row, !(row["enabled"] as Bool) || (row["company_id"] as String?) != nil { continue }
                let open = try Bool.fetchOne(
                    db,
                    sql: """
                        SELECT 1 FROM account WHERE id = ? AND missing_since IS NULL
                            AND EXISTS (SELECT 1 FROM psa_company WHERE integration_id = ? AND company_id = ?)
                        """,
                    arguments: [mapping.accountID, id, companyID])
                guard open != nil else { continue }
                let before = try Self.describeMapping(db, integration: id, account: mapping.accountID)
                try db.execute(
                    sql: """
                        INSERT INTO mapping (
                            integration_id, account_id, enabled, company_id, method, confidence, applied_by, updated_at)
                        VALUES (?, ?, 1, ?, ?, ?, 'sync', ?)
                        ON CONFLICT (integration_id, account_id) DO UPDATE SET
                            company_id = excluded.company_id, method = excluded.method,
                            confidence = excluded.confidence, applied_by = 'sync', updated_at = excluded.updated_at
                        """,
                    arguments: [id, mapping.accountID, companyID, method.rawValue, mapping.confidence, now])
                try Self.auditMapping(
                    db, "mapping.sync", integration: id, named: name, account: mapping.accountID, before)
                applied.append(mapping.accountID)
            }
            return applied
        }
    }

    private static func encode(_ holder: SyncLockHolder, path: String) throws(StoreError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(holder), let text = String(data: data, encoding: .utf8) else {
            throw .failed(path: path, detail: "the sync lock's owner cannot be encoded")
        }
        return text
    }

    private static func decodeHolder(_ text: String?) -> SyncLockHolder? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return text.flatMap { try? decoder.decode(SyncLockHolder.self, from: Data($0.utf8)) }
    }
}
