import GRDB

/// Decides, by reading only, whether an opened file is a psalink database this build can use.
enum DatabaseOwnership {
    /// Throws unless the database is psalink's (or still empty) and was not migrated by a later
    /// psalink. Reads only, so a file that is refused is left exactly as it was.
    static func verify(_ db: Database, path: String, migrator: DatabaseMigrator) throws {
        let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        switch applicationID {
        case Migrations.applicationID:
            if try migrator.hasBeenSuperseded(db) {
                throw StoreError.newerVersion(path: path)
            }
        case 0:
            guard try isUnclaimed(db) else { throw StoreError.notPsalinkDatabase(path: path) }
        default:
            throw StoreError.notPsalinkDatabase(path: path)
        }
    }

    /// Whether a database without an application id may become psalink's: it holds nothing but,
    /// possibly, GRDB's empty bookkeeping table. GRDB creates that table before running the first
    /// migration, so it is what remains when psalink stopped during its very first open. Any
    /// other content belongs to someone else, since psalink's own tables arrive in the same
    /// transaction as its application id.
    private static func isUnclaimed(_ db: Database) throws -> Bool {
        let objects = try String.fetchAll(
            db,
            sql: "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
        guard objects.allSatisfy({ $0 == "grdb_migrations" }) else { return false }
        guard !objects.isEmpty else { return true }
        return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM grdb_migrations") == 0
    }
}
