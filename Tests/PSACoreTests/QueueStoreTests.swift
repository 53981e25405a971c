import Foundation
import Testing

@testable import PSACore

@Suite struct QueueStoreTests {
    func withStore(_ body: (Store, Int64, Int64) throws -> Void) throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/db.sqlite")
            let halo = try store.insert(NewIntegration(system: .halo, displayName: "Halo"), credentials: [:]).id
            let autotask = try store.insert(
                NewIntegration(system: .autotask, displayName: "Autotask"), credentials: [:]
            ).id
            try body(store, halo, autotask)
        }
    }

    @Test func aQueueKeepsItsOwnSettingsApartFromTheIntegrations() throws {
        try withStore { store, halo, _ in
            try store.saveTicketSettings(["open-status": "1"], forIntegration: halo)
            try store.addQueue(
                named: "  Service Desk ", integration: halo, settings: ["open-status": "2", "ticket-type": "5"])
            let queue = try #require(try store.queue(named: "service desk"))
            #expect(queue.name == "Service Desk" && queue.integrationID == halo)
            #expect(queue.settings == ["open-status": "2", "ticket-type": "5"])
            #expect(try store.ticketSettings(forIntegration: halo) == ["open-status": "1"])
            // Saving the integration's own settings leaves the queue's alone.
            try store.saveTicketSettings([:], forIntegration: halo)
            #expect(try store.queue(named: "Service Desk")?.settings.count == 2)
        }
    }

    @Test func namesAreUniqueAcrossIntegrationsRegardlessOfCase() throws {
        try withStore { store, halo, autotask in
            try store.addQueue(named: "Alerts", integration: halo, settings: [:])
            #expect(throws: StoreError.duplicateQueueName("ALERTS", integration: "Halo")) {
                try store.addQueue(named: "ALERTS", integration: autotask, settings: [:])
            }
            #expect(throws: StoreError.emptyName) { try store.addQueue(named: "  ", integration: halo, settings: [:]) }
            #expect(try store.queues().map(\.name) == ["Alerts"])
        }
    }

    @Test func removingAQueueOrItsIntegrationRemovesItsSettings() throws {
        try withStore { store, halo, autotask in
            try store.addQueue(named: "A", integration: halo, settings: ["open-status": "2"])
            try store.addQueue(named: "B", integration: autotask, settings: ["queue": "7"])
            try store.removeQueue(named: "a")
            #expect(throws: StoreError.queueNotFound("a")) { try store.removeQueue(named: "a") }
            try store.removeIntegration(id: autotask)
            #expect(try store.queues().isEmpty)
            let leftover = try store.database.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket_settings WHERE queue_id IS NOT NULL")
            }
            #expect(leftover == 0)
        }
    }
}
