import Foundation
import GRDB
import Testing

@testable import PSACore

/// The event table's retry rounds (migration v5) as the store keeps them.
@Suite struct RetryRoundsStoreTests {
    @Test func aDatabaseOfTheEarlierSchemaKeepsItsEventsWithNoRoundsUsed() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/psalink.sqlite"
            // A file as the release before this migration left it, with a failed event in it.
            let queue = try DatabaseQueue(path: path)
            try Migrations.migrator.migrate(queue, upTo: "v4")
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO event (id, body, received_at, state, integration_id, dedupe_key, last_error,
                            attempts, updated_at)
                        VALUES ('old-1', ?, ?, 'failed', 1, 'k1', 'may be temporary: the PSA answered 503', 8, ?)
                        """,
                    arguments: [Self.body("old-1"), Date(), Date()])
            }
            try queue.close()

            let store = try Store.open(at: path)
            let event = try #require(try store.events(seqs: [1]).first)
            #expect(event.state == .failed && event.attempts == 8)
            #expect(!event.exhausted && !event.retryable && event.rounds == 0 && !event.failedForGood)
            #expect(try store.retryableFailures().isEmpty)
            // The admin's retry still works on it.
            try store.retryEvent(1)
            #expect(try store.events(seqs: [1]).first?.state == .pending)
        }
    }

    @Test func onlyAFailedEventCanBeExhaustedAndOnlyAnExhaustedOneRetryable() throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/psalink.sqlite")
            try store.database.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO event (id, body, received_at, state, dedupe_key, updated_at)
                        VALUES ('e1', ?, ?, 'pending', 'k1', ?)
                        """,
                    arguments: [Self.body("e1"), Date(), Date()])
            }
            for change in ["exhausted = 1", "retryable = 1", "state = 'failed', retryable = 1", "rounds = -1"] {
                #expect(throws: DatabaseError.self, "\(change)") {
                    try store.database.write { db in try db.execute(sql: "UPDATE event SET \(change) WHERE id = 'e1'") }
                }
            }
            try store.database.write { db in
                try db.execute(sql: "UPDATE event SET state = 'failed', exhausted = 1, retryable = 1 WHERE id = 'e1'")
            }
            #expect(try store.events(seqs: [1]).first?.retryable == true)
        }
    }

    static func body(_ id: String) -> String {
        """
        {"id":"\(id)","account":"a1","condition":{"id":"c1","type":"task","name":"Scaling"},"state":"firing",\
        "target":"hostpool/hp-1","title":"Scaling","details":""}
        """
    }
}
