import Foundation
import GRDB

/// What an import changed.
public struct AccountImportSummary: Sendable, Equatable, Codable {
    public var added: Int
    public var updated: Int
    public var unchanged: Int
    /// In the store but not in the file: flagged as missing, their mappings kept.
    public var markedMissing: Int
    /// Flagged missing before and present again.
    public var returned: Int

    public init(added: Int = 0, updated: Int = 0, unchanged: Int = 0, markedMissing: Int = 0, returned: Int = 0) {
        self.added = added
        self.updated = updated
        self.unchanged = unchanged
        self.markedMissing = markedMissing
        self.returned = returned
    }
}

/// Nerdio accounts.
extension Store {
    /// Makes the stored accounts match `accounts`, in one transaction: new ones are added,
    /// changed names, tenants and domains updated, and accounts absent from the list flagged
    /// as missing rather than deleted, so their mappings survive a partial export.
    @discardableResult
    public func importAccounts(_ accounts: [NerdioAccount]) throws(StoreError) -> AccountImportSummary {
        let now = Date()
        return try write { db in
            var existing: [String: NerdioAccount] = [:]
            for account in try Self.fetchAccounts(db) { existing[account.id] = account }
            var summary = AccountImportSummary()
            for account in accounts {
                guard let stored = existing.removeValue(forKey: account.id) else {
                    try db.execute(
                        sql: "INSERT INTO account (id, name, tenant_id, domain) VALUES (?, ?, ?, ?)",
                        arguments: [account.id, account.name, account.tenantID, account.domain])
                    summary.added += 1
                    continue
                }
                let same =
                    stored.name == account.name && stored.tenantID == account.tenantID
                    && stored.domain == account.domain
                if stored.missingSince != nil { summary.returned += 1 }
                if same && stored.missingSince == nil {
                    summary.unchanged += 1
                    continue
                }
                if !same { summary.updated += 1 }
                try db.execute(
                    sql: "UPDATE account SET name = ?, tenant_id = ?, domain = ?, missing_since = NULL WHERE id = ?",
                    arguments: [account.name, account.tenantID, account.domain, account.id])
            }
            for vanished in existing.values where vanished.missingSince == nil {
                try db.execute(sql: "UPDATE account SET missing_since = ? WHERE id = ?", arguments: [now, vanished.id])
                summary.markedMissing += 1
            }
            if summary.added + summary.updated + summary.markedMissing + summary.returned > 0 {
                try Self.audit(
                    db, "accounts.import", target: nil,
                    new: "\(summary.added) added, \(summary.updated) updated, \(summary.returned) back, "
                        + "\(summary.markedMissing) flagged missing", at: now)
            }
            return summary
        }
    }

    /// Every account, missing ones included, by name.
    public func accounts() throws(StoreError) -> [NerdioAccount] {
        try read { db in try Self.fetchAccounts(db) }
    }

    private static func fetchAccounts(_ db: Database) throws -> [NerdioAccount] {
        try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY name COLLATE NOCASE, id").map { row in
            NerdioAccount(
                id: row["id"], name: row["name"], tenantID: row["tenant_id"] ?? "", domain: row["domain"],
                missingSince: row["missing_since"])
        }
    }
}
