import Foundation
import GRDB

/// The `serve` process that last started on the database: where it listens and who it is, so
/// that `doctor` can ask it whether it answers.
public struct ServeInstance: Sendable, Equatable {
    /// As serve printed it on start, e.g. `http://127.0.0.1:8088`.
    public var listenURL: String
    public var pid: Int32
    public var hostName: String
    public var startedAt: Date

    public init(listenURL: String, pid: Int32, hostName: String, startedAt: Date) {
        self.listenURL = listenURL
        self.pid = pid
        self.hostName = hostName
        self.startedAt = startedAt
    }

    /// This process on this machine, listening at `listenURL`.
    public static func current(listenURL: String, at now: Date = Date()) -> ServeInstance {
        ServeInstance(
            listenURL: listenURL, pid: ProcessInfo.processInfo.processIdentifier,
            hostName: ProcessInfo.processInfo.hostName, startedAt: now)
    }
}

extension Migrations {
    /// v13: `serve_instance`, one row at most: the serve that started last. A second serve on
    /// the same database replaces it; a serve killed without a clean stop leaves it behind,
    /// which is what `doctor` then finds not answering.
    static func addServeInstance(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE serve_instance (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    listen_url TEXT NOT NULL,
                    pid INTEGER NOT NULL,
                    host_name TEXT NOT NULL,
                    started_at DATETIME NOT NULL
                )
                """)
    }
}

extension Store {
    /// Records that `instance` now serves, replacing any earlier record.
    public func recordServeStart(_ instance: ServeInstance) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO serve_instance (id, listen_url, pid, host_name, started_at)
                    VALUES (1, ?, ?, ?, ?)
                    """,
                arguments: [instance.listenURL, instance.pid, instance.hostName, instance.startedAt])
        }
    }

    /// Removes the record on a clean stop, only if it is still the one of process `pid` on
    /// `hostName` (this process unless given): another serve started since keeps its own.
    /// Returns whether it removed it.
    @discardableResult
    public func clearServeInstance(
        pid: Int32 = ProcessInfo.processInfo.processIdentifier, hostName: String = ProcessInfo.processInfo.hostName
    ) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(
                sql: "DELETE FROM serve_instance WHERE id = 1 AND pid = ? AND host_name = ?",
                arguments: [pid, hostName])
            return db.changesCount > 0
        }
    }

    /// The serve that started last and has not stopped cleanly, if any.
    public func serveInstance() throws(StoreError) -> ServeInstance? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM serve_instance WHERE id = 1").map {
                ServeInstance(
                    listenURL: $0["listen_url"], pid: $0["pid"], hostName: $0["host_name"],
                    startedAt: $0["started_at"])
            }
        }
    }
}
