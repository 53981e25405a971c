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
                    INSERT OR REPLACE INTO psa_company
                        (integration_id, company_id, name, is_active, type, is_msp, tenant_ids, domains, merged_into,
                        fetched_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for company in companies {
                try insert.execute(arguments: [
                    id, company.id, company.name, company.isActive, company.type, company.isMSP,
                    company.tenantIDs.joined(separator: " "), company.domains.joined(separator: " "),
                    company.mergedInto, now,
                ])
            }
        }
    }

    /// One company as the PSA just answered for it: its name, whether it is active and what it
    /// was merged into follow, while its type, tenants and domains stay as last listed; nil
    /// removes it (the PSA has no company with that id). Returns whether the cache changed.
    @discardableResult
    public func updateCachedCompany(_ id: String, to company: PSACompany?, forIntegration integrationID: Int64)
        throws(StoreError) -> Bool
    {
        try write { db in
            if let company {
                try db.execute(
                    sql: """
                        UPDATE psa_company SET name = ?, is_active = ?, merged_into = ?
                        WHERE integration_id = ? AND company_id = ?
                            AND (name IS NOT ? OR is_active IS NOT ? OR merged_into IS NOT ?)
                        """,
                    arguments: [
                        company.name, company.isActive, company.mergedInto, integrationID, id, company.name,
                        company.isActive, company.mergedInto,
                    ])
            } else {
                try db.execute(
                    sql: "DELETE FROM psa_company WHERE integration_id = ? AND company_id = ?",
                    arguments: [integrationID, id])
            }
            return db.changesCount > 0
        }
    }

    /// The cached companies of an integration, by name. Read by column position through a
    /// cursor: tens of thousands of rows are read whenever the mapping tab opens.
    public func companies(forIntegration id: Int64) throws(StoreError) -> [PSACompany] {
        try read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT company_id, name, is_active, type, is_msp, tenant_ids, domains, merged_into FROM psa_company
                    WHERE integration_id = ? ORDER BY name COLLATE NOCASE, company_id
                    """,
                arguments: [id])
            var companies: [PSACompany] = []
            while let row = try rows.next() {
                companies.append(
                    PSACompany(
                        id: row[0], name: row[1], isActive: row[2], type: row[3], isMSP: row[4],
                        tenantIDs: Self.list(row[5]), domains: Self.list(row[6]), mergedInto: row[7]))
            }
            return companies
        }
    }

    private static func list(_ text: String) -> [String] {
        text.split(separator: " ").map(String.init)
    }
}
