import Foundation
import GRDB

/// Saving a set of mappings and the MSP-level customer in one transaction (the wizard's Account
/// Mapping tab saves every change the admin made this way), so that the store never holds half
/// of a save.
extension Store {
    /// Writes each account's mapping as given (enabled, company, method, confidence, who applied
    /// it) and sets or removes the MSP-level customer. A company with a manual method was applied
    /// by a person whatever `appliedBy` says; otherwise `appliedBy` is kept, Auto Match when nil. A company that changed must be in the cache; an unchanged
    /// one may have left it since (it is then flagged for review, not dropped).
    public func saveMappings(
        _ mappings: [AccountMapping], mspCustomer: MSPCustomer?, forIntegration id: Int64
    ) throws(StoreError) {
        let now = Date()
        try write { db in
            let integrationName = try Self.requireIntegration(db, id: id)
            let existing = try Self.storedCompanies(db, integration: id)
            let mspBefore = try Self.describeMSPCustomer(db, integration: id)
            defer { _ = try? Self.auditMSPCustomer(db, integration: id, named: integrationName, mspBefore) }
            for mapping in mappings {
                try Self.requireAccount(db, id: mapping.accountID)
                let before = try Self.describeMapping(db, integration: id, account: mapping.accountID)
                defer {
                    _ = try? Self.auditMapping(
                        db, "mapping.save", integration: id, named: integrationName, account: mapping.accountID, before)
                }
                if let companyID = mapping.companyID, existing[mapping.accountID] != companyID {
                    try Self.requireCachedCompany(db, id: companyID, integration: id, named: integrationName)
                }
                if mapping.enabled && mapping.companyID == nil {
                    try db.execute(
                        sql: "DELETE FROM mapping WHERE integration_id = ? AND account_id = ?",
                        arguments: [id, mapping.accountID])
                    continue
                }
                try db.execute(
                    sql: """
                        INSERT INTO mapping (
                            integration_id, account_id, enabled, company_id, method, confidence, applied_by, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (integration_id, account_id) DO UPDATE SET
                            enabled = excluded.enabled, company_id = excluded.company_id, method = excluded.method,
                            confidence = excluded.confidence, applied_by = excluded.applied_by,
                            updated_at = excluded.updated_at
                        """,
                    arguments: [
                        id, mapping.accountID, mapping.enabled, mapping.companyID,
                        mapping.companyID == nil ? nil : (mapping.method ?? .manual).rawValue,
                        mapping.companyID == nil ? nil : mapping.confidence,
                        mapping.companyID == nil ? nil : Self.appliedBy(of: mapping).rawValue, now,
                    ])
            }
            guard let mspCustomer else {
                try db.execute(sql: "DELETE FROM msp_customer WHERE integration_id = ?", arguments: [id])
                return
            }
            let stored = try String.fetchOne(
                db, sql: "SELECT company_id FROM msp_customer WHERE integration_id = ?", arguments: [id])
            if stored != mspCustomer.companyID {
                try Self.requireCachedCompany(
                    db, id: mspCustomer.companyID, integration: id, named: integrationName)
            }
            try Self.writeMSPCustomer(
                db, integration: id, company: mspCustomer.companyID,
                fallbackForUnmapped: mspCustomer.fallbackForUnmapped)
        }
    }

    /// Who applied `mapping`'s company, as saved.
    static func appliedBy(of mapping: AccountMapping) -> MappingAppliedBy {
        let method = mapping.method ?? .manual
        if method == .manual { return .manual }
        return mapping.appliedBy ?? .automatch
    }

    /// Account id → the company its stored mapping names.
    private static func storedCompanies(_ db: Database, integration id: Int64) throws -> [String: String] {
        var companies: [String: String] = [:]
        let rows = try Row.fetchCursor(
            db, sql: "SELECT account_id, company_id FROM mapping WHERE integration_id = ? AND company_id IS NOT NULL",
            arguments: [id])
        while let row = try rows.next() { companies[row["account_id"]] = row["company_id"] }
        return companies
    }
}
