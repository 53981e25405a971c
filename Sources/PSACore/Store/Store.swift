import Foundation
import GRDB

/// psalink's one SQLite database (DESIGN §2): integrations, their credentials, accounts,
/// mappings and ticket settings.
///
/// The API is synchronous and thread-safe; callers on a UI thread move calls off it. Writes
/// from several psalink processes (the wizard, a command, `serve`) wait for one another for up
/// to five seconds before failing with `StoreError.locked`.
public final class Store: Sendable {
    /// The absolute path of the database file.
    public let path: String
    let database: DatabaseQueue
    /// The key that seals the secrets (`Store+SecretsAtRest`).
    let secrets: SecretVault

    private init(path: String, database: DatabaseQueue, secrets: SecretVault) {
        self.path = path
        self.database = database
        self.secrets = secrets
    }

    /// Opens the database at `path`, creating it and its folders if needed, and brings its
    /// schema up to date.
    ///
    /// A file that is not SQLite, belongs to another application or was written by a newer
    /// psalink is refused without being changed, and so is a database whose secrets the key
    /// found through `environment` (`SecretKeyLocation`) cannot open. Secrets still stored in
    /// clear are sealed.
    ///
    /// No `PRAGMA quick_check` runs here: its cost grows with the whole file (the outbox and
    /// ticket history grow without bound) and every command opens the store. A damaged header or
    /// schema fails right here as `.corrupt`; damage further in fails as `.corrupt` from the
    /// first query that reaches it.
    public static func open(
        at path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(StoreError) -> Store {
        let path = DatabaseFile.absolute(path)
        try DatabaseFile.prepare(at: path)
        let secrets = SecretVault(location: SecretKeyLocation.resolve(databasePath: path, environment: environment))

        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.foreignKeysEnabled = true
        let migrator = Migrations.migrator
        do {
            // Opening reads the schema and writes nothing; GRDB fails here on a non-SQLite file.
            let database = try DatabaseQueue(path: path, configuration: configuration)
            try database.read { db in
                try DatabaseOwnership.verify(db, path: path, migrator: migrator)
                try verifySecretsKey(db, vault: secrets)
            }
            DatabaseFile.restrictPermissions(at: path)
            try migrator.migrate(database)
            // Write-ahead logging: a commit is one append, and the wizard reads while `serve`
            // writes. The mode is stored in the file; setting it again changes nothing.
            try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
            try sealClearSecrets(in: database, vault: secrets)
            return Store(path: path, database: database, secrets: secrets)
        } catch {
            throw StoreError.wrapping(error, path: path)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.read(body)
        } catch {
            throw StoreError.wrapping(error, path: path)
        }
    }

    /// Runs `body` in an IMMEDIATE transaction: it takes the write lock before reading, so that
    /// two processes that read and then write wait in turn instead of failing with a deadlock.
    ///
    /// A durable commit reaches the disk before this returns (one fsync of the write-ahead
    /// log). A non-durable one survives the process being killed but may be lost with the
    /// machine's power; it is for bookkeeping that can be redone, such as the outbox's leases
    /// and the record of a finished delivery (a create, whose start is always recorded
    /// durably, is then found again in the PSA by its external reference).
    func write<T>(durable: Bool = true, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.writeWithoutTransaction { db in
                try db.execute(sql: durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch {
            throw StoreError.wrapping(error, path: path)
        }
    }
}
