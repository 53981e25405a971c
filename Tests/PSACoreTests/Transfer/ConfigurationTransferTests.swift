import Foundation
import GRDB
import Testing

@testable import PSACore

@Suite struct ConfigurationTransferTests {
    static let secrets = ["halo-secret-value-1", "cw-private-value-2", "at-secret-value-3", "nerdio-secret-value-4"]
    static let moment = Date(timeIntervalSince1970: 1_800_000_000)

    /// A database configured through the Store API, as the wizard and the commands leave it.
    func configure(_ store: Store) throws {
        let halo = try store.insert(
            NewIntegration(system: .halo, displayName: "Halo"),
            credentials: Credentials.halo(
                HaloCredentials(
                    url: "https://halo.example.com", clientID: "halo-client", clientSecret: Secret(Self.secrets[0]),
                    tenant: "contoso")
            ).storedFields
        ).id
        let connectwise = try store.insert(
            NewIntegration(system: .connectwise, displayName: "CW Main", isDefault: true),
            credentials: Credentials.connectwise(
                ConnectWiseCredentials(
                    site: "api-na.myconnectwise.net", companyID: "msp", publicKey: "public-key",
                    privateKey: Secret(Self.secrets[1]), clientID: "guid-1")
            ).storedFields
        ).id
        let autotask = try store.insert(
            NewIntegration(system: .autotask, displayName: "Autotask"),
            credentials: Credentials.autotask(
                AutotaskCredentials(username: "api@x", secret: Secret(Self.secrets[2]), integrationCode: "CODE")
            ).storedFields
        ).id
        let accounts = [
            NerdioAccount(id: "a1", name: "Contoso", tenantID: "t-1", domain: "contoso.com"),
            NerdioAccount(id: "a2", name: "Fabrikam", tenantID: "t-2"),
            NerdioAccount(id: "a3", name: "Gone Ltd", tenantID: "t-3"),
        ]
        try store.importAccounts(accounts)
        try store.importAccounts(Array(accounts.prefix(2)))  // a3 is now flagged missing
        try store.replaceCompanies(
            [PSACompany(id: "c1", name: "Contoso Inc"), PSACompany(id: "c2", name: "The MSP", isMSP: true)],
            forIntegration: halo)
        try store.setMapping(integration: halo, account: "a1", company: "c1")
        try store.skip(account: "a2", integration: halo)
        try store.setMSPCustomer(integration: halo, company: "c2", fallbackForUnmapped: true)
        try store.saveTicketSettings(
            ["ticket-type": "3", "open-status": "1", "category": "Alerts"], forIntegration: halo)
        try store.saveTicketSettings(["board": "1", "reopen-window": "24h"], forIntegration: connectwise)
        try store.saveIntegrationSettings([try .init(key: .rateLimit, value: "100/300")], forIntegration: halo)
        try store.addQueue(named: "Service Desk", integration: connectwise, settings: ["board": "2"])
        try store.addQueue(named: "Alerts", integration: autotask, settings: ["queue": "29683354"])
        try store.setPaused(true, integration: autotask)
        try store.database.write { db in
            // An Auto Match mapping to a company that is not cached, and the Nerdio sync settings.
            try db.execute(
                sql: """
                    INSERT INTO mapping (integration_id, account_id, company_id, method, confidence, updated_at)
                    VALUES (?, 'a3', 'c9', 'similar-name', 0.75, ?)
                    """, arguments: [connectwise, Date()])
            let fields = try JSONEncoder().encode([
                "url": "https://nmm.example.com", "clientId": "nerdio-client", "clientSecret": Self.secrets[3],
            ])
            try db.execute(
                sql: "INSERT INTO nerdio_sync (id, fields, updated_at) VALUES (1, ?, ?)", arguments: [fields, Date()])
        }
    }

    func withStores(_ body: (Store, Store) throws -> Void) throws {
        try withTemporaryFolder { folder in
            let source = try Store.open(at: folder + "/source.sqlite")
            try configure(source)
            try body(source, try Store.open(at: folder + "/target.sqlite"))
        }
    }

    func roundTripped(_ document: ConfigurationDocument) throws -> ConfigurationDocument {
        try ConfigurationDocument.decode(try document.encoded())
    }

