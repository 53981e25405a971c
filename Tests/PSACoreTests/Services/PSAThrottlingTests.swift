import Foundation
import Testing

@testable import PSACore

@Suite struct PSAThrottlingTests {
    static func halo(_ url: String, client: String = "app") -> Credentials {
        .halo(.init(url: url, clientID: client, clientSecret: Secret("s")))
    }

    /// Records a 429 with `Retry-After: seconds` from the PSA of `credentials`, as a connector does.
    static func throttle(_ credentials: Credentials, for seconds: TimeInterval, in store: Store, at now: Date) throws {
        let key = BudgetKey(credentials)
        let decision = try store.takeFromBudget(
            key, limit: RateLimit.standard(for: credentials.system), priority: .essential, usagePaced: false, now: now)
        guard case .granted(let grant) = decision else {
            Issue.record("the budget did not grant a request: \(decision)")
            return
        }
        try store.finishBudgetRequest(grant, of: key, answer: .throttled(retryAfter: seconds), now: now)
    }

    @Test func integrationsOfAPausedTenantWaitUntilThePauseEnds() throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/db.sqlite")
            let paused = Self.halo("https://a.halopsa.com")
            let first = try store.insert(
                NewIntegration(system: .halo, displayName: "A"), credentials: paused.storedFields)
            // Another API application on the same instance: the same tenant, paused with it.
            let second = try store.insert(
                NewIntegration(system: .halo, displayName: "A2"),
                credentials: Self.halo("https://A.halopsa.com/", client: "other").storedFields)
            let other = try store.insert(
                NewIntegration(system: .halo, displayName: "B"),
                credentials: Self.halo("https://b.halopsa.com").storedFields)
            let broken = try store.insert(NewIntegration(system: .halo, displayName: "Broken"), credentials: [:])
            let all = [first, second, other, broken]
            let now = Date()
            #expect(try PSAThrottling.pauses(of: all, in: store, at: now) == [:])

            try Self.throttle(paused, for: 60, in: store, at: now)
            let pauses = try PSAThrottling.pauses(of: all, in: store, at: now)
            #expect(Set(pauses.keys) == [first.id, second.id])
            let until = try #require(pauses[first.id])
            #expect(abs(until.timeIntervalSince(now) - 60) < 1)
            #expect(pauses[second.id] == until)
            // Over once the wait is.
            #expect(try PSAThrottling.pauses(of: all, in: store, at: now.addingTimeInterval(61)) == [:])
        }
    }
}

@Suite struct BudgetWaitsStoreTests {
    @Test func pendingEventsThatWaitForTheBudgetAreFoundByKey() throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/db.sqlite")
            let id = try store.insert(NewIntegration(system: .halo, displayName: "H"), credentials: [:]).id
            let other = try store.insert(NewIntegration(system: .halo, displayName: "O"), credentials: [:]).id
            func routed(_ eventID: String, key: String, integration: Int64) -> (NotificationEvent, RoutingDecision) {
                (
                    NotificationEvent(
                        id: eventID, accountID: nil, condition: .init(id: "c", type: .task), severity: nil,
                        state: .firing, target: key, title: "t"),
                    RoutingDecision(
                        integrationID: integration, queueID: nil, settings: TicketSettings(),
                        outcome: .ticket(companyID: "1", viaFallback: false), dedupeKey: key)
                )
            }
            let seqs = try store.ingest([
                routed("a1", key: "a", integration: id), routed("a2", key: "a", integration: id),
                routed("b1", key: "b", integration: id), routed("c1", key: "c", integration: id),
                routed("o1", key: "o", integration: other),
            ]).map(\.seq)
            let now = Date()
            func wait(_ seq: Int64, _ seconds: TimeInterval) throws {
                try store.finishDelivery(
                    of: seq,
                    Store.DeliveryOutcome(
                        state: .pending, countsAsAttempt: false, throttledUntil: now.addingTimeInterval(seconds)),
                    ticket: nil)
            }
            try wait(seqs[0], 60)
            try wait(seqs[1], 120)
            try wait(seqs[2], -5)  // over
            try wait(seqs[4], 60)
            let waits = try store.budgetWaits(ofIntegration: id, at: now)
            #expect(Set(waits.keys) == ["a"])
            let until = try #require(waits["a"])
            #expect(abs(until.timeIntervalSince(now) - 120) < 0.01)
            #expect(try store.budgetWaits(ofIntegration: id, at: now.addingTimeInterval(121)).isEmpty)

            #expect(try store.unattachedPendingEvents(ofKey: "a").map(\.seq) == [seqs[0], seqs[1]])
            try store.finishDelivery(
                of: seqs[0], Store.DeliveryOutcome(state: .delivered, operation: .create), ticket: nil)
            #expect(try store.unattachedPendingEvents(ofKey: "a").map(\.seq) == [seqs[1]])
            #expect(try store.unattachedPendingEvents(ofKey: "a").first?.throttledUntil == until)
        }
    }
}
