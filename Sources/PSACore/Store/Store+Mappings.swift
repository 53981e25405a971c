import Foundation
import GRDB

/// Which PSA customer each Nerdio account belongs to, per integration, and the MSP's own customer.
///
/// A `mapping` row exists only while it says something: an account without a row is enabled and
/// unmapped. Skipping and choosing a company are independent, so skipping an account and enabling
/// it again gives back the company it had.
extension Store {
    /// Every account (missing ones included) with its mapping for the integration, by account name.
    public func mappings(forIntegration id: Int64) throws(StoreError) -> [AccountMapping] {
        try read { db in
            try Self.requireIntegration(db, id: id)
            return try Self.fetchMappings(db, integration: id, account: nil)
        }
    }

    /// One account's mapping for the integration; nil when no account has this id.
    public func mapping(account accountID: String, integration id: Int64) throws(StoreError) -> AccountMapping? {
        try read { db in
            try Self.requireIntegration(db, id: id)
            return try Self.fetchMappings(db, integration: id, account: accountID).first
        }
    }

    private static func fetchMappings(_ db: Database, integration id: Int64, account accountID: String?) throws
        -> [AccountMapping]
    {
        try Row.fetchAll(
            db,
            sql: """
                SELECT account.id, account.name, account.missing_since,
                    coalesce(mapping.enabled, 1) AS enabled, mapping.company_id, mapping.method,
                    mapping.confidence, mapping.applied_by, psa_company.name AS company_name, psa_company.is_active,
                    psa_company.merged_into
                FROM account
                LEFT JOIN mapping ON mapping.account_id = account.id AND mapping.integration_id = ?
                LEFT JOIN psa_company ON psa_company.integration_id = mapping.integration_id
                    AND psa_company.company_id = mapping.company_id
                WHERE ? IS NULL OR account.id = ?
                ORDER BY account.name COLLATE NOCASE, account.id
                """,
            arguments: [id, accountID, accountID]
        ).map { row in
            let method = (row["method"] as String?).flatMap(MappingMethod.init(rawValue:))
            let companyID: String? = row["company_id"]
            return AccountMapping(
                accountID: row["id"], accountName: row["name"],
                accountMissing: row["missing_since"] as Date? != nil, enabled: row["enabled"],
                companyID: companyID, companyName: row["company_name"],
                companyIsActive: row["is_active"], method: method,
                confidence: row["confidence"], companyMergedInto: row["merged_into"],
                appliedBy: companyID == nil
                    ? nil : appliedBy(stored: row["applied_by"], method: method))
        }
    }

    /// Who applied a mapping's company: as stored, or, for a row written without it (an import),
    /// as migration v9 worked it out for the rows before it: manual for a manual method,
    /// Auto Match for any other.
    static func appliedBy(stored: String?, method: MappingMethod?) -> MappingAppliedBy {
        if let stored, let appliedBy = MappingAppliedBy(rawValue: stored) { return appliedBy }
        return method == nil || method == .manual ? .manual : .automatch
    }

    /// Maps the account to a cached company by hand. Whether the account is skipped does not change.
    public func setMapping(integration id: Int64, account accountID: String, company companyID: String)
        throws(StoreError)
    {
        let now = Date()
        try write { db in
            let integrationName = try Self.requireIntegration(db, id: id)
            try Self.requireAccount(db, id: accountID)
            try Self.requireCachedCompany(db, id: companyID, integration: id, named: integrationName)
            let before = try Self.describeMapping(db, integration: id, account: accountID)
            try db.execute(
                sql: """
                    INSERT INTO mapping (integration_id, account_id, company_id, method, confidence, applied_by, updated_at)
                    VALUES (?, ?, ?, 'manual', NULL, 'manual', ?)
                    ON CONFLICT (integration_id, account_id) DO UPDATE SET
                        company_id = excluded.company_id, method = 'manual', confidence = NULL,
                        applied_by = 'manual', updated_at = excluded.updated_at
                    """,
                arguments: [id, accountID, companyID, now])
            try Self.auditMapping(
                db, "mapping.set", integration: id, named: integrationName, account: accountID, before)
        }
    }

    /// Switches the account off for the integration: it gets no tickets, and keeps its company.
    public func skip(account accountID: String, integration id: Int64) throws(StoreError) {
        try setEnabled(false, account: accountID, integration: id)
    }

    /// Switches a skipped account back on, with the company it had.
    public func enable(account accountID: String, integration id: Int64) throws(StoreError) {
        try setEnabled(true, account: accountID, integration: id)
    }

    /// Removes the account's company; a skipped account stays skipped.
    public func clearMapping(account accountID: String, integration id: Int64) throws(StoreError) {
        let now = Date()
        try write { db in
            let integrationName = try Self.requireIntegration(db, id: id)
            try Self.requireAccount(db, id: accountID)
            let before = try Self.describeMapping(db, integration: id, account: accountID)
            try db.execute(
                sql: """
                    UPDATE mapping SET company_id = NULL, method = NULL, confidence = NULL, applied_by = NULL, updated_at = ?
                    WHERE integration_id = ? AND account_id = ?
                    """,
                arguments: [now, id, accountID])
            try Self.deleteIfDefault(db, account: accountID, integration: id)
            try Self.auditMapping(
                db, "mapping.clear", integration: id, named: integrationName, account: accountID, before)
        }
    }

