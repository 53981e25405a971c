import Foundation
import GRDB
import Testing

@testable import PSACore

@Suite struct AccountStoreTests {
    let tenant = "1e3500cc-d08f-42c8-8678-ce352b7de55e"

    func account(_ id: String, _ name: String) -> NerdioAccount {
        NerdioAccount(id: id, name: name, tenantID: tenant)
    }

    @Test func reimportUpdatesNamesFlagsMissingAndKeepsMappings() throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/db.sqlite")
            let first = try store.importAccounts([
                account("1", "Contoso"), account("2", "Fabrikam"), account("3", "Litware"),
            ])
            #expect(first == AccountImportSummary(added: 3))

            let integration = try store.insert(NewIntegration(system: .halo, displayName: "Halo"), credentials: [:])
            let queue = try DatabaseQueue(path: folder + "/db.sqlite")
            try queue.write { db in
                try db.execute(
                    sql:
                        "INSERT INTO mapping (integration_id, account_id, company_id, enabled, method, confidence, updated_at) VALUES (?, '2', '77', 1, 'manual', NULL, ?)",
                    arguments: [integration.id, Date()])
            }

            let second = try store.importAccounts([account("1", "Contoso Ltd"), account("3", "Litware")])
            #expect(second == AccountImportSummary(updated: 1, unchanged: 1, markedMissing: 1))
            let stored = try store.accounts()
            #expect(stored.map(\.name) == ["Contoso Ltd", "Fabrikam", "Litware"])
            #expect(stored.first { $0.id == "2" }?.missingSince != nil)
            let mappings = try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM mapping") }
            #expect(mappings == 1)

            let third = try store.importAccounts([
                account("1", "Contoso Ltd"), account("2", "Fabrikam"), account("3", "Litware"),
            ])
            #expect(third == AccountImportSummary(unchanged: 2, returned: 1))
            #expect(try store.accounts().allSatisfy { $0.missingSince == nil })
        }
    }
}
