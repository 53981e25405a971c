import Foundation
import Testing

@testable import PSACore

@Suite struct PauseTests {
    @Test func aPausedIntegrationsEventsWaitAndFlowWhenResumed() throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/db.sqlite")
            let id = try store.insert(NewIntegration(system: .connectwise, displayName: "CW"), credentials: [:]).id
            try store.replaceCompanies([PSACompany(id: "250", name: "Contoso")], forIntegration: id)
            try store.importAccounts([NerdioAccount(id: "acc-1", name: "Contoso", tenantID: UUID().uuidString)])
            try store.setMapping(integration: id, account: "acc-1", company: "250")
            try store.setPaused(true, integration: id)
            #expect(try store.integration(id: id)?.isPaused == true)

            let event = NotificationEvent(
                id: "e1", accountID: "acc-1", condition: .init(id: "c", type: .task), severity: nil, state: .firing,
                target: "t", title: "Title")
            let accepted = try EventIntake(store: store).accept([event])
            #expect(accepted == [.accepted(.stored(seq: 1, state: .pending))])
            // Stored, but neither due nor counted while paused.
            #expect(try store.claimDueEvents(owner: "w", now: Date(), leaseFor: 60, limit: 10).isEmpty)
            #expect(try store.pendingEvents().count == 0)

            try store.setPaused(false, integration: id)
            #expect(try store.pendingEvents().count == 1)
            #expect(try store.claimDueEvents(owner: "w", now: Date(), leaseFor: 60, limit: 10).map(\.seq) == [1])
            #expect(try store.auditLog().prefix(2).map(\.action) == ["integration.resume", "integration.pause"])
        }
    }
}
