import Foundation
import GRDB

/// The local cache of each integration's PSA companies.
extension Store {
    /// Replaces the cached companies of an integration with a fresh listing, in one transaction.
    /// A company listed twice (pages that overlap while the PSA changes) is kept once.
    public func replaceCompanies(_ companies: [PSACompany], forIntegration id: Int64) throws(StoreError) {
        let now = Date()
        try write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM integration WHERE id = ?", arguments: [id]) != nil else {
                throw StoreError.integrationNotFound(id: id)
            }
            try db.execute(sql: "DELETE FROM psa_company WHERE integration_id = ?", arguments: [id])
            let insert = try db.makeStatement(
                sql: """
                    INSERT OR REPLACE INTO psa_company (integration_id, company_id, name, is_active, type, is_msp, fetched_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
            for company in companies {
                try insert.execute(arguments: [
                    id, company.id, company.name, company.isActive, company.type, company.isMSP, now,
                ])
            }
        }
    }

    /// The cached companies of an integration, by name.
    public func companies(forIntegration id: Int64) throws(StoreError) -> [PSACompany] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT company_id, name, is_active, type, is_msp FROM psa_company
                    WHERE integration_id = ? ORDER BY name COLLATE NOCASE, company_id
                    """,
                arguments: [id]
            ).map { row in
                PSACompany(
                    id: row["company_id"], name: row["name"], isActive: row["is_active"], type: row["type"],
                    isMSP: row["is_msp"])
            }
        }
    }
}
