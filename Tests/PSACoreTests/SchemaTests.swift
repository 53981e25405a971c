import Foundation
import GRDB
import Testing

@testable import PSACore

/// Constraints of the tables that have no repository yet.
@Suite struct SchemaTests {
    @discardableResult
    private func withStore<T>(_ body: (Store) throws -> T) throws -> T {
        try withTemporaryFolder { folder in try body(try Store.open(at: folder + "/psalink.sqlite")) }
    }

    private func addIntegration(_ name: String, to store: Store) throws -> Int64 {
        try store.insert(NewIntegration(system: .halo, displayName: name), credentials: [:]).id
    }

    private func addQueue(_ name: String, integration: Int64, in db: Database) throws -> Int64 {
        try db.execute(
            sql: "INSERT INTO ticket_queue (integration_id, name, name_key, created_at) VALUES (?, ?, ?, ?)",
            arguments: [integration, name, nameKey(name), Date()])
        return db.lastInsertedRowID
    }

    private func count(_ table: String, in store: Store) throws -> Int {
        try store.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }

    @Test func removingAnIntegrationRemovesEverythingThatBelongsToIt() throws {
        try withStore { store in
            let id = try addIntegration("Halo", to: store)
            try store.database.write { db in
                let now = Date()
                try db.execute(
                    sql: """
                        INSERT INTO account (id, name) VALUES ('acc-1', 'Contoso');
                        INSERT INTO psa_company (integration_id, company_id, name, fetched_at) VALUES (?, '12', 'Contoso', ?);
                        INSERT INTO mapping (integration_id, account_id, company_id, method, updated_at)
                            VALUES (?, 'acc-1', '12', 'manual', ?);
                        INSERT INTO msp_customer (integration_id, company_id) VALUES (?, '1');
                        INSERT INTO ticket_settings (integration_id, key, value, updated_at) VALUES (?, 'open-status', '1', ?);
                        """,
                    arguments: [id, now, id, now, id, id, now])
                let queue = try addQueue("Service Desk", integration: id, in: db)
                try db.execute(
                    sql:
                        "INSERT INTO ticket_settings (integration_id, queue_id, key, value, updated_at) VALUES (?, ?, 'board', '4', ?)",
                    arguments: [id, queue, now])
            }

            try store.removeIntegration(id: id)

            for table in ["psa_company", "mapping", "msp_customer", "ticket_queue", "ticket_settings"] {
                #expect(try count(table, in: store) == 0, "\(table)")
            }
            #expect(try count("account", in: store) == 1)
        }
    }

    @Test func aQueueOverridesAKeyOnceAndOnlyOnItsOwnIntegration() throws {
        try withStore { store in
            let halo = try addIntegration("Halo", to: store)
            let other = try addIntegration("Other", to: store)
            try store.database.write { db in
                let queue = try addQueue("Service Desk", integration: halo, in: db)
                let insert =
                    "INSERT INTO ticket_settings (integration_id, queue_id, key, value, updated_at) VALUES (?, ?, ?, ?, ?)"
                let now = Date()
                try db.execute(sql: insert, arguments: [halo, nil, "ticket-type", "1", now])
                try db.execute(sql: insert, arguments: [halo, queue, "ticket-type", "2", now])

                #expect(throws: DatabaseError.self) {
                    try db.execute(sql: insert, arguments: [halo, nil, "ticket-type", "3", now])
                }
                #expect(throws: DatabaseError.self) {
                    try db.execute(sql: insert, arguments: [halo, queue, "ticket-type", "3", now])
                }
                #expect(throws: DatabaseError.self) {
                    try db.execute(sql: insert, arguments: [other, queue, "board", "3", now])
                }
            }
        }
    }

    @Test func queueNamesAreUniqueAcrossIntegrations() throws {
        try withStore { store in
            let halo = try addIntegration("Halo", to: store)
            let other = try addIntegration("Other", to: store)
            try store.database.write { db in
                _ = try addQueue("Service Desk", integration: halo, in: db)

                #expect(throws: DatabaseError.self) { try addQueue("SERVICE DESK", integration: other, in: db) }
            }
        }
    }

    @Test func theDatabaseItselfAllowsOnlyOneDefault() throws {
        try withStore { store in
            _ = try addIntegration("Halo", to: store)
            _ = try addIntegration("Other", to: store)

            #expect(throws: DatabaseError.self) {
                try store.database.write { db in try db.execute(sql: "UPDATE integration SET is_default = 1") }
            }
        }
    }
}
