import Foundation
import GRDB
import Testing

@testable import PSACore

/// The figures /metrics reads from the store: they follow the store as any process changes it.
@Suite struct StoreMetricsTests {
    @Test func anEmptyStoreHasEveryStateAtZeroAndNoOutbox() throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/psalink.sqlite")
            let snapshot = try store.metricsSnapshot()
            #expect(snapshot.eventsByState.count == StoredEvent.State.allCases.count)
            #expect(snapshot.eventsByState.values.allSatisfy { $0 == 0 })
            #expect(snapshot.deliveries.isEmpty && snapshot.outboxDepth == 0)
            #expect(snapshot.oldestPendingReceivedAt == nil)
            #expect(snapshot.mappingsNeedingReview.isEmpty && snapshot.lastSyncs.isEmpty)
        }
    }

    @Test func eventsAndDeliveriesFollowTheOutboxAsDeliveriesFinish() throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/psalink.sqlite")
            let halo = try store.insert(NewIntegration(system: .halo, displayName: "Halo"), credentials: [:]).id
            let autotask = try store.insert(NewIntegration(system: .autotask, displayName: "AT"), credentials: [:]).id
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            let first = try Self.insert(store, "e1", integration: halo, receivedAt: start)
            let second = try Self.insert(store, "e2", integration: halo, receivedAt: start.addingTimeInterval(30))
            let third = try Self.insert(store, "e3", integration: autotask, receivedAt: start.addingTimeInterval(60))
            _ = try Self.insert(store, "e4", integration: halo, receivedAt: start, state: "skipped")
            let now = start.addingTimeInterval(100)

            var snapshot = try store.metricsSnapshot(at: now)
            #expect(snapshot.eventsByState[.pending] == 3 && snapshot.eventsByState[.skipped] == 1)
            #expect(snapshot.outboxDepth == 3)
            #expect(snapshot.oldestPendingReceivedAt == start)
            // Not attempted yet: no delivery to count.
            #expect(snapshot.deliveries.isEmpty)

            try store.finishDelivery(of: first, .init(state: .delivered, operation: .create), ticket: nil, at: now)
            try store.finishDelivery(
                of: second, .init(state: .pending, operation: .note, nextAttemptAt: now.addingTimeInterval(60)),
                ticket: nil, at: now)
            try store.database.write { db in
                try db.execute(sql: "UPDATE event SET attempts = 1 WHERE seq = ?", arguments: [second])
            }
            try store.finishDelivery(
                of: third,
                .init(
                    state: .pending, operation: .create, countsAsAttempt: false,
                    throttledUntil: now.addingTimeInterval(300)),
                ticket: nil, at: now)

            snapshot = try store.metricsSnapshot(at: now)
            #expect(snapshot.eventsByState[.pending] == 2 && snapshot.eventsByState[.delivered] == 1)
            #expect(snapshot.outboxDepth == 2)
            #expect(snapshot.oldestPendingReceivedAt == start.addingTimeInterval(30))
            #expect(
                snapshot.deliveries == [
                    .init(system: .halo, operation: .create, outcome: .delivered): 1,
                    .init(system: .halo, operation: .note, outcome: .retrying): 1,
                    .init(system: .autotask, operation: .create, outcome: .throttled): 1,
                ])

            try store.finishDelivery(of: second, .init(state: .failed, operation: .note, error: "refused"), ticket: nil)
            // Once the budget's wait is over, the event is neither throttled nor retried: it waits its turn.
            snapshot = try store.metricsSnapshot(at: now.addingTimeInterval(301))
            #expect(snapshot.eventsByState[.failed] == 1 && snapshot.outboxDepth == 1)
            #expect(
                snapshot.deliveries == [
                    .init(system: .halo, operation: .create, outcome: .delivered): 1,
                    .init(system: .halo, operation: .note, outcome: .failed): 1,
                ])
        }
    }

    @Test func anEventBeingDeliveredNowHasNoOutcomeYet() throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/psalink.sqlite")
            let halo = try store.insert(NewIntegration(system: .halo, displayName: "Halo"), credentials: [:]).id
            let now = Date()
            _ = try Self.insert(store, "e1", integration: halo, receivedAt: now.addingTimeInterval(-5))
            let claimed = try store.claimDueEvents(owner: "other-process", now: now, leaseFor: 60, limit: 10)
            #expect(claimed.count == 1)
            let snapshot = try store.metricsSnapshot(at: now)
            #expect(snapshot.deliveries.isEmpty && snapshot.outboxDepth == 1)
        }
    }

    @Test func mappingHealthAndSyncsAreCountedPerIntegration() throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/psalink.sqlite")
            let halo = try store.insert(NewIntegration(system: .halo, displayName: "Halo"), credentials: [:]).id
            _ = try store.importAccounts([
                NerdioAccount(id: "a1", name: "One", tenantID: "t1"),
                NerdioAccount(id: "a2", name: "Two", tenantID: "t2"),
                NerdioAccount(id: "a3", name: "Three", tenantID: "t3"),
            ])
            try store.replaceCompanies(
                [PSACompany(id: "c1", name: "C1"), PSACompany(id: "c2", name: "C2"), PSACompany(id: "c3", name: "C3")],
                forIntegration: halo)
            for (account, company) in [("a1", "c1"), ("a2", "c2"), ("a3", "c3")] {
                try store.setMapping(integration: halo, account: account, company: company)
            }
            try store.recordMappingHealth(
                [
                    .init(accountID: "a1", old: nil, new: .companyInactive),
                    .init(accountID: "a2", old: nil, new: .companyInactive),
                    .init(accountID: "a3", old: nil, new: .companyMerged),
                ], forIntegration: halo)
            var snapshot = try store.metricsSnapshot()
            #expect(
                snapshot.mappingsNeedingReview == [
                    .init(integrationID: halo, reason: .companyInactive): 2,
                    .init(integrationID: halo, reason: .companyMerged): 1,
                ])

            try store.recordMappingHealth(
                [.init(accountID: "a1", old: .companyInactive, new: nil)], forIntegration: halo)
            let finished = Date(timeIntervalSince1970: 1_800_000_000)
            try store.startSync(integration: halo, at: finished.addingTimeInterval(-10))
            try store.finishSync(
                integration: halo, summary: "{}", error: "companies: the PSA answered 503", description: "sync",
                at: finished)
            snapshot = try store.metricsSnapshot()
            #expect(snapshot.mappingsNeedingReview[.init(integrationID: halo, reason: .companyInactive)] == 1)
            #expect(snapshot.lastSyncs == [.init(integrationID: halo, finishedAt: finished, failed: true)])

            try store.finishSync(
                integration: halo, summary: "{}", error: nil, description: "sync", at: finished.addingTimeInterval(60))
            #expect(try store.metricsSnapshot().lastSyncs.first?.failed == false)
        }
    }

    /// A scrape reads the event table through indexes only: its cost must not grow with the
    /// events' bodies, and the outbox queries must not touch delivered events.
    @Test func noQueryOfTheSnapshotScansTheEventTable() throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/psalink.sqlite")
            let plans = try store.database.read { db in
                try Store.metricsQueries.map { sql in
                    let arguments: StatementArguments = sql.contains("?") ? [Date()] : []
                    return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map {
                        $0["detail"] as String
                    }.joined(separator: "; ")
                }
            }
            // Reading every pending event is fine: `event_pending` holds those alone.
            for plan in plans where plan.contains("event") {
                #expect(
                    plan.contains("COVERING INDEX event_outcome") || plan.contains("USING INDEX event_pending"),
                    "\(plan)")
            }
            // The one pass over all events groups in index order, with no sort of its own.
            let outcome = try #require(plans.first)
            #expect(outcome.contains("COVERING INDEX event_outcome") && !outcome.contains("TEMP B-TREE"), "\(outcome)")
        }
    }

    static func insert(
        _ store: Store, _ id: String, integration: Int64, receivedAt: Date, state: String = "pending"
    ) throws -> Int64 {
        try store.database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO event (id, body, received_at, state, integration_id, dedupe_key, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [id, RetryRoundsStoreTests.body(id), receivedAt, state, integration, "k-" + id, receivedAt])
            return db.lastInsertedRowID
        }
    }
}
