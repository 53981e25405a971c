import Foundation

/// A request's turn in the budget: go now (the grant is its row in the request log), or wait
/// until a given moment and ask again.
public enum BudgetDecision: Sendable, Equatable {
    case granted(BudgetGrant)
    case wait(until: Date, because: BudgetWaitReason)
}

public struct BudgetGrant: Sendable, Equatable {
    public var id: Int64
    public var at: Date
}

public enum BudgetWaitReason: Sendable, Equatable {
    /// The PSA asked psalink to wait (429, or 503 with `Retry-After`), or psalink backs off
    /// after a 429 without one.
    case paused
    /// The rolling window holds as many requests as this priority may use.
    case window
    /// The PSA's own usage report says to slow down (Autotask from 50% of its threshold).
    case usage
}

/// How the PSA answered a granted request, as far as the budget is concerned.
public enum BudgetAnswer: Sendable, Equatable {
    /// Anything but a throttle: the back-off without `Retry-After` starts again from the bottom.
    case answered
    /// No answer at all (timeout, reset): says nothing about throttling.
    case unanswered
    /// 429, or 503 with `Retry-After`: every request to the PSA waits `retryAfter`, or psalink's
    /// own back-off when the PSA gave none.
    case throttled(retryAfter: TimeInterval?)
}

/// What the PSA reported about its own usage: `count` of `threshold` requests in its current
/// `timeframe` (Autotask's `ThresholdInformation`), read at `observedAt`.
public struct BudgetUsage: Sendable, Equatable {
    public var count: Int
    public var threshold: Int
    public var timeframe: TimeInterval
    public var observedAt: Date

    public init(count: Int, threshold: Int, timeframe: TimeInterval, observedAt: Date) {
        self.count = count
        self.threshold = threshold
        self.timeframe = timeframe
        self.observedAt = observedAt
    }
}
