import Foundation

/// When a failed attempt is worth repeating, and after how long. Pure: time and randomness come in
/// as arguments so that schedules can be tested without a network or a clock.
public struct RetryPolicy: Sendable {
    /// Attempts in total, the first included.
    public var maxAttempts: Int
    /// The back-off cap before the first retry; it doubles for each further retry.
    public var baseDelay: Duration
    /// The back-off never exceeds this, however many attempts have been made.
    public var maxDelay: Duration
    /// No retry is started if its wait would end later than this after the first attempt began.
    public var totalBudget: Duration
    /// A refused connection usually means the server is restarting; retrying it is opt-in because
    /// it also means "wrong port", where waiting only delays the error.
    public var retriesCannotConnect: Bool
    /// Returns a value in 0..<1; full jitter waits that fraction of the current back-off cap.
    public var randomFraction: @Sendable () -> Double

    public init(
        maxAttempts: Int = 4,
        baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(30),
        totalBudget: Duration = .seconds(60),
        retriesCannotConnect: Bool = false,
        randomFraction: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.totalBudget = totalBudget
        self.retriesCannotConnect = retriesCannotConnect
        self.randomFraction = randomFraction
    }

    public static let standard = RetryPolicy()
    public static let never = RetryPolicy(maxAttempts: 1)

    public enum Decision: Sendable, Equatable {
        case retry(after: Duration)
        case stop
    }

    /// Statuses that say "try again later" rather than "this request is wrong": any 5xx (the
    /// PSA having a bad moment), 408 and 429 (DESIGN §2).
    public static func isRetryable(status: Int) -> Bool { status >= 500 || status == 408 || status == 429 }

    /// Decides what follows attempt number `attempt` (1 for the first) of `request`, which ended in
    /// `outcome` after `elapsed` since the first attempt began.
    public func decision(
        after outcome: Result<HTTPResponse, HTTPError>,
        attempt: Int,
        request: HTTPRequest,
        elapsed: Duration,
        now: Date = Date()
    ) -> Decision {
        guard attempt < maxAttempts, request.method.isIdempotent || request.retryable else {
            return .stop
        }
        let serverRequestedDelay: Duration?
        switch outcome {
        case .success(let response):
            guard Self.isRetryable(status: response.status) else {
                return .stop
            }
            serverRequestedDelay = response.headers["Retry-After"].flatMap { RetryAfter.delay(from: $0, now: now) }
        case .failure(.connectionReset), .failure(.tlsHandshakeAborted):
            serverRequestedDelay = nil
        case .failure(.cannotConnect) where retriesCannotConnect:
            serverRequestedDelay = nil
        case .failure:
            return .stop
        }
        let delay = serverRequestedDelay ?? backOff(beforeRetry: attempt)
        guard elapsed + delay <= totalBudget else {
            return .stop
        }
        return .retry(after: delay)
    }

    /// Full jitter (a random wait between zero and the exponential cap) keeps many clients that
    /// failed together from retrying together.
    public func backOff(beforeRetry retryNumber: Int) -> Duration {
        let exponent = min(max(retryNumber - 1, 0), 30)
        let uncapped = baseDelay * (1 << exponent)
        let cap = min(uncapped, maxDelay)
        let fraction = min(max(randomFraction(), 0), 1)
        return cap * fraction
    }
}
