import Foundation

/// How many requests a PSA tenant takes in a rolling window: `count` per `seconds`.
///
/// The setting's text form is `N/SECONDS` (`rate-limit=300/300`).
public struct RateLimit: Sendable, Equatable, CustomStringConvertible {
    public var count: Int
    public var seconds: Int

    public init(count: Int, seconds: Int) {
        self.count = count
        self.seconds = seconds
    }

    /// `N/SECONDS` with both at least 1, or nil.
    public init?(parsing text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = Self.positive(parts[0]), let seconds = Self.positive(parts[1]) else {
            return nil
        }
        self.init(count: count, seconds: seconds)
    }

    public var description: String { "\(count)/\(seconds)" }

    /// What psalink keeps to when the admin has set no limit (README, "Rate limits"):
    /// - HaloPSA: hosted Halo allows 300 requests per rolling 5 minutes (psa-apis §3.6).
    /// - Autotask: 10,000 requests per hour for the whole database (§2.6); psalink also reads
    ///   `ThresholdInformation` and slows down long before that, as other integrations share it.
    /// - ConnectWise publishes no number (§1.6); the figures quoted by third parties come to
    ///   about one request a second. 300 per 300 s keeps that rate over any five minutes while
    ///   leaving room for the bursts of an admin loading ticket settings; a 429 pauses the PSA
    ///   as it says.
    public static func standard(for system: PSASystem) -> RateLimit {
        switch system {
        case .halo, .connectwise: return RateLimit(count: 300, seconds: 300)
        case .autotask: return RateLimit(count: 10_000, seconds: 3_600)
        }
    }

    /// The tighter of two limits: the one that allows fewer requests per second, and of those the
    /// shorter window (a burst of N then waits less).
    public func tighter(_ other: RateLimit) -> RateLimit {
        let mine = Double(count) / Double(seconds)
        let theirs = Double(other.count) / Double(other.seconds)
        if mine != theirs { return mine < theirs ? self : other }
        return seconds <= other.seconds ? self : other
    }

    private static func positive(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber), let value = Int(text),
            value >= 1
        else { return nil }
        return value
    }
}
