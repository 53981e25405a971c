import Foundation
import Testing

@testable import PSACore

@Suite struct AuditLogTests {
    let secret = "s3cr3t-value-never-shown"

    func withStore(_ body: (Store, Int64) throws -> Void) throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/db.sqlite")
            let id = try store.insert(
                NewIntegration(system: .halo, displayName: "Halo"),
                credentials: ["url": "https://x.halopsa.com", "clientId": "app", "clientSecret": secret]
            ).id
            try body(store, id)
        }
    }

    func everyValue(_ entries: [AuditEntry]) -> String {
        entries.map { [$0.action, $0.target ?? "", $0.oldValue ?? "", $0.newValue ?? ""].joined(separator: "|") }
            .joined(separator: "\n")
    }

    @Test func changesAreLoggedWithWhoWhatAndValuesAndSecretsMasked() throws {
        try withStore { store, id in
            try store.updateIntegration(
                id: id, displayName: "Halo EU",
                credentials: ["url": "https://x.halopsa.com", "clientId": "app", "clientSecret": secret + "2"],
                health: .unchecked)
            try store.replaceCompanies([PSACompany(id: "12", name: "Contoso")], forIntegration: id)
            try store.importAccounts([NerdioAccount(id: "acc-1", name: "Contoso", tenantID: UUID().uuidString)])
            try store.setMapping(integration: id, account: "acc-1", company: "12")
            try store.skip(account: "acc-1", integration: id)
            try store.saveTicketSettings(["open-status": "1", "ticket-type": "2"], forIntegration: id)
            try store.saveTicketSettings(["open-status": "1", "ticket-type": "3"], forIntegration: id)
            try store.saveTicketSettings(["open-status": "1", "ticket-type": "3"], forIntegration: id)  // no change
            try store.setPaused(true, integration: id)

            let entries = try store.auditLog()
            #expect(
                entries.map(\.action).reversed() == [
                    "integration.add", "integration.update", "accounts.import", "mapping.set", "mapping.skip",
                    "settings.save", "settings.save", "integration.pause",
                ])
            #expect(!everyValue(entries).contains(secret))
            #expect(entries.allSatisfy { !$0.actor.isEmpty })
            let update = try #require(entries.first { $0.action == "integration.update" })
            #expect(
                update.oldValue?.contains("name=Halo ") == true && update.newValue?.contains("name=Halo EU") == true)
            #expect(update.newValue?.contains("clientSecret=<secret, changed>") == true)
            let mapping = try #require(entries.first { $0.action == "mapping.set" })
            #expect(mapping.target == "Halo EU / acc-1")
            #expect(mapping.oldValue == "enabled, company=none" && mapping.newValue == "enabled, company=12 (manual)")
            let settings = try #require(entries.first { $0.action == "settings.save" })
            #expect(settings.oldValue == "ticket-type=2" && settings.newValue == "ticket-type=3")
        }
    }

    @Test func aFailedChangeLeavesNoEntry() throws {
        try withStore { store, id in
            let before = try store.auditLog().count
            #expect(throws: StoreError.self) { try store.setMapping(integration: id, account: "nobody", company: "1") }
            #expect(throws: StoreError.self) {
                try store.insert(NewIntegration(system: .halo, displayName: "HALO"), credentials: [:])
            }
            #expect(try store.auditLog().count == before)
        }
    }

    @Test func removingTheDefaultHandsItToTheChosenIntegration() throws {
        try withStore { store, first in
            let second = try store.insert(NewIntegration(system: .autotask, displayName: "AT"), credentials: [:]).id
            let third = try store.insert(NewIntegration(system: .connectwise, displayName: "CW"), credentials: [:]).id
            #expect(throws: StoreError.integrationNotFound(id: first)) {
                try store.removeIntegration(id: first, newDefault: first)
            }
            try store.removeIntegration(id: first, newDefault: third)
            #expect(try store.integrations().filter(\.isDefault).map(\.id) == [third])
            #expect(try store.auditLog().first?.newValue == "default=CW")
            try store.removeIntegration(id: third)
            #expect(try store.integrations().filter(\.isDefault).map(\.id) == [second])
        }
    }

    @Test func aQueueIsUpdatedInOneStepAndKeepsItsNameUnique() throws {
        try withStore { store, id in
            try store.addQueue(named: "Alerts", integration: id, settings: ["ticket-type": "1"])
            try store.addQueue(named: "Backups", integration: id, settings: [:])
            #expect(throws: StoreError.duplicateQueueName("backups", integration: "Halo")) {
                try store.updateQueue(named: "Alerts", newName: "backups", settings: [:])
            }
            let updated = try store.updateQueue(named: "alerts", newName: "Alerts EU", settings: ["ticket-type": "2"])
            #expect(updated.name == "Alerts EU" && updated.settings == ["ticket-type": "2"])
            #expect(try store.queue(named: "Alerts") == nil)
            #expect(try store.queue(named: "alerts eu")?.settings == ["ticket-type": "2"])
            #expect(try store.auditLog().first?.action == "queue.update")
        }
    }
}
