import Foundation
import GRDB
import Testing

@testable import PSACore

@Suite struct TicketingSettingsStoreTests {
    private func withIntegration<T>(_ body: (Store, Int64) throws -> T) throws -> T {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/psalink.sqlite")
            let id = try store.insert(NewIntegration(system: .connectwise, displayName: "CW"), credentials: [:]).id
            return try body(store, id)
        }
    }

    @Test func savedSettingsReadBackAndReplaceThePreviousOnes() throws {
        try withIntegration { store, id in
            #expect(try store.ticketSettings(forIntegration: id) == [:])
            try store.saveTicketSettings(["board": "1", "open-status": "16"], forIntegration: id)
            #expect(try store.ticketSettings(forIntegration: id) == ["board": "1", "open-status": "16"])

            try store.saveTicketSettings(["board": "2"], forIntegration: id)
            #expect(try store.ticketSettings(forIntegration: id) == ["board": "2"])
        }
    }

    @Test func queueOverridesAreLeftAlone() throws {
        try withIntegration { store, id in
            try store.database.write { db in
                try db.execute(
                    sql:
                        "INSERT INTO ticket_queue (integration_id, name, name_key, created_at) VALUES (?, 'Q', 'q', ?)",
                    arguments: [id, Date()])
                try db.execute(
                    sql:
                        "INSERT INTO ticket_settings (integration_id, queue_id, key, value, updated_at) VALUES (?, ?, 'board', '7', ?)",
                    arguments: [id, db.lastInsertedRowID, Date()])
            }
            try store.saveTicketSettings(["board": "1"], forIntegration: id)
            #expect(try store.ticketSettings(forIntegration: id) == ["board": "1"])
            let queueRows = try store.database.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket_settings WHERE queue_id IS NOT NULL")
            }
            #expect(queueRows == 1)
        }
    }

    @Test func unknownIntegrationIsNamed() throws {
        try withIntegration { store, _ in
            #expect(throws: StoreError.integrationNotFound(id: 99)) {
                try store.saveTicketSettings([:], forIntegration: 99)
            }
            #expect(throws: StoreError.integrationNotFound(id: 99)) { try store.ticketSettings(forIntegration: 99) }
        }
    }
}