    @Test func aRoundTripThroughAnEmptyDatabaseGivesTheSameDocument() throws {
        try withStores { source, target in
            let exported = try source.exportConfiguration(includeSecrets: true, at: Self.moment)
            #expect(exported.format == "psalink-configuration" && exported.version == 1)
            #expect(exported.psalinkSchema == "v4" || !exported.psalinkSchema.isEmpty)
            #expect(exported.integrations.map(\.name) == ["Autotask", "CW Main", "Halo"])
            let summary = try target.importConfiguration(try roundTripped(exported), source: "config.json")
            #expect(summary.integrationsAdded == 3 && summary.accountsAdded == 3 && summary.queues == 2)
            let again = try target.exportConfiguration(includeSecrets: true, at: Self.moment)
            #expect(again == exported)
            #expect(try again.encoded() == exported.encoded())

            // The shape of what was carried over.
            let halo = try #require(exported.integrations.first { $0.name == "Halo" })
            #expect(halo.mspCustomer == .init(companyID: "c2", fallbackForUnmapped: true))
            #expect(
                halo.mappings == [
                    .init(accountID: "a1", enabled: true, companyID: "c1", method: "manual", appliedBy: "manual"),
                    .init(accountID: "a2", enabled: false),
                ])
            #expect(halo.settings == ["ticket-type": "3", "open-status": "1", "category": "Alerts"])
            #expect(halo.integrationSettings == ["rate-limit": "100/300"])
            #expect(exported.integrations.filter { $0.name != "Halo" }.map(\.integrationSettings) == [[:], [:]])
            #expect(try target.integrationSettingValues(forKey: "rate-limit").count == 1)
            let autotask = try #require(exported.integrations.first { $0.name == "Autotask" })
            #expect(autotask.paused && !autotask.isDefault)
            #expect(autotask.queues == [.init(name: "Alerts", settings: ["queue": "29683354"])])
            #expect(exported.integrations.filter(\.isDefault).map(\.name) == ["CW Main"])
            #expect(exported.accounts.map(\.missing) == [false, false, true])
            #expect(exported.nerdioSync?["clientSecret"] == Self.secrets[3])

            // The target works without the company cache: the mapping is there, its name unknown.
            let targetHalo = try #require(try target.integration(named: "halo"))
            let mapping = try #require(try target.mapping(account: "a1", integration: targetHalo.id))
            #expect(mapping.companyID == "c1" && mapping.companyName == nil && mapping.appliedBy == .manual)
            #expect(try target.credentials(forIntegration: targetHalo.id)["clientSecret"] == Self.secrets[0])
            let audit = try target.auditLog()
            #expect(audit.first?.action == "configuration.import" && audit.first?.target == "config.json")
            #expect(audit.count == 1)
        }
    }

    @Test func anExportWithoutSecretsContainsNoSecretValue() throws {
        try withStores { source, _ in
            let data = try source.exportConfiguration(includeSecrets: false).encoded()
            let text = String(decoding: data, as: UTF8.self)
            for secret in Self.secrets { #expect(!text.contains(secret)) }
            #expect(!text.contains("clientSecret") && !text.contains("privateKey") && !text.contains("\"secret\""))
            #expect(text.contains("halo-client") && text.contains("public-key") && text.contains("nerdio-client"))
            let withSecrets = String(
                decoding: try source.exportConfiguration(includeSecrets: true).encoded(), as: UTF8.self)
            for secret in Self.secrets { #expect(withSecrets.contains(secret)) }
        }
    }

    @Test func anOmittedSecretKeepsTheStoredOneAndIsRefusedWhereNoneIsStored() throws {
        try withStores { source, target in
            var document = try roundTripped(try source.exportConfiguration(includeSecrets: false))
            let index = try #require(document.integrations.firstIndex { $0.name == "Halo" })
            document.integrations[index].credentials["clientId"] = "new-client"
            try source.importConfiguration(document, source: nil)
            let halo = try #require(try source.integration(named: "Halo"))
            let fields = try source.credentials(forIntegration: halo.id)
            #expect(fields["clientId"] == "new-client" && fields["clientSecret"] == Self.secrets[0])
            #expect(try source.exportConfiguration(includeSecrets: true).nerdioSync?["clientSecret"] == Self.secrets[3])

            #expect {
                try target.importConfiguration(document, source: nil)
            } throws: { error in
                guard case .invalid(let problems) = error as? ConfigurationError, let first = problems.first else {
                    return false
                }
                return first.remedy == .exportWithSecretsOrAddIntegration && first.message.contains("\"Autotask\"")
                    && first.message.contains("no secret")
            }
            #expect(try target.integrations().isEmpty && target.accounts().isEmpty)
        }
    }

    @Test func aBadLastItemLeavesTheDatabaseUnchanged() throws {
        try withStores { source, target in
            var document = try roundTripped(try source.exportConfiguration(includeSecrets: true))
            // Something to change first, so that a partial import would show.
            document.integrations[0].settings = [:]
            document.accounts[0].name = "Renamed"
            let last = document.integrations.count - 1
            document.integrations[last].mappings.append(.init(accountID: "nobody", companyID: "c1", method: "manual"))
            let before = try source.exportConfiguration(includeSecrets: true, at: Self.moment)
            let auditBefore = try source.auditLog().count
            #expect(throws: ConfigurationError.self) { try source.importConfiguration(document, source: nil) }
            do {
                try source.importConfiguration(document, source: nil)
            } catch {
                #expect(
                    (error as? ConfigurationError)?.description
                        == "integration \"Halo\": mapping to unknown account \"nobody\" (neither in the document nor "
                        + "in the database)")
            }
            #expect(try source.exportConfiguration(includeSecrets: true, at: Self.moment) == before)
            #expect(try source.auditLog().count == auditBefore)
            #expect(throws: ConfigurationError.self) { try target.importConfiguration(document, source: nil) }
            #expect(try target.integrations().isEmpty)
        }
    }

    @Test func everyProblemOfTheDocumentIsFoundBeforeAnythingChanges() throws {
        func problems(_ change: (inout ConfigurationDocument) -> Void) throws -> String {
            var document = ConfigurationDocument(
                exportedAt: Self.moment, psalinkSchema: "v4",
                integrations: [
                    .init(
                        system: "halo", name: "Halo", isDefault: true,
                        credentials: ["url": "https://h.example.com", "clientId": "i", "clientSecret": "s"],
                        settings: ["category": "1"], queues: [.init(name: "Alerts")]),
                    .init(
                        system: "autotask", name: "AT",
                        credentials: ["username": "u", "secret": "s", "integrationCode": "c"],
                        settings: ["queue": "1"], mappings: [.init(accountID: "a1", companyID: "c1")]),
                ],
                accounts: [.init(id: "a1", name: "One", tenantID: "t")])
            change(&document)
            return try withTemporaryFolder { folder in
                let store = try Store.open(at: folder + "/db.sqlite")
                do {
                    try store.importConfiguration(document, source: nil)
                    return ""
                } catch {
                    #expect(try store.integrations().isEmpty)
                    return (error as? ConfigurationError)?.description ?? "\(error)"
                }
            }
        }
        #expect(try problems { _ in } == "")
        #expect(try problems { $0.integrations[1].name = "HALO" }.contains("unique regardless of case"))
        #expect(
            try problems { $0.integrations[1].isDefault = true }.contains("more than one integration is the default"))
        #expect(try problems { $0.integrations[1].system = "servicenow" }.contains("unknown system \"servicenow\""))
        #expect(
            try problems { $0.integrations[1].queues = [.init(name: "ALERTS")] }.contains(
                "two ticket queues named \"ALERTS\""))
        #expect(
            try problems { $0.integrations[1].settings["board"] = "1" }.contains(
                "the ticket setting board does not apply to Datto Autotask PSA"))
        #expect(
            try problems { $0.integrations[0].queues[0].settings["queue"] = "1" }.contains(
                "queue \"Alerts\": the ticket setting queue does not apply to HaloPSA"))
        #expect(try problems { $0.integrations[1].settings["colour"] = "1" }.contains("unknown ticket setting"))
        #expect(
            try problems { $0.integrations[1].integrationSettings = ["rate-limit": "fast"] }
                == "integration \"AT\": rate-limit: \"fast\" is not valid; expected N/SECONDS, at most N requests in "
                + "any SECONDS seconds, both whole numbers of at least 1 (e.g. 300/300)")
        #expect(
            try problems { $0.integrations[0].integrationSettings = ["broken-mapping": "later"] }.contains(
                "broken-mapping: \"later\" is not valid; expected one of msp, hold, skip, send"))
        #expect(
            try problems { $0.integrations[1].mappings[0].appliedBy = "robot" }.contains(
                "has an unknown appliedBy \"robot\""))
        #expect(
            try problems { $0.integrations[0].integrationSettings = ["storms": "1"] }.contains(
                "integration \"Halo\": unknown integration setting \"storms\""))
        #expect(
            try problems { $0.integrations[0].settings["rate-limit"] = "1/1" }.contains(
                "rate-limit is an integration setting, not a ticket setting"))
        #expect(
            try problems { $0.integrations[0].queues[0].settings["rate-limit"] = "1/1" }.contains(
                "queue \"Alerts\": rate-limit is a setting of the integration, not of a ticket queue"))
        #expect(try problems { $0.integrations[0].integrationSettings = ["rate-limit": "10/60"] } == "")
        #expect(try problems { $0.accounts = [] }.contains("mapping to unknown account \"a1\""))
        #expect(
            try problems { $0.integrations[0].credentials["clientSecret"] = nil }.contains(
                "integration \"Halo\": the document has no clientSecret"))
        #expect(try problems { $0.integrations[0].credentials["url"] = nil }.contains("credentials are incomplete"))
        #expect(try problems { $0.version = 2 } == ConfigurationError.newerVersion(2).description)
    }

    @Test func readingRefusesWhatIsNotACurrentDocument() throws {
        func error(_ text: String) -> ConfigurationError? {
            do {
                _ = try ConfigurationDocument.decode(Data(text.utf8))
                return nil
            } catch {
                return error
            }
        }
        #expect(error("not json {") == .notJSON)
        #expect(error(#"{"accounts": []}"#) == .notConfigurationDocument)
        #expect(error(#"[1, 2]"#) == .notConfigurationDocument)
        #expect(error(#"{"format": "psalink-configuration", "version": 7, "whatever": 1}"#) == .newerVersion(7))
        #expect(
            error(#"{"format": "psalink-configuration", "version": 7}"#)?.description
                == "written by a newer psalink (version 7); this one reads version 1")
        #expect(
            error(
                #"{"format": "psalink-configuration", "version": 1, "exportedAt": "2026-11-29T10:00:00Z", "integrations": [{"name": "X"}]}"#
            )
                == .malformed(path: "integrations[0].system", reason: "is missing"))
        #expect(
            error(#"{"format": "psalink-configuration", "version": 1, "exportedAt": "2026-11-29T10:00:00Z"}"#) == nil)
    }

    @Test func importingUpdatesByNameAndLeavesOthersAlone() throws {
        try withStores { source, target in
            // The target has its own integration, not in the document, whose queue name clashes.
            let own = try target.insert(
                NewIntegration(system: .autotask, displayName: "Elsewhere"),
                credentials: ["username": "u", "secret": "s", "integrationCode": "c"])
            try target.addQueue(named: "alerts", integration: own.id, settings: [:])
            let document = try roundTripped(try source.exportConfiguration(includeSecrets: true))
            #expect {
                try target.importConfiguration(document, source: nil)
            } throws: { error in
                (error as? ConfigurationError)?.description.contains("already exists in \"Elsewhere\"") == true
            }
            try target.removeQueue(named: "alerts")
            try target.importConfiguration(document, source: nil)
            #expect(try target.integrations().map(\.displayName) == ["CW Main", "Autotask", "Elsewhere", "Halo"])
            // Importing again changes nothing in the document's view.
            try target.importConfiguration(document, source: nil)
            let again = try target.exportConfiguration(includeSecrets: true, at: Self.moment)
            #expect(again.integrations.filter { $0.name != "Elsewhere" } == document.integrations)
        }
    }
}

