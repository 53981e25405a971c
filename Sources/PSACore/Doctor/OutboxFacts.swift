import Foundation

/// The outbox as `doctor` sees it: what waits and what failed.
public struct OutboxFacts: Sendable, Equatable {
    /// Events waiting for delivery (paused integrations' included: they wait too).
    public var pending: Int
    /// When the longest-waiting of them arrived.
    public var oldestPendingSince: Date?
    /// Events that failed for good or for now.
    public var failed: Int
    /// Of `failed`, those psalink will try again by itself after its next successful request
    /// to their PSA (README, "Delivery").
    public var failedRetryable: Int
    /// Events held back (for an account not mapped yet, or a broken mapping's policy).
    public var held: Int

    public init(pending: Int, oldestPendingSince: Date?, failed: Int, failedRetryable: Int, held: Int) {
        self.pending = pending
        self.oldestPendingSince = oldestPendingSince
        self.failed = failed
        self.failedRetryable = failedRetryable
        self.held = held
    }
}
