import Foundation

/// Sends HTTP requests through libcurl. Each transfer blocks its own thread rather than one of
/// Swift concurrency's few cooperative threads, so many requests run at once and the UI stays live.
public final class HTTPClient: Sendable {
    public struct Configuration: Sendable {
        public var connectTimeout: Duration
        public var totalTimeout: Duration
        /// A PEM file of trusted CAs, replacing the system's; verification itself is never turned off.
        public var caBundlePath: String?
        /// A larger body aborts the transfer with `.responseTooLarge`.
        public var maxResponseBytes: Int
        public var userAgent: String

        public init(
            connectTimeout: Duration = .seconds(15),
            totalTimeout: Duration = .seconds(60),
            caBundlePath: String? = nil,
            maxResponseBytes: Int = 64 << 20,
            userAgent: String = "psalink"
        ) {
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.caBundlePath = caBundlePath
            self.maxResponseBytes = maxResponseBytes
            self.userAgent = userAgent
        }
    }

    public let configuration: Configuration

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Sends `request` once. Any HTTP status is a response; only a missing response throws.
    /// Cancelling the calling Task aborts the transfer and throws `.cancelled`.
    public func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        let accepted = try URLPolicy.check(request.url)
        let cancellation = CancellationFlag()
        let configuration = configuration
        let startedAt = Date()
        let clock = ContinuousClock()
        let start = clock.now
        let result: Result<HTTPResponse, HTTPError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let worker = Thread {
                    let result = CurlTransfer.perform(
                        request, host: accepted.host, configuration: configuration, cancellation: cancellation)
                    continuation.resume(returning: result)
                }
                worker.name = "psalink.http"
                worker.start()
            }
        } onCancel: {
            cancellation.cancel()
        }
        if case .failure(.cancelled) = result {
        } else {
            PSARequestObservation.report(
                .of(request, result: result, startedAt: startedAt, duration: clock.now - start))
        }
        return try result.get()
    }

    /// Sends `request`, repeating it as `policy` decides, waiting between attempts with a
    /// cancellable sleep. Returns the last response, or throws the last error. `onAttempt`
    /// runs before every attempt (callers count requests with it).
    public func send(
        _ request: HTTPRequest, retry policy: RetryPolicy, onAttempt: @Sendable () -> Void = {}
    ) async throws(HTTPError) -> HTTPResponse {
        let clock = ContinuousClock()
        let start = clock.now
        var attempt = 1
        while true {
            let outcome: Result<HTTPResponse, HTTPError>
            onAttempt()
            do {
                outcome = .success(try await send(request))
            } catch {
                outcome = .failure(error)
            }
            if case .failure(.cancelled) = outcome {
                throw .cancelled
            }
            switch policy.decision(after: outcome, attempt: attempt, request: request, elapsed: clock.now - start) {
            case .stop:
                return try outcome.get()
            case .retry(let delay):
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    throw .cancelled
                }
                attempt += 1
            }
        }
    }
}
