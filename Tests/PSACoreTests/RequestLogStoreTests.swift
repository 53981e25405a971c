import Foundation
import GRDB
import Testing

@testable import PSACore

/// The request log (migration v12): what is saved, how a ticket reads it, and its bounds.
@Suite struct RequestLogStoreTests {
    @Test func aTicketsRequestsReadBackNewestFirstWithEveryField() throws {
        try withLogStore { store in
            let seq = try Self.event(store, "e1")
            let ticket = try Self.ticket(store, key: "k1", events: [seq])
            let started = Date(timeIntervalSince1970: 1_800_000_000.25)
            let records = [
                Self.record(path: "/auth/token", status: 200, at: started, milliseconds: 12),
                Self.record(
                    path: "/api/Tickets", status: 503, failure: "Service Unavailable", at: started + 1,
                    milliseconds: 840),
                Self.record(
                    path: "/api/Tickets", status: nil, failure: "timed out", at: started + 2, milliseconds: 30_000),
            ]
            try store.saveRequests(records, ofEvent: seq, ticketRow: ticket, integrationID: 7)
            let log = try store.requestLog(ofTicket: ticket)
            #expect(log.map(\.request) == records.reversed())
            #expect(log.allSatisfy { $0.eventSeq == seq && $0.ticketRow == ticket && $0.integrationID == 7 })
            #expect(log.map(\.id) == log.map(\.id).sorted(by: >))
            #expect(try store.requestLog(ofEvent: seq).map(\.request) == records.reversed())
            #expect(try store.requestLog(ofTicket: ticket + 1).isEmpty)
        }
    }

    @Test func nothingIsWrittenForAnAttemptWithoutRequests() throws {
        try withLogStore { store in
            let seq = try Self.event(store, "e1")
            try store.saveRequests([], ofEvent: seq, ticketRow: nil, integrationID: nil)
            #expect(try Self.count(store) == 0)
        }
    }

    @Test func rowsSavedBeforeTheTicketWasKnownAreLinkedToIt() throws {
        try withLogStore { store in
            let seq = try Self.event(store, "e1")
            // The first attempt failed before psalink recorded a ticket.
            try store.saveRequests(
                [Self.record(path: "/first", status: 500)], ofEvent: seq, ticketRow: nil, integrationID: 1)
            #expect(try store.requestLog(ofEvent: seq).map(\.ticketRow) == [nil])
            let ticket = try Self.ticket(store, key: "k1", events: [])
            try store.saveRequests(
                [Self.record(path: "/retry", status: 201)], ofEvent: seq, ticketRow: ticket, integrationID: 1)
            let log = try store.requestLog(ofTicket: ticket)
            #expect(log.map(\.request.path) == ["/retry", "/first"])
            #expect(log.allSatisfy { $0.ticketRow == ticket })
        }
    }

    @Test func theEventsTicketIsUsedWhenTheAttemptNamesNone() throws {
        try withLogStore { store in
            let seq = try Self.event(store, "e1")
            let ticket = try Self.ticket(store, key: "k1", events: [seq])
            try store.saveRequests(
                [Self.record(path: "/note", status: 200)], ofEvent: seq, ticketRow: nil, integrationID: 1)
            #expect(try store.requestLog(ofTicket: ticket).map(\.ticketRow) == [ticket])
        }
    }

    @Test func aTicketShowsTheUnlinkedRowsOfItsEvents() throws {
        try withLogStore { store in
            let seq = try Self.event(store, "e1")
            try store.saveRequests(
                [Self.record(path: "/early", status: 429)], ofEvent: seq, ticketRow: nil, integrationID: 1)
            // The event is attached to a ticket by something other than a delivery (a storm's parent).
            let ticket = try Self.ticket(store, key: "k1", events: [seq])
            let other = try Self.event(store, "e2")
            try store.saveRequests(
                [Self.record(path: "/other", status: 200)], ofEvent: other, ticketRow: nil, integrationID: 1)
            #expect(try store.requestLog(ofTicket: ticket).map(\.request.path) == ["/early"])
        }
    }

    @Test func eachTicketKeepsItsNewestRowsUpToItsBound() throws {
        try withLogStore { store in
            let bounds = Store.RequestLogBounds(perTicket: 25, total: 10_000)
            let seqs = try (0..<7).map { try Self.event(store, "e\($0)") }
            let ticket = try Self.ticket(store, key: "k1", events: seqs)
            let neighbour = try Self.ticket(store, key: "k2", events: [])
            let neighbourEvent = try Self.event(store, "n1")
            try store.saveRequests(
                (0..<5).map { Self.record(path: "/n/\($0)", status: 200) }, ofEvent: neighbourEvent,
                ticketRow: neighbour, integrationID: 1, bounds: bounds)
            var saved: [String] = []
            for (attempt, seq) in seqs.enumerated() {
                let paths = (0..<10).map { "/t/\(attempt)/\($0)" }
                saved += paths
                try store.saveRequests(
                    paths.map { Self.record(path: $0, status: 200) }, ofEvent: seq, ticketRow: ticket, integrationID: 1,
                    bounds: bounds)
            }
            let log = try store.requestLog(ofTicket: ticket, limit: 1_000)
            #expect(log.map(\.request.path) == Array(saved.suffix(25).reversed()))
            #expect(try store.requestLog(ofTicket: neighbour, limit: 1_000).count == 5)
            #expect(try Self.count(store) == 30)
        }
    }

