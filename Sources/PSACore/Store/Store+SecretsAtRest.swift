import Foundation
import GRDB

/// PSA credentials and the Nerdio sync's settings are kept sealed (`SealedSecret`) with a key
/// outside the database, so that a copy of the database alone reveals no secret.
extension Store {
    /// The columns that hold secrets, each sealed with its own context.
    enum SecretColumn: String, CaseIterable {
        case integrationCredentials = "integration.credentials"
        case nerdioSyncFields = "nerdio_sync.fields"

        var table: String { String(rawValue.prefix { $0 != "." }) }
        var column: String { String(rawValue.drop { $0 != "." }.dropFirst()) }
    }

    /// Where this store's secrets key is, and whether it exists yet.
    public var secretKeyLocation: SecretKeyLocation { secrets.location }

    /// The id of the key the database's secrets are sealed with, nil while none is sealed.
    public func secretsKeyID() throws(StoreError) -> String? {
        try read { db in try Self.sealedKeyIDs(db).first }
    }

    /// `fields` as the sealed value to store in `column`.
    func seal(_ fields: [String: String], for column: SecretColumn, _ db: Database) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let plaintext = try encoder.encode(fields)
        let key = try secrets.keyForSealing(sealedWith: try Self.sealedKeyIDs(db).first)
        return try SealedSecret.seal(plaintext, with: key, context: column.rawValue)
    }

    /// The fields a stored value holds; nil when it cannot be read (damaged, or sealed with a
    /// key this store does not have, which `open` refuses before this can happen).
    func openFields(_ data: Data?, of column: SecretColumn) -> [String: String]? {
        guard var plaintext = data else { return nil }
        if SealedSecret.isSealed(plaintext) {
            guard let key = try? secrets.existingKey(),
                let opened = try? SealedSecret.open(plaintext, with: key, context: column.rawValue)
            else { return nil }
            plaintext = opened
        }
        return try? JSONDecoder().decode([String: String].self, from: plaintext)
    }

    /// Refuses a database whose sealed secrets this key cannot open, before anything is
    /// written: a missing key file, a wrong one, or one in a bad state each say so.
    static func verifySecretsKey(_ db: Database, vault: SecretVault) throws {
        let sealedWith = try sealedKeyIDs(db)
        guard let first = sealedWith.first else {
            // A key file that exists must be usable even before it seals anything.
            _ = try vault.existingKey()
            return
        }
        guard let key = try vault.existingKey() else {
            throw SecretKeyProblem.sealedWithoutKey(path: vault.location.path, sealedWith: first)
        }
        if let other = sealedWith.first(where: { $0 != key.id }) {
            throw SecretKeyProblem.wrongKey(path: vault.location.path, sealedWith: other, keyID: key.id)
        }
    }

    /// Seals every secret still stored in clear (a database from before sealing), then leaves no
    /// copy of the clear text in the file or its write-ahead log: the rows are rewritten with
    /// `secure_delete` on, the log is checkpointed into the file and truncated, and `VACUUM`
    /// rebuilds the file without free pages that older rewrites left behind.
    static func sealClearSecrets(in database: DatabaseQueue, vault: SecretVault) throws {
        let clear = try database.read { db in try clearSecretRows(db) }
        guard !clear.isEmpty else { return }
        let key = try vault.keyForSealing(sealedWith: try database.read { db in try sealedKeyIDs(db).first })
        try database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
            try db.inTransaction(.immediate) {
                // Read again under the write lock: another process may have sealed them.
                for row in try clearSecretRows(db) {
                    let sealed = try SealedSecret.seal(row.value, with: key, context: row.column.rawValue)
                    try db.execute(
                        sql: "UPDATE \(row.column.table) SET \(row.column.column) = ? WHERE rowid = ?",
                        arguments: [sealed, row.rowID])
                }
                return .commit
            }
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            try db.execute(sql: "VACUUM")
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            try db.execute(sql: "PRAGMA secure_delete = OFF")
        }
    }

    private struct ClearSecret {
        var column: SecretColumn
        var rowID: Int64
        var value: Data
    }

    private static func clearSecretRows(_ db: Database) throws -> [ClearSecret] {
        var rows: [ClearSecret] = []
        for column in SecretColumn.allCases where try db.tableExists(column.table) {
            for row in try Row.fetchAll(db, sql: "SELECT rowid, \(column.column) FROM \(column.table)") {
                guard let value = row[1] as Data?, !SealedSecret.isSealed(value) else { continue }
                rows.append(ClearSecret(column: column, rowID: row[0], value: value))
            }
        }
        return rows
    }

    /// The ids of the keys the stored secrets are sealed with (one, unless the file was damaged
    /// or pieced together from two databases).
    static func sealedKeyIDs(_ db: Database) throws -> [String] {
        var ids: [String] = []
        for column in SecretColumn.allCases where try db.tableExists(column.table) {
            for value in try Data.fetchAll(db, sql: "SELECT \(column.column) FROM \(column.table)") {
                if let id = SealedSecret.keyID(of: value), !ids.contains(id) { ids.append(id) }
            }
        }
        return ids
    }
}