extension ConfigurationTransferTests {
    @Test func aBadTimeIsNamedByItsKey() throws {
        #expect {
            try ConfigurationDocument.decode(
                Data(#"{"format": "psalink-configuration", "version": 1, "exportedAt": "yesterday"}"#.utf8))
        } throws: { error in
            (error as? ConfigurationError)?.description.hasPrefix("exportedAt: must be a date and time in ISO 8601")
                == true
        }
    }
}

extension ConfigurationTransferTests {
    @Test func aDocumentWithoutIntegrationSettingsKeepsTheStoredOnes() throws {
        try withStores { source, _ in
            let halo = try #require(try source.integration(named: "Halo"))
            // As an older psalink wrote it: no integrationSettings at all.
            let exported = try source.exportConfiguration(includeSecrets: true).encoded()
            var object = try #require(try JSONSerialization.jsonObject(with: exported) as? [String: Any])
            object["integrations"] = (object["integrations"] as? [[String: Any]])?.map {
                $0.filter { $0.key != "integrationSettings" }
            }
            let text = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
            #expect(!text.contains("integrationSettings"))
            let old = try ConfigurationDocument.decode(Data(text.utf8))
            #expect(old.integrations.allSatisfy { $0.integrationSettings == nil })
            try source.importConfiguration(old, source: nil)
            #expect(try source.integrationSettings(forIntegration: halo.id) == ["rate-limit": "100/300"])

            // A document that has them, empty, resets them.
            var document = try source.exportConfiguration(includeSecrets: true)
            let index = try #require(document.integrations.firstIndex { $0.name == "Halo" })
            document.integrations[index].integrationSettings = [:]
            try source.importConfiguration(document, source: nil)
            #expect(try source.integrationSettings(forIntegration: halo.id) == [:])
            // And one that sets a value stores it normalized.
            document.integrations[index].integrationSettings = ["rate-limit": " 050/60"]
            let summary = try source.importConfiguration(document, source: nil)
            #expect(try source.integrationSettings(forIntegration: halo.id) == ["rate-limit": "50/60"])
            #expect(summary.settings == 3 + 2 + 1)
        }
    }
}