    @Test func anEventWithoutTicketKeepsItsNewestRowsUpToTheBound() throws {
        try withLogStore { store in
            let bounds = Store.RequestLogBounds(perTicket: 4, total: 10_000)
            let seq = try Self.event(store, "e1")
            let other = try Self.event(store, "e2")
            try store.saveRequests(
                [Self.record(path: "/other", status: 500)], ofEvent: other, ticketRow: nil, integrationID: 1,
                bounds: bounds)
            for attempt in 0..<3 {
                try store.saveRequests(
                    (0..<3).map { Self.record(path: "/\(attempt)/\($0)", status: 500) }, ofEvent: seq, ticketRow: nil,
                    integrationID: 1, bounds: bounds)
            }
            #expect(try store.requestLog(ofEvent: seq).map(\.request.path) == ["/2/2", "/2/1", "/2/0", "/1/2"])
            #expect(try store.requestLog(ofEvent: other).count == 1)
        }
    }

    @Test func theWholeLogKeepsItsNewestRowsUpToTheTotal() throws {
        try withLogStore { store in
            let bounds = Store.RequestLogBounds(perTicket: 50, total: 30)
            var tickets: [Int64] = []
            for index in 0..<8 {
                let seq = try Self.event(store, "e\(index)")
                let ticket = try Self.ticket(store, key: "k\(index)", events: [seq])
                tickets.append(ticket)
                try store.saveRequests(
                    (0..<6).map { Self.record(path: "/\(index)/\($0)", status: 200) }, ofEvent: seq, ticketRow: ticket,
                    integrationID: 1, bounds: bounds)
                #expect(try Self.count(store) <= 30)
            }
            #expect(try Self.count(store) == 30)
            // The oldest tickets lost their rows first; the newest ticket kept all of its own.
            #expect(try store.requestLog(ofTicket: tickets[0]).isEmpty)
            #expect(try store.requestLog(ofTicket: tickets[7]).count == 6)
            let kept = try store.database.read { db in
                try String.fetchAll(db, sql: "SELECT path FROM request_log ORDER BY id")
            }
            #expect(kept == (0..<8).flatMap { index in (0..<6).map { "/\(index)/\($0)" } }.suffix(30))
        }
    }

    /// The pruning that runs with every save reads indexes, never the whole table: its cost stays
    /// the same however large the log has grown.
    @Test func pruningAndReadingUseIndexes() throws {
        try withLogStore { store in
            let statements = [
                "SELECT id FROM request_log WHERE ticket_row = 1 ORDER BY id DESC LIMIT 1 OFFSET 49",
                "DELETE FROM request_log WHERE ticket_row = 1 AND id < 5",
                "SELECT id FROM request_log WHERE event_seq = 1 AND ticket_row IS NULL ORDER BY id DESC LIMIT 1 OFFSET 49",
                "DELETE FROM request_log WHERE event_seq = 1 AND ticket_row IS NULL AND id < 5",
                "UPDATE request_log SET ticket_row = 2 WHERE event_seq = 1 AND ticket_row IS NULL",
                "DELETE FROM request_log WHERE id <= (SELECT max(id) FROM request_log) - 20000",
                "SELECT * FROM request_log WHERE event_seq = 1 ORDER BY id DESC LIMIT 50",
            ]
            for sql in statements {
                let plan = try store.database.read { db in
                    try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }
                }
                #expect(
                    !plan.contains { $0.hasPrefix("SCAN request_log") || $0.hasPrefix("SCAN TABLE request_log") },
                    "\(sql): \(plan)")
            }
        }
    }

    // MARK: Support

    private func withLogStore(_ body: (Store) throws -> Void) throws {
        try withTemporaryFolder { folder in try body(try Store.open(at: folder + "/psalink.sqlite")) }
    }

    static func record(
        path: String, status: Int?, failure: String? = nil, at: Date = Date(timeIntervalSince1970: 1_800_000_000),
        milliseconds: Int64 = 5
    ) -> PSARequestRecord {
        PSARequestRecord(
            method: "POST", path: path, host: "127.0.0.1:8080", status: status, failure: failure, startedAt: at,
            duration: .milliseconds(milliseconds))
    }

    static func event(_ store: Store, _ id: String) throws -> Int64 {
        try store.database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO event (id, body, received_at, state, dedupe_key, updated_at)
                    VALUES (?, '{}', ?, 'delivered', 'k', ?)
                    """,
                arguments: [id, Date(), Date()])
            return db.lastInsertedRowID
        }
    }

    /// A ticket row, with `events` attached to it.
    static func ticket(_ store: Store, key: String, events: [Int64]) throws -> Int64 {
        try store.database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO ticket (integration_id, dedupe_key, external_reference, company_id, title, state,
                        created_at, updated_at)
                    VALUES (1, ?, ?, 'c1', 'Title', 'open', ?, ?)
                    """,
                arguments: [key, "ref-\(key)", Date(), Date()])
            let row = db.lastInsertedRowID
            for seq in events {
                try db.execute(sql: "UPDATE event SET ticket_row = ? WHERE seq = ?", arguments: [row, seq])
            }
            return row
        }
    }

    static func count(_ store: Store) throws -> Int {
        try store.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM request_log") ?? 0 }
    }
}
