import Foundation
import GRDB
import Testing

@testable import PSACore

@Suite struct AcknowledgementStoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func withTicket(
        state: TrackedTicket.State = .open, gone: TrackedTicket.Gone? = nil,
        _ body: (Store, TrackedTicket) throws -> Void
    ) throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/db.sqlite")
            let halo = try store.insert(NewIntegration(system: .halo, displayName: "Halo"), credentials: [:]).id
            var ticket = try store.beginCreate(
                TrackedTicket(
                    row: 0, integrationID: halo, dedupeKey: "k1", externalReference: "psalink:k1", queueName: nil,
                    accountID: "acc-1", companyID: "12", ticketID: nil, ticketNumber: nil, title: "Disk full",
                    isTest: false, state: .creating, severity: .medium, closedAt: nil, checkedAt: nil,
                    createdByEvent: nil, lastError: nil, createdAt: now, updatedAt: now), at: now)
            ticket.ticketID = "9001"
            ticket.ticketNumber = "123"
            ticket.state = state
            ticket.gone = gone
            try store.saveTicket(ticket, at: now)
            try body(store, try #require(try store.trackedTicket(row: ticket.row)))
        }
    }

    @Test func anOpenTicketIsAcknowledgedAndAudited() throws {
        try withTicket { store, ticket in
            #expect(ticket.acknowledgement == nil)
            let until = now.addingTimeInterval(4 * 3600)
            try store.acknowledge(ticketRow: ticket.row, until: until, reason: " vendor fix due ", by: "ann", at: now)
            let ack = try #require(try store.trackedTicket(row: ticket.row)?.acknowledgement)
            #expect(ack == TicketAcknowledgement(until: until, reason: "vendor fix due", by: "ann", at: now))
            #expect(ack.isActive(at: now) && !ack.isActive(at: until))
            #expect(try store.trackedTickets().first?.acknowledgement == ack)
            #expect(try store.latestTicket(forKey: "k1").latest?.acknowledgement == ack)

            let entry = try #require(try store.auditLog().first)
            #expect(entry.action == "ticket.ack")
            #expect(entry.target == "Halo / #123")
            #expect(entry.actor == Store.actor)
            #expect(entry.oldValue == nil)
            #expect(entry.newValue?.contains("by=ann") == true)
            #expect(entry.newValue?.contains("vendor fix due") == true)
            #expect(entry.newValue?.contains(until.formatted(.iso8601)) == true)
        }
    }

    @Test func savingTheTicketForADeliveryKeepsTheAcknowledgement() throws {
        try withTicket { store, ticket in
            // The worker read the ticket before the admin acknowledged it, and saves it after.
            try store.acknowledge(
                ticketRow: ticket.row, until: now.addingTimeInterval(600), reason: "on it", by: "ann", at: now)
            var stale = ticket
            stale.severity = .high
            try store.saveTicket(stale, at: now)
            let saved = try #require(try store.trackedTicket(row: ticket.row))
            #expect(saved.severity == .high)
            #expect(saved.acknowledgement?.reason == "on it")
        }
    }

    @Test(arguments: [
        (TrackedTicket.State.closed, TrackedTicket.Gone?.none, AcknowledgementRefusal.closed),
        (.failed, nil, .failed), (.creating, nil, .creating), (.open, .deleted, .gone),
    ])
    func onlyAnOpenTicketCanBeAcknowledged(
        state: TrackedTicket.State, gone: TrackedTicket.Gone?, refusal: AcknowledgementRefusal
    ) throws {
        try withTicket(state: state, gone: gone) { store, ticket in
            let error = StoreError.cannotAcknowledge(ticket: "#123", refusal: refusal)
            #expect(throws: error) {
                try store.acknowledge(
                    ticketRow: ticket.row, until: now.addingTimeInterval(60), reason: "x", by: "ann", at: now)
            }
            let saved = try store.trackedTicket(row: ticket.row)
            let audited = try store.auditLog().filter { $0.action.hasPrefix("ticket.") }
            #expect(saved?.acknowledgement == nil)
            #expect(audited.isEmpty)
        }
    }

    @Test func badValuesAreRefusedAndNothingIsSaved() throws {
        try withTicket { store, ticket in
            #expect(throws: StoreError.acknowledgementNotInFuture(until: now)) {
                try store.acknowledge(ticketRow: ticket.row, until: now, reason: "x", by: "ann", at: now)
            }
            #expect(throws: StoreError.emptyAcknowledgementReason) {
                try store.acknowledge(
                    ticketRow: ticket.row, until: now.addingTimeInterval(60), reason: "  ", by: "ann", at: now)
            }
            #expect(throws: StoreError.ticketNotFound(row: 999)) {
                try store.acknowledge(ticketRow: 999, until: now.addingTimeInterval(60), reason: "x", by: "a", at: now)
            }
            #expect(throws: StoreError.cannotAcknowledge(ticket: "#123", refusal: .notAcknowledged)) {
                try store.unacknowledge(ticketRow: ticket.row, by: "ann", at: now)
            }
            let saved = try store.trackedTicket(row: ticket.row)
            let audited = try store.auditLog().filter { $0.action.hasPrefix("ticket.") }
            #expect(saved?.acknowledgement == nil)
            #expect(audited.isEmpty)
            #expect(
                StoreError.cannotAcknowledge(ticket: "#123", refusal: .closed).description
                    == "ticket #123 is closed in the PSA; only an open ticket can be acknowledged")
        }
    }

    @Test func unackWithoutRepeatsClearsTheAcknowledgement() throws {
        try withTicket { store, ticket in
            try store.acknowledge(
                ticketRow: ticket.row, until: now.addingTimeInterval(600), reason: "on it", by: "ann", at: now)
            try store.unacknowledge(ticketRow: ticket.row, by: "bob", at: now.addingTimeInterval(60))
            #expect(try store.trackedTicket(row: ticket.row)?.acknowledgement == nil)
            let entry = try #require(try store.auditLog().first)
            #expect(entry.action == "ticket.unack")
            #expect(entry.target == "Halo / #123")
            #expect(entry.oldValue?.contains("on it") == true)
        }
    }

    @Test func unackWithRepeatsLeavesThemForTheWorkersSummary() throws {
        try withTicket { store, ticket in
            try store.acknowledge(
                ticketRow: ticket.row, until: now.addingTimeInterval(600), reason: "on it", by: "ann", at: now)
            let firstRepeat = now.addingTimeInterval(30)
            try store.database.write { db in
                try db.execute(
                    sql: "UPDATE ticket SET ack_repeats = 3, ack_first_repeat = ? WHERE id = ?",
                    arguments: [firstRepeat, ticket.row])
            }
            // Acknowledging again moves the end but keeps the count: it has not been summed yet.
            let later = now.addingTimeInterval(7200)
            try store.acknowledge(ticketRow: ticket.row, until: later, reason: "still on it", by: "ann", at: now)
            let extended = try #require(try store.trackedTicket(row: ticket.row)?.acknowledgement)
            #expect(extended.until == later && extended.repeats == 3 && extended.firstRepeat == firstRepeat)

            let end = now.addingTimeInterval(120)
            try store.unacknowledge(ticketRow: ticket.row, by: "bob", at: end)
            let ended = try #require(try store.trackedTicket(row: ticket.row)?.acknowledgement)
            #expect(ended.until == end && !ended.isActive(at: end))
            #expect(ended.repeats == 3 && ended.reason == "still on it" && ended.by == "ann")
            // An ended acknowledgement cannot be ended again.
            #expect(throws: StoreError.cannotAcknowledge(ticket: "#123", refusal: .notAcknowledged)) {
                try store.unacknowledge(ticketRow: ticket.row, by: "bob", at: end)
            }
        }
    }

    @Test func suppressedKeysAreGroupedPerKeyWithTheLatestEvent() throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/db.sqlite")
            let halo = try store.insert(NewIntegration(system: .halo, displayName: "Halo"), credentials: [:]).id
            try store.database.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO maintenance_window (scope, integration_id, starts_at, ends_at, reason, created_at)
                        VALUES ('integration', ?, ?, ?, 'patch night', ?)
                        """,
                    arguments: [halo, now, now.addingTimeInterval(3600), now])
                let window = db.lastInsertedRowID
                func event(
                    _ id: String, key: String, title: String, at offset: TimeInterval, state: String = "suppressed",
                    ended: Date? = nil
                ) throws {
                    let body = #"{"id":"\#(id)","title":"\#(title)"}"#
                    try db.execute(
                        sql: """
                            INSERT INTO event (id, body, received_at, state, integration_id, account_id, dedupe_key,
                                window_id, suppression_ended, updated_at)
                            VALUES (?, ?, ?, ?, ?, 'acc-1', ?, ?, ?, ?)
                            """,
                        arguments: [
                            id, body, now.addingTimeInterval(offset), state, halo, key, window, ended,
                            now.addingTimeInterval(offset),
                        ])
                }
                try event("e1", key: "k1", title: "Disk 90%", at: 10)
                try event("e2", key: "k1", title: "Disk 95%", at: 20)
                try event("e3", key: "k2", title: "Backup failed", at: 5, ended: now.addingTimeInterval(30))
                try event("e4", key: "k3", title: "Later", at: 7200)
                try event("e5", key: "k4", title: "Delivered", at: 1, state: "delivered")
            }
            let keys = try store.suppressedKeys(at: now.addingTimeInterval(60))
            #expect(
                keys == [
                    SuppressedKey(
                        dedupeKey: "k1", integrationID: halo, accountID: "acc-1", title: "Disk 95%", windowID: 1,
                        windowReason: "patch night", since: now.addingTimeInterval(10), count: 2)
                ])
        }
    }
}
