import Foundation
import Testing

@testable import PSACore

@Suite struct StoreRateBudgetTests {
    let key = BudgetKey(rawValue: "halo https://contoso.halopsa.com ")
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func take(
        _ store: Store, limit: RateLimit, _ priority: RequestPriority = .essential, at offset: TimeInterval = 0
    ) throws -> BudgetDecision {
        try store.takeFromBudget(
            key, limit: limit, priority: priority, usagePaced: true, now: start.addingTimeInterval(offset))
    }

    func grant(_ decision: BudgetDecision) throws -> BudgetGrant {
        guard case .granted(let grant) = decision else { throw BudgetTestError.notGranted(decision) }
        return grant
    }

    func waitEnd(_ decision: BudgetDecision) throws -> (TimeInterval, BudgetWaitReason) {
        guard case .wait(let until, let reason) = decision else { throw BudgetTestError.notWaiting }
        return (until.timeIntervalSince(start), reason)
    }

    @Test func noRollingWindowEverHoldsMoreThanTheLimit() throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/db.sqlite")
            let limit = RateLimit(count: 3, seconds: 10)
            _ = try grant(take(store, limit: limit, at: 0))
            _ = try grant(take(store, limit: limit, at: 1))
            _ = try grant(take(store, limit: limit, at: 2))
            // The fourth waits until the first leaves the window (plus the clock margin).
            let (until, reason) = try waitEnd(take(store, limit: limit, at: 3))
            #expect(reason == .window)
            #expect(abs(until - (10 + Store.budgetMargin)) < 0.001)
            _ = try grant(take(store, limit: limit, at: 10.2))
            // Not a bucket that refills: the second and third are still in the window.
            #expect(try waitEnd(take(store, limit: limit, at: 10.3)).0 > 11)
        }
    }

    @Test func aRequestCountsFromWhenItsAnswerCame() throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/db.sqlite")
            let limit = RateLimit(count: 1, seconds: 10)
            let first = try grant(take(store, limit: limit, at: 0))
            // A slow answer: the PSA may have counted the request as late as this.
            try store.finishBudgetRequest(first, of: key, answer: .answered, now: start.addingTimeInterval(4))
            let (until, _) = try waitEnd(take(store, limit: limit, at: 10.5))
            #expect(abs(until - (14 + Store.budgetMargin)) < 0.001)
        }
    }

    @Test func eachPriorityUsesOnlyItsShareSoTheRestIsLeftForCreatesAndCloses() throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/db.sqlite")
            let limit = RateLimit(count: 10, seconds: 60)
            var granted: [RequestPriority: Int] = [:]
            for priority in [RequestPriority.background, .routine, .essential] {
                while case .granted = try take(store, limit: limit, priority, at: 1) {
                    granted[priority, default: 0] += 1
                }
            }
            #expect(granted == [.background: 5, .routine: 4, .essential: 1])
        }
    }

    @Test func aThrottleWithRetryAfterPausesTheWholeTenant() throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/db.sqlite")
            let limit = RateLimit(count: 100, seconds: 60)
            let first = try grant(take(store, limit: limit, at: 0))
            try store.finishBudgetRequest(
                first, of: key, answer: .throttled(retryAfter: 30), now: start.addingTimeInterval(1))
            let (until, reason) = try waitEnd(take(store, limit: limit, .essential, at: 2))
            #expect(reason == .paused)
            #expect(abs(until - 31) < 0.001)
            #expect(try store.budgetPauses(at: start.addingTimeInterval(2)) == [key: start.addingTimeInterval(31)])
            #expect(try store.budgetPauses(at: start.addingTimeInterval(31)).isEmpty)
            _ = try grant(take(store, limit: limit, at: 31))
        }
    }

    @Test func withoutRetryAfterTheBackOffGrowsOncePerPauseNotOncePerRequestInFlight() throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/db.sqlite")
            let limit = RateLimit(count: 100, seconds: 60)
            // Three requests in flight together all meet a 429.
            let inFlight = try (0..<3).map { _ in try grant(take(store, limit: limit, at: 0)) }
            for grant in inFlight {
                try store.finishBudgetRequest(
                    grant, of: key, answer: .throttled(retryAfter: nil), now: start.addingTimeInterval(0.5))
            }
            #expect(abs(try waitEnd(take(store, limit: limit, at: 1)).0 - 2.5) < 0.001)
            // The next request after the pause meets another: the wait doubles.
            let next = try grant(take(store, limit: limit, at: 2.5))
            try store.finishBudgetRequest(
                next, of: key, answer: .throttled(retryAfter: nil), now: start.addingTimeInterval(3))
            #expect(abs(try waitEnd(take(store, limit: limit, at: 3)).0 - 7) < 0.001)
            // An answer that is not a throttle starts the back-off again from the bottom.
            let fine = try grant(take(store, limit: limit, at: 7))
            try store.finishBudgetRequest(fine, of: key, answer: .answered, now: start.addingTimeInterval(7.1))
            let again = try grant(take(store, limit: limit, at: 8))
            try store.finishBudgetRequest(
                again, of: key, answer: .throttled(retryAfter: nil), now: start.addingTimeInterval(8))
            #expect(abs(try waitEnd(take(store, limit: limit, at: 8)).0 - 10) < 0.001)
        }
    }

    @Test func twoProcessesOnOneDatabaseShareOneBudget() throws {
        try withTemporaryFolder { folder in
            let first = try Store.open(at: folder + "/db.sqlite")
            let second = try Store.open(at: folder + "/db.sqlite")
            let limit = RateLimit(count: 4, seconds: 10)
            var granted = 0
            for index in 0..<8 {
                let store = index.isMultiple(of: 2) ? first : second
                if case .granted = try take(store, limit: limit, at: Double(index) * 0.1) { granted += 1 }
            }
            #expect(granted == 4)
            // A pause one of them learnt holds the other.
            let grant = try grant(take(first, limit: limit, at: 20))
            try first.finishBudgetRequest(
                grant, of: key, answer: .throttled(retryAfter: 5), now: start.addingTimeInterval(20))
            #expect(try waitEnd(take(second, limit: limit, at: 21)).1 == .paused)
        }
    }

    @Test func thePSAsOwnUsageReportSlowsRequestsDown() throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/db.sqlite")
            let limit = RateLimit(count: 10_000, seconds: 3_600)
            try store.recordBudgetUsage(
                BudgetUsage(count: 8_000, threshold: 10_000, timeframe: 3_600, observedAt: start), of: key)
            _ = try grant(take(store, limit: limit, .routine, at: 1))
            // 999 left up to 90% spread over the hour.
            let (until, reason) = try waitEnd(take(store, limit: limit, .routine, at: 1.5))
            #expect(reason == .usage)
            #expect(abs(until - (1 + 3_600.0 / 999)) < 0.01)
            // The report itself is read without that pacing.
            let read = try store.takeFromBudget(
                key, limit: limit, priority: .routine, usagePaced: false, now: start.addingTimeInterval(1.6))
            _ = try grant(read)
            #expect(try store.budgetUsage(of: key)?.sentSince == 2)
        }
    }

    enum BudgetTestError: Error {
        case notGranted(BudgetDecision)
        case notWaiting
    }
}
