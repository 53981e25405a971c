import Foundation

/// Where the checks turn from ok to warn. One value, so that tests and a future option can move
/// them together.
public struct DoctorThresholds: Sendable, Equatable {
    /// A write-ahead log this large means checkpoints cannot finish (a reader holds an old snapshot).
    public var walBytes: Int64 = 64 << 20
    /// Share of a rate-limit window (or of Autotask's reported threshold) already used.
    public var budgetShare: Double = 0.8
    /// Certificates that expire sooner need renewing now: three weeks leaves room for a
    /// change request at the MSP's customer or the PSA vendor.
    public var certificateDays: Int = 21
    /// Token lifetimes and "changed since" filters assume clocks roughly agree.
    public var clockSkew: TimeInterval = 60
    /// An event waiting longer has missed the moment a ticket was useful.
    public var outboxAge: TimeInterval = 15 * 60
    /// Four of `serve`'s default six-hour sync periods.
    public var syncAge: TimeInterval = 24 * 3600

    public init() {}
}
