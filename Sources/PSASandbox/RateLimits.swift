import Foundation
import Synchronization

/// What one PSA's rate budget has seen since the last `RateLimits.clear()`.
public struct RateLimitStatistics: Sendable, Equatable {
    /// Requests let through to the API (all of them while no limit is set).
    public var accepted = 0
    /// Requests answered 429.
    public var throttled = 0
    /// Requests that arrived before an earlier 429's Retry-After had passed, whether they were
    /// then accepted or throttled: a client that honours Retry-After sends none.
    public var early = 0
    /// The most requests, accepted or not, that arrived within any one window of the limit:
    /// above the limit's count when a client overran it. Accepted requests alone can never
    /// exceed the count, so they would not show that.
    public var attemptedMaxInWindow = 0
}

/// Rolling-window rate limits per PSA, so that psalink's per-tenant rate budget and its
/// benchmarks meet throttling as a real PSA applies it: HaloPSA documents "N requests per
/// rolling S second window", ConnectWise and Autotask throttle with 429 likewise. A limit is
/// a sliding log of acceptance times on a monotonic clock, measured when the request arrives;
/// a throttled request does not count against the window, as it did no work.
///
/// Autotask also reports its hourly usage in `ThresholdInformation`: the Autotask requests
/// accepted in the last hour plus the usage of the tenant's other integrations, which
/// `setAutotaskExternalUsage` sets, so that a client can be shown a budget mostly spent.
public final class RateLimits: Sendable {
    public struct Limit: Sendable, Equatable {
        public var count: Int
        public var seconds: Double
        /// Whether a 429 says when to retry, in a `Retry-After` header.
        public var retryAfter: Bool
    }

    /// What happens to a request.
    enum Decision: Equatable {
        case accept
        /// Answer 429; `retryAfter` is the header's value in seconds, if the limit sends one.
        case throttle(Limit, retryAfter: Int?)
    }

    /// Autotask's `requestThresholdTimeframe`, 60 minutes.
    static let autotaskTimeframe = Duration.seconds(3600)

    private struct Budget {
        var limit: Limit?
        /// Acceptance times within the limit's window, oldest first.
        var accepted = TimeLog()
        /// Arrival times within the limit's window, throttled ones too.
        var arrived = TimeLog()
        var statistics = RateLimitStatistics()
        /// Until when the latest 429's Retry-After asked clients to wait.
        var retryNotBefore: ContinuousClock.Instant?

        mutating func admit(at now: ContinuousClock.Instant) -> Decision {
            if let retryNotBefore, now < retryNotBefore { statistics.early += 1 }
            guard let limit else {
                statistics.accepted += 1
                return .accept
            }
            let window = Duration.seconds(limit.seconds)
            // A request at time t is in the window while now - t < window.
            accepted.removeAll(through: now - window)
            arrived.removeAll(through: now - window)
            arrived.append(now)
            statistics.attemptedMaxInWindow = max(statistics.attemptedMaxInWindow, arrived.count)
            guard accepted.count >= limit.count, let oldest = accepted.first else {
                accepted.append(now)
                statistics.accepted += 1
                return .accept
            }
            statistics.throttled += 1
            guard limit.retryAfter else { return .throttle(limit, retryAfter: nil) }
            // Whole seconds until the oldest request leaves the window: a client that waits that
            // long after the 429 is accepted.
            let wait = (oldest + window - now).components
            let seconds = max(1, Int((Double(wait.seconds) + Double(wait.attoseconds) / 1e18).rounded(.up)))
            let notBefore = now + .seconds(seconds)
            retryNotBefore = retryNotBefore.map { max($0, notBefore) } ?? notBefore
            return .throttle(limit, retryAfter: seconds)
        }
    }

    private struct State {
        var budgets: [SandboxPSA: Budget] = [:]
        /// Autotask acceptance times within the last `autotaskTimeframe`.
        var autotaskHour = TimeLog()
        var autotaskExternalUsage = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// From now on, at most `count` requests to `psa` are accepted in any window of `seconds`;
    /// the rest are answered 429, with `Retry-After` when `retryAfter`. Replaces any earlier
    /// limit on `psa`; the requests that limit accepted still count in the new window.
    public func limit(_ psa: SandboxPSA, count: Int, seconds: Double, retryAfter: Bool) {
        precondition(count >= 1 && seconds > 0 && seconds.isFinite, "a rate limit needs count >= 1 and seconds > 0")
        state.withLock {
            $0.budgets[psa, default: Budget()].limit = Limit(
                count: count, seconds: seconds, retryAfter: retryAfter)
        }
    }

    /// The limit on `psa`, if any.
    public func currentLimit(_ psa: SandboxPSA) -> Limit? {
        state.withLock { $0.budgets[psa]?.limit }
    }

    /// Removes every limit and starts the statistics, the Autotask hourly usage and its
    /// external part afresh.
    public func clear() {
        state.withLock { $0 = State() }
    }

    public func statistics(_ psa: SandboxPSA) -> RateLimitStatistics {
        state.withLock { $0.budgets[psa]?.statistics ?? RateLimitStatistics() }
    }

    /// Requests the tenant's other integrations have made to Autotask in the current hour, as
    /// `ThresholdInformation` reports them on top of the sandbox's own.
    public func setAutotaskExternalUsage(_ count: Int) {
        state.withLock { $0.autotaskExternalUsage = max(0, count) }
    }

    /// Autotask's `currentTimeframeRequestCount`: Autotask requests accepted in the last hour
    /// plus the external usage.
    public func autotaskTimeframeRequestCount(at now: ContinuousClock.Instant = .now) -> Int {
        state.withLock { state in
            state.autotaskHour.removeAll(through: now - Self.autotaskTimeframe)
            return state.autotaskHour.count + state.autotaskExternalUsage
        }
    }

    /// Counts a request to `psa` that arrived at `now` and decides whether it is accepted.
    func admit(_ psa: SandboxPSA, at now: ContinuousClock.Instant = .now) -> Decision {
        state.withLock { state in
            let decision = state.budgets[psa, default: Budget()].admit(at: now)
            if decision == .accept, psa == .autotask {
                state.autotaskHour.removeAll(through: now - Self.autotaskTimeframe)
                state.autotaskHour.append(now)
            }
            return decision
        }
    }
}

/// Instants in arrival order, dropped from the front as they age out of a window.
private struct TimeLog {
    private var times: [ContinuousClock.Instant] = []
    private var start = 0

    var count: Int { times.count - start }
    var first: ContinuousClock.Instant? { start < times.count ? times[start] : nil }

    mutating func append(_ time: ContinuousClock.Instant) {
        times.append(time)
    }

    /// Drops the instants at or before `cutoff`.
    mutating func removeAll(through cutoff: ContinuousClock.Instant) {
        while start < times.count, times[start] <= cutoff { start += 1 }
        if start > 1024, start * 2 > times.count {
            times.removeFirst(start)
            start = 0
        }
    }
}
