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
