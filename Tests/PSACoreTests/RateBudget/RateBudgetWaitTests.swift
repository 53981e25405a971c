import Foundation
import Testing

@testable import PSACore

@Suite struct RateBudgetWaitTests {
    func budget(_ store: Store, limit: RateLimit) -> RateBudget {
        RateBudget(key: BudgetKey(rawValue: "connectwise https://cw.example.com contoso"), store: store) { limit }
    }

    @Test func aCallerThatWouldWaitLongerThanItMaySaysUntilWhen() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("psalink-tests-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try Store.open(at: folder + "/db.sqlite")
        let budget = budget(store, limit: RateLimit(count: 10, seconds: 60))
        let grant = try await budget.acquire(priority: .essential)
        budget.finish(grant, answer: .throttled(retryAfter: 30))
        let started = Date()
        do {
            _ = try await BudgetWait.$limit.withValue(.milliseconds(200)) {
                try await budget.acquire(priority: .essential)
            }
            Issue.record("granted during the PSA's pause")
        } catch let error as ConnectorError {
            let until = try #require(error.throttledUntil)
            #expect(abs(until.timeIntervalSince(started) - 30) < 2)
            #expect(error.isTransient)
        }
        // It gave up at once rather than sleeping through a wait it could not finish.
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func whenThePSAsPauseEndsAWaitingCreateGoesBeforeAWaitingNote() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("psalink-tests-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try Store.open(at: folder + "/db.sqlite")
        let budget = budget(store, limit: RateLimit(count: 100, seconds: 60))
        let first = try await budget.acquire(priority: .essential)
        budget.finish(first, answer: .throttled(retryAfter: 600))
        let (noteGrant, createGrant) = try await BudgetWait.$limit.withValue(.seconds(900)) {
            async let note = budget.acquire(priority: .routine)
            async let create = budget.acquire(priority: .essential)
            // The pause ends only once both wait, however busy the machine.
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(60)
            while budget.waitingRequests < 2, clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(budget.waitingRequests == 2)
            try await store.database.write { db in try db.execute(sql: "UPDATE rate_budget SET paused_until = 0") }
            return try await (note, create)
        }
        // Grants are numbered in the order the budget gave them.
        #expect(createGrant.id < noteGrant.id)
    }

}
