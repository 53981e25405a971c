import Foundation
import GRDB

/// What `importConfiguration` changed.
public struct ConfigurationImportSummary: Sendable, Equatable, Codable {
    public var integrationsAdded = 0
    public var integrationsUpdated = 0
    public var accountsAdded = 0
    public var accountsUpdated = 0
    public var settings = 0
    public var queues = 0
    public var mappings = 0
    public var mspCustomers = 0
    public var nerdioSync = false
    /// The integrations whose ticket settings were imported without a check against their PSA.
    public var reviewNeeded: [String] = []

    public init() {}

    /// The counts as one line, for the audit log and the command's output.
    public var counts: String {
        "\(integrationsAdded) integrations added, \(integrationsUpdated) updated; \(accountsAdded) accounts added, "
            + "\(accountsUpdated) updated; \(settings) settings, \(queues) queues, \(mappings) mappings, "
            + "\(mspCustomers) MSP customers" + (nerdioSync ? "; Nerdio sync settings" : "")
    }
}

/// Export and import of the whole configuration (DESIGN §4).
extension Store {
    /// The configuration as one document, read in one transaction. Secret credential fields
    /// (and the Nerdio sync's client secret) are included only when `includeSecrets` is true.
    public func exportConfiguration(includeSecrets: Bool, at now: Date = Date()) throws(StoreError)
        -> ConfigurationDocument
    {
        try read { db in
            func visible(_ fields: [String: String]) -> [String: String] {
                includeSecrets ? fields : fields.filter { !Credentials.secretFieldNames.contains($0.key) }
            }
            var integrations: [ConfigurationDocument.IntegrationEntry] = []
            for row in try Row.fetchAll(db, sql: "SELECT * FROM integration ORDER BY display_name_key, id") {
                let id: Int64 = row["id"]
                let settings = try Self.settingRows(db, integration: id, queue: nil)
                let queues = try Row.fetchAll(
                    db, sql: "SELECT id, name FROM ticket_queue WHERE integration_id = ? ORDER BY name_key, id",
                    arguments: [id]
                ).map { queue in
                    ConfigurationDocument.QueueEntry(
                        name: queue["name"], settings: try Self.settingRows(db, integration: id, queue: queue["id"]))
                }
                let msp = try Row.fetchOne(
                    db, sql: "SELECT company_id, fallback_for_unmapped FROM msp_customer WHERE integration_id = ?",
                    arguments: [id]
                ).map {
                    ConfigurationDocument.MSPCustomerEntry(companyID: $0["company_id"], fallbackForUnmapped: $0[1])
                }
                let mappings = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT account_id, enabled, company_id, method, confidence, applied_by FROM mapping
                        WHERE integration_id = ? ORDER BY account_id
                        """, arguments: [id]
                ).map {
                    ConfigurationDocument.MappingEntry(
                        accountID: $0["account_id"], enabled: $0["enabled"], companyID: $0["company_id"],
                        method: $0["method"], confidence: $0["confidence"], appliedBy: $0["applied_by"])
                }
                integrations.append(
                    ConfigurationDocument.IntegrationEntry(
                        system: row["system"], name: row["display_name"], isDefault: row["is_default"],
                        paused: row["paused_at"] as Date? != nil,
                        credentials: visible(
                            try decodeFields(row["credentials"], of: "integration \(id)", .integrationCredentials)),
                        settings: settings, integrationSettings: try Self.integrationSettingRows(db, integration: id),
                        queues: queues, mspCustomer: msp, mappings: mappings))
            }
            let accounts = try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY id").map {
                ConfigurationDocument.AccountEntry(
                    id: $0["id"], name: $0["name"], tenantID: $0["tenant_id"] ?? "", domain: $0["domain"],
                    missing: $0["missing_since"] as Date? != nil)
            }
            let sync = try Data.fetchOne(db, sql: "SELECT fields FROM nerdio_sync WHERE id = 1").map {
                visible(try decodeFields($0, of: "the Nerdio sync settings", .nerdioSyncFields))
            }
            return ConfigurationDocument(
                exportedAt: now, psalinkSchema: Migrations.migrator.migrations.last ?? "",
                integrations: integrations, accounts: accounts, nerdioSync: sync)
        }
    }

    /// Checks `document` against itself and the database, then applies it in one transaction:
    /// integrations matched by name are updated (a secret the document omits keeps the stored
    /// one) or added, accounts upserted, and the ticket settings, integration settings (when the
    /// document has them), queues, mappings and MSP customer of every integration in the document
    /// replaced by the document's. Integrations
    /// and accounts the document does not name are left alone. On any problem nothing changes.
    ///
    /// `source` is the file's name, for the audit log.
    /// The problems `importConfiguration` would refuse `document` for, read without changing
    /// anything: for checking the document before asking its PSAs about it.
    public func configurationProblems(_ document: ConfigurationDocument) throws(StoreError) -> [ConfigurationProblem] {
        try read { db in
            ConfigurationCheck(document: document, existing: try existingConfiguration(db)).problems()
        }
    }

    /// The credentials each integration of `document` would have once imported (the document's
    /// fields with the stored secrets it leaves out), in document order; nil where they are
    /// not usable.
    public func importedCredentials(_ document: ConfigurationDocument) throws(StoreError) -> [Credentials?] {
        try read { db in
            let existing = try existingConfiguration(db)
            return document.integrations.map { entry in
                guard let system = PSASystem(rawValue: entry.system) else { return nil }
                let stored = existing.integrations[nameKey(entry.name.trimmingCharacters(in: .whitespacesAndNewlines))]
                let fields = ConfigurationCheck.mergedCredentials(entry.credentials, stored: stored?.credentials)
                return Credentials(system: system, storedFields: fields)
            }
        }
    }

    /// `reviews` holds, by integration name (regardless of case), why its ticket settings
    /// could not be checked against its PSA: those integrations are marked for review and the
    /// others' marks are cleared.
    @discardableResult
    public func importConfiguration(
        _ document: ConfigurationDocument, source: String?, reviews: [String: String] = [:], at now: Date = Date()
    ) throws(ConfigurationError) -> ConfigurationImportSummary {
        guard document.format == ConfigurationDocument.formatName else { throw .notConfigurationDocument }
        guard document.version <= ConfigurationDocument.currentVersion else { throw .newerVersion(document.version) }
        guard document.version == ConfigurationDocument.currentVersion else {
            throw .unsupportedVersion(document.version)
        }
        var refusal: ConfigurationError?
        do {
            return try write { db in
                let existing = try existingConfiguration(db)
                let problems = ConfigurationCheck(document: document, existing: existing).problems()
                guard problems.isEmpty else {
                    refusal = .invalid(problems)
                    throw ConfigurationError.invalid(problems)
                }
                var summary = ConfigurationImportSummary()
                let reviews = Dictionary(reviews.map { (nameKey($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
                try apply(document, existing: existing, reviews: reviews, db, at: now, summary: &summary)
                try Self.audit(db, "configuration.import", target: source, new: summary.counts, at: now)
                return summary
            }
        } catch {
            throw refusal ?? .store(error)
        }
    }

    private func existingConfiguration(_ db: Database) throws -> ConfigurationCheck.Existing {
        var existing = ConfigurationCheck.Existing()
        for row in try Row.fetchAll(
            db, sql: "SELECT id, system, display_name, display_name_key, credentials FROM integration")
        {
            let id: Int64 = row["id"]
            guard let system = PSASystem(rawValue: row["system"]) else {
                throw DatabaseError(message: "integration \(id) has an unknown system")
            }
            existing.integrations[row["display_name_key"]] = .init(
                id: id, name: row["display_name"], system: system,
                credentials: try decodeFields(row["credentials"], of: "integration \(id)", .integrationCredentials))
        }
        existing.accountIDs = Set(try String.fetchAll(db, sql: "SELECT id FROM account"))
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT ticket_queue.name_key, integration.display_name_key, integration.display_name
                FROM ticket_queue JOIN integration ON integration.id = ticket_queue.integration_id
                """)
        {
            existing.queueOwners[row["name_key"]] = (key: row["display_name_key"], name: row["display_name"])
        }
        existing.nerdioSyncFields = try Data.fetchOne(db, sql: "SELECT fields FROM nerdio_sync WHERE id = 1").map {
            try decodeFields($0, of: "the Nerdio sync settings", .nerdioSyncFields)
        }
        return existing
    }

    private func apply(
        _ document: ConfigurationDocument, existing: ConfigurationCheck.Existing, reviews: [String: String],
        _ db: Database, at now: Date, summary: inout ConfigurationImportSummary
    ) throws {
        // Accounts first: mappings refer to them.
        for account in document.accounts {
            let stored = try Row.fetchOne(
                db, sql: "SELECT missing_since FROM account WHERE id = ?", arguments: [account.id])
            let missingSince: Date? = account.missing ? (stored?["missing_since"] as Date? ?? now) : nil
            if stored == nil { summary.accountsAdded += 1 } else { summary.accountsUpdated += 1 }
            try db.execute(
                sql: """
                    INSERT INTO account (id, name, tenant_id, domain, missing_since) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, tenant_id = excluded.tenant_id,
                        domain = excluded.domain, missing_since = excluded.missing_since
                    """,
                arguments: [account.id, account.name, account.tenantID, account.domain, missingSince])
        }

        // Integrations, then their queues removed all at once, so that a queue moving from one
        // integration of the document to another does not clash with itself.
        var ids: [Int64] = []
        for entry in document.integrations {
            let name = entry.name.trimmingCharacters(in: .whitespacesAndNewlines)
            let key = nameKey(name)
            let stored = existing.integrations[key]
            let credentials = try seal(
                ConfigurationCheck.mergedCredentials(entry.credentials, stored: stored?.credentials),
                for: .integrationCredentials, db)
            if let stored {
                let changed =
                    ConfigurationCheck.mergedCredentials(entry.credentials, stored: stored.credentials)
                    != stored.credentials
                try db.execute(
                    sql: """
                        UPDATE integration SET display_name = ?, credentials = ?,
                            paused_at = CASE WHEN ? THEN coalesce(paused_at, ?) ELSE NULL END,
                            health = CASE WHEN ? THEN 'unchecked' ELSE health END,
                            health_reason = CASE WHEN ? THEN NULL ELSE health_reason END,
                            health_checked_at = CASE WHEN ? THEN NULL ELSE health_checked_at END,
                            updated_at = ?
                        WHERE id = ?
                        """,
                    arguments: [name, credentials, entry.paused, now, changed, changed, changed, now, stored.id])
                ids.append(stored.id)
                summary.integrationsUpdated += 1
            } else {
                try db.execute(
                    sql: """
                        INSERT INTO integration (system, display_name, display_name_key, credentials, is_default,
                            created_at, updated_at, paused_at)
                        VALUES (?, ?, ?, ?, 0, ?, ?, ?)
                        """,
                    arguments: [entry.system, name, key, credentials, now, now, entry.paused ? now : nil])
                ids.append(db.lastInsertedRowID)
                summary.integrationsAdded += 1
            }
        }
        if let index = document.integrations.firstIndex(where: \.isDefault) {
            try db.execute(
                sql: "UPDATE integration SET is_default = 0, updated_at = ? WHERE is_default = 1", arguments: [now])
            try db.execute(
                sql: "UPDATE integration SET is_default = 1, updated_at = ? WHERE id = ?", arguments: [now, ids[index]])
        } else if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM integration WHERE is_default = 1") == 0 {
            // Whenever there is an integration, one is the default.
            try db.execute(
                sql: """
                    UPDATE integration SET is_default = 1, updated_at = ?
                    WHERE id = (SELECT id FROM integration ORDER BY created_at, id LIMIT 1)
                    """, arguments: [now])
        }
        for id in ids {
            try db.execute(sql: "DELETE FROM ticket_queue WHERE integration_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM ticket_settings WHERE integration_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM mapping WHERE integration_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM msp_customer WHERE integration_id = ?", arguments: [id])
        }

        let insertSetting = try db.makeStatement(
            sql: "INSERT INTO ticket_settings (integration_id, queue_id, key, value, updated_at) VALUES (?, ?, ?, ?, ?)"
        )
        for (entry, id) in zip(document.integrations, ids) {
            for (key, value) in entry.settings.sorted(by: { $0.key < $1.key }) {
                try insertSetting.execute(arguments: [id, nil as Int64?, key, value, now])
                summary.settings += 1
            }
            let name = entry.name.trimmingCharacters(in: .whitespacesAndNewlines)
            if let reason = reviews[nameKey(name)] {
                try Self.markSettingsReview(db, integration: id, reason: reason, at: now)
                summary.reviewNeeded.append(name)
            } else {
                try Self.clearSettingsReview(db, integration: id, at: now)
            }
            // A document without integration settings (an older psalink's) keeps the stored ones.
            if let integrationSettings = entry.integrationSettings {
                try db.execute(sql: "DELETE FROM integration_setting WHERE integration_id = ?", arguments: [id])
                for (text, value) in integrationSettings.sorted(by: { $0.key < $1.key }) {
                    // ConfigurationCheck has refused unknown keys and bad values.
                    guard let key = IntegrationSettingKey(rawValue: text), let value = key.normalized(value) else {
                        continue
                    }
                    try db.execute(
                        sql:
                            "INSERT INTO integration_setting (integration_id, key, value, updated_at) VALUES (?, ?, ?, ?)",
                        arguments: [id, key.rawValue, value, now])
                    summary.settings += 1
                }
            }
            for queue in entry.queues {
                let queueName = queue.name.trimmingCharacters(in: .whitespacesAndNewlines)
                try db.execute(
                    sql: "INSERT INTO ticket_queue (integration_id, name, name_key, created_at) VALUES (?, ?, ?, ?)",
                    arguments: [id, queueName, nameKey(queueName), now])
                let queueID = db.lastInsertedRowID
                for (key, value) in queue.settings.sorted(by: { $0.key < $1.key }) {
                    // A queue's storm or note-visibility in its stored form ("OFF" → "off").
                    let stored =
                        IntegrationSettingKey(rawValue: key).flatMap {
                            $0.normalized(value.trimmingCharacters(in: .whitespaces))
                        } ?? value
                    try insertSetting.execute(arguments: [id, queueID, key, stored, now])
                }
                summary.queues += 1
            }
            if let msp = entry.mspCustomer {
                try Self.writeMSPCustomer(
                    db, integration: id, company: msp.companyID, fallbackForUnmapped: msp.fallbackForUnmapped)
                summary.mspCustomers += 1
            }
            // Written directly: the company cache need not hold the company (companies refresh fills it).
            for mapping in entry.mappings where !(mapping.enabled && mapping.companyID == nil) {
                try db.execute(
                    sql: """
                        INSERT INTO mapping (integration_id, account_id, company_id, enabled, method, confidence,
                            applied_by, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        id, mapping.accountID, mapping.companyID, mapping.enabled, mapping.method,
                        mapping.confidence, mapping.companyID == nil ? nil : mapping.appliedBy, now,
                    ])
                summary.mappings += 1
            }
        }

        if let sync = document.nerdioSync {
            let fields = try seal(
                ConfigurationCheck.mergedCredentials(sync, stored: existing.nerdioSyncFields), for: .nerdioSyncFields,
                db)
            try db.execute(
                sql: """
                    INSERT INTO nerdio_sync (id, fields, updated_at) VALUES (1, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET fields = excluded.fields, updated_at = excluded.updated_at
                    """,
                arguments: [fields, now])
            summary.nerdioSync = true
        }
    }

    private static func settingRows(_ db: Database, integration id: Int64, queue: Int64?) throws -> [String: String] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT key, value FROM ticket_settings
                WHERE integration_id = ? AND (queue_id = ? OR (? IS NULL AND queue_id IS NULL))
                """,
            arguments: [id, queue, queue])
        return Dictionary(rows.map { ($0["key"] as String, $0["value"] as String) }, uniquingKeysWith: { a, _ in a })
    }

    private func decodeFields(_ data: Data?, of owner: String, _ column: SecretColumn) throws -> [String: String] {
        guard let fields = openFields(data, of: column) else {
            throw DatabaseError(message: "the stored fields of \(owner) cannot be read")
        }
        return fields
    }
}