    /// The integration's MSP-level customer, if one was chosen.
    public func mspCustomer(forIntegration id: Int64) throws(StoreError) -> MSPCustomer? {
        try read { db in
            try Self.requireIntegration(db, id: id)
            return try Row.fetchOne(
                db,
                sql: """
                    SELECT msp_customer.company_id, msp_customer.fallback_for_unmapped, psa_company.name
                    FROM msp_customer
                    LEFT JOIN psa_company ON psa_company.integration_id = msp_customer.integration_id
                        AND psa_company.company_id = msp_customer.company_id
                    WHERE msp_customer.integration_id = ?
                    """,
                arguments: [id]
            ).map { row in
                MSPCustomer(
                    companyID: row["company_id"], companyName: row["name"],
                    fallbackForUnmapped: row["fallback_for_unmapped"])
            }
        }
    }

    /// Chooses the integration's MSP-level customer among its cached companies.
    public func setMSPCustomer(integration id: Int64, company companyID: String, fallbackForUnmapped: Bool)
        throws(StoreError)
    {
        try write { db in
            let integrationName = try Self.requireIntegration(db, id: id)
            try Self.requireCachedCompany(db, id: companyID, integration: id, named: integrationName)
            let before = try Self.describeMSPCustomer(db, integration: id)
            try Self.writeMSPCustomer(db, integration: id, company: companyID, fallbackForUnmapped: fallbackForUnmapped)
            try Self.auditMSPCustomer(db, integration: id, named: integrationName, before)
        }
    }

    static func writeMSPCustomer(
        _ db: Database, integration id: Int64, company companyID: String, fallbackForUnmapped: Bool
    )
        throws
    {
        try db.execute(
            sql: """
                INSERT INTO msp_customer (integration_id, company_id, fallback_for_unmapped) VALUES (?, ?, ?)
                ON CONFLICT (integration_id) DO UPDATE SET
                    company_id = excluded.company_id, fallback_for_unmapped = excluded.fallback_for_unmapped
                """,
            arguments: [id, companyID, fallbackForUnmapped])
    }

    private func setEnabled(_ enabled: Bool, account accountID: String, integration id: Int64) throws(StoreError) {
        let now = Date()
        try write { db in
            let integrationName = try Self.requireIntegration(db, id: id)
            try Self.requireAccount(db, id: accountID)
            let before = try Self.describeMapping(db, integration: id, account: accountID)
            try db.execute(
                sql: """
                    INSERT INTO mapping (integration_id, account_id, enabled, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (integration_id, account_id) DO UPDATE SET
                        enabled = excluded.enabled, updated_at = excluded.updated_at
                    """,
                arguments: [id, accountID, enabled, now])
            try Self.deleteIfDefault(db, account: accountID, integration: id)
            try Self.auditMapping(
                db, enabled ? "mapping.enable" : "mapping.skip", integration: id, named: integrationName,
                account: accountID, before)
        }
    }

    /// Drops a row that says no more than its absence would: enabled, with no company.
    private static func deleteIfDefault(_ db: Database, account accountID: String, integration id: Int64) throws {
        try db.execute(
            sql: """
                DELETE FROM mapping
                WHERE integration_id = ? AND account_id = ? AND enabled = 1 AND company_id IS NULL
                """,
            arguments: [id, accountID])
    }

    /// An account's mapping as the audit log shows it.
    static func describeMapping(_ db: Database, integration id: Int64, account accountID: String) throws -> String {
        let row = try Row.fetchOne(
            db, sql: "SELECT enabled, company_id, method FROM mapping WHERE integration_id = ? AND account_id = ?",
            arguments: [id, accountID])
        let enabled: Bool = row?["enabled"] ?? true
        let company: String? = row?["company_id"]
        let method: String? = row?["method"]
        return "\(enabled ? "enabled" : "skipped"), company=\(company ?? "none")" + (method.map { " (\($0))" } ?? "")
    }

    /// Logs the account's mapping change, if there was one.
    static func auditMapping(
        _ db: Database, _ action: String, integration id: Int64, named name: String, account accountID: String,
        _ before: String
    ) throws {
        let after = try describeMapping(db, integration: id, account: accountID)
        guard after != before else { return }
        try audit(db, action, target: "\(name) / \(accountID)", old: before, new: after)
    }

    static func describeMSPCustomer(_ db: Database, integration id: Int64) throws -> String {
        let row = try Row.fetchOne(
            db, sql: "SELECT company_id, fallback_for_unmapped FROM msp_customer WHERE integration_id = ?",
            arguments: [id])
        guard let row else { return "none" }
        let company: String = row["company_id"]
        let fallback: Bool = row["fallback_for_unmapped"]
        return "company=\(company), unmapped accounts \(fallback ? "go to it" : "get no tickets")"
    }

    static func auditMSPCustomer(_ db: Database, integration id: Int64, named name: String, _ before: String) throws {
        let after = try describeMSPCustomer(db, integration: id)
        guard after != before else { return }
        try audit(db, "msp-customer.set", target: name, old: before, new: after)
    }

    /// Returns the integration's display name, for messages.
    @discardableResult
    static func requireIntegration(_ db: Database, id: Int64) throws -> String {
        guard
            let displayName = try String.fetchOne(
                db, sql: "SELECT display_name FROM integration WHERE id = ?", arguments: [id])
        else {
            throw StoreError.integrationNotFound(id: id)
        }
        return displayName
    }

    static func requireAccount(_ db: Database, id: String) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM account WHERE id = ?", arguments: [id]) != nil else {
            throw StoreError.accountNotFound(id: id)
        }
    }

    static func requireCachedCompany(
        _ db: Database, id companyID: String, integration id: Int64, named integrationName: String
    ) throws {
        let cached = try Bool.fetchOne(
            db, sql: "SELECT 1 FROM psa_company WHERE integration_id = ? AND company_id = ?",
            arguments: [id, companyID])
        guard cached != nil else {
            throw StoreError.companyNotCached(companyID: companyID, integration: integrationName)
        }
    }
}
