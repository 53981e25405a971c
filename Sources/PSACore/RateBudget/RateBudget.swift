import Foundation
import Synchronization

/// One PSA tenant's budget of requests (DESIGN §6). Every request a connector sends takes its
/// turn here first, and reports how the PSA answered; the state lives in the store, so every
/// psalink process on the database keeps to the one budget.
///
/// A caller waits for its turn (at most `BudgetWait.limit`, then `ConnectorError.throttled`).
/// Within the process, a waiting request lets any waiting request of a higher priority go
/// first; across processes, each priority may use only its share of the window, so the last
/// requests of a busy window are left to creates and closes.
public final class RateBudget: Sendable {
    public let key: BudgetKey
    private let store: Store
    private let limit: @Sendable () -> RateLimit
    private let usageReader = Mutex<(@Sendable () async throws(ConnectorError) -> BudgetUsage)?>(nil)
    private let usageRead = SharedLookup<BudgetUsage>()
    /// When reading the usage report last failed: no new attempt for a minute.
    private let usageFailedAt = Mutex<Date?>(nil)
    /// Requests of this process waiting for their turn, by priority.
    private let waiting = Mutex<[Int]>(Array(repeating: 0, count: RequestPriority.allCases.count))

    init(key: BudgetKey, store: Store, limit: @escaping @Sendable () -> RateLimit) {
        self.key = key
        self.store = store
        self.limit = limit
    }

    /// The PSA reports its own usage (Autotask): `read` fetches the report, itself a request
    /// that goes through this budget without being held by the report it is about to refresh.
    public func readsUsage(with read: @escaping @Sendable () async throws(ConnectorError) -> BudgetUsage) {
        usageReader.withLock { $0 = read }
    }

    /// Waits for a turn for one request of `priority`. `usagePaced` is false only for the
    /// request that reads the usage report.
    public func acquire(priority: RequestPriority = RequestPriority.current, usagePaced: Bool = true)
        async throws(ConnectorError) -> BudgetGrant
    {
        let clock = ContinuousClock()
        let giveUpAt = clock.now + BudgetWait.limit
        var waited = Duration.zero
        waiting.withLock { $0[priority.rawValue] += 1 }
        defer {
            waiting.withLock { $0[priority.rawValue] -= 1 }
            if waited > .zero { BudgetWaitObservation.report(waited, key: key) }
        }
        while true {
            if Task.isCancelled { throw .transport(.cancelled) }
            if hasWaitersAbove(priority) {
                try await pause(for: .milliseconds(20), adding: &waited)
                if clock.now >= giveUpAt { throw .throttled(until: Date().addingTimeInterval(1)) }
                continue
            }
            if usagePaced { await refreshUsageIfStale() }
            let decision: BudgetDecision
            do {
                decision = try store.takeFromBudget(key, limit: limit(), priority: priority, usagePaced: usagePaced)
            } catch {
                if clock.now >= giveUpAt { throw .budgetUnavailable(error.description) }
                try await pause(for: .milliseconds(200), adding: &waited)
                continue
            }
            switch decision {
            case .granted(let grant):
                return grant
            case .wait(let until, _):
                let wait = until.timeIntervalSinceNow
                if clock.now + .milliseconds(Int64(max(wait, 0) * 1000)) > giveUpAt { throw .throttled(until: until) }
                // Waits are re-checked at least every few seconds: another process may have
                // changed the budget, or the admin its limit.
                try await pause(for: .milliseconds(Int64(min(max(wait, 0.005), 5) * 1000)), adding: &waited)
            }
        }
    }

    /// Records how the PSA answered the request `grant` let through.
    public func finish(_ grant: BudgetGrant, answer: BudgetAnswer) {
        // A failure here loses one request's bookkeeping, not the request; the window is then
        // a little more generous for a moment.
        try? store.finishBudgetRequest(grant, of: key, answer: answer)
    }

    /// How many requests of this process wait for a turn now.
    var waitingRequests: Int { waiting.withLock { $0.reduce(0, +) } }

    private func hasWaitersAbove(_ priority: RequestPriority) -> Bool {
        waiting.withLock { counts in counts[(priority.rawValue + 1)...].contains { $0 > 0 } }
    }

    private func pause(for duration: Duration, adding waited: inout Duration) async throws(ConnectorError) {
        let clock = ContinuousClock()
        let start = clock.now
        defer { waited += clock.now - start }
        do {
            try await Task.sleep(for: duration)
        } catch {
            throw .transport(.cancelled)
        }
    }

    /// Set while this task reads the usage report: the requests that read needs (a zone lookup)
    /// must not wait for the report they are reading.
    @TaskLocal private static var readingUsage = false

    private func refreshUsageIfStale() async {
        guard !Self.readingUsage, let reader = usageReader.withLock({ $0 }) else { return }
        if let failed = usageFailedAt.withLock({ $0 }), Date().timeIntervalSince(failed) < 60 { return }
        if let (usage, sent) = try? store.budgetUsage(of: key),
            Date().timeIntervalSince(usage.observedAt)
                < UsagePacing.maximumAge(of: usage, projected: usage.count + sent)
        {
            return
        }
        do {
            let usage = try await Self.$readingUsage.withValue(true) {
                () async throws(ConnectorError) -> BudgetUsage in try await usageRead.value(lookUp: reader)
            }
            usageRead.forget()
            try? store.recordBudgetUsage(usage, of: key)
        } catch {
            usageRead.forget()
            usageFailedAt.withLock { $0 = Date() }
        }
    }
}
