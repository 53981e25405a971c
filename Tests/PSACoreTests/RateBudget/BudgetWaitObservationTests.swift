import Foundation
import Synchronization
import Testing

@testable import PSACore

/// The waits a rate budget reports for serve's `psalink_rate_budget_wait_seconds_total`.
@Suite struct BudgetWaitObservationTests {
    @Test func aRequestThatWaitsForItsTurnReportsHowLongAndOneGrantedAtOnceNothing() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("psalink-tests-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try Store.open(at: folder + "/db.sqlite")
        // A key of this test's own: observers are process-wide, and other tests wait too.
        let key = BudgetKey(rawValue: "halo https://wait-\(UUID().uuidString.lowercased()).example tenant")
        let waits = Mutex<[Duration]>([])
        BudgetWaitObservation.addObserver { reported, waited in
            if reported == key { waits.withLock { $0.append(waited) } }
        }
        let budget = RateBudget(key: key, store: store) { RateLimit(count: 1, seconds: 1) }

        let first = try await budget.acquire(priority: .essential)
        budget.finish(first, answer: .answered)
        #expect(waits.withLock { $0 }.isEmpty)

        let clock = ContinuousClock()
        let started = clock.now
        let second = try await budget.acquire(priority: .essential)
        let elapsed = clock.now - started
        budget.finish(second, answer: .answered)
        let reported = waits.withLock { $0 }
        #expect(reported.count == 1)
        let waited = try #require(reported.first)
        // One a second: the second request waited its turn, and the wait reported is no longer
        // than the acquire took. (No lower bound in seconds: a loaded machine may pause the test
        // between the two requests for most of that second.)
        #expect(waited > .zero && waited <= elapsed, "\(waited) of \(elapsed)")
        #expect(key.system == .halo)
    }
}
