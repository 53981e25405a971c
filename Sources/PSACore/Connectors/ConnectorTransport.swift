import Foundation
import Synchronization

/// What the three connectors share below their vendor logic: sending with the retry
/// policy, counting requests, decoding JSON, and turning statuses into `ConnectorError`s
/// with the vendor's own error text.
public final class ConnectorTransport: Sendable {
    public let client: HTTPClient
    public let retry: RetryPolicy
    /// The PSA tenant's budget every request draws from; nil only where a test or benchmark
    /// measures the connector alone.
    public let budget: RateBudget?
    /// Secret values to remove from any message built from a response.
    let secrets: [String]
    private let sent = Atomic<Int>(0)

    /// Throttle answers (429, 503 with `Retry-After`) in a row after which the last one is
    /// returned: the budget's wait between them is bounded by `BudgetWait.limit`, this bounds
    /// a PSA that answers 429 with no wait at all.
    static let maximumThrottleRetries = 20

    public init(client: HTTPClient, retry: RetryPolicy = .standard, budget: RateBudget? = nil, secrets: [String]) {
        self.client = client
        self.retry = retry
        self.budget = budget
        self.secrets = secrets
    }

    /// HTTP requests sent so far, retries included.
    public var requestCount: Int { sent.load(ordering: .relaxed) }

    /// Sends with retries. Any status comes back as a response; use `checked` to turn
    /// failures into errors.
    ///
    /// Each attempt first takes its turn in the budget. A throttle answer pauses the whole
    /// PSA in the budget and the request waits there for its next turn, so it uses none of
    /// the retry policy's attempts and no sleep of its own. Other transient answers are retried
    /// as the policy says. `usagePaced` is false only for the request that reads the PSA's usage.
    public func send(_ request: HTTPRequest, usagePaced: Bool = true) async throws(ConnectorError) -> HTTPResponse {
        guard let budget else {
            do {
                return try await client.send(request, retry: retry) { self.sent.add(1, ordering: .relaxed) }
            } catch {
                throw .transport(error)
            }
        }
        let clock = ContinuousClock()
        let start = clock.now
        var attempt = 1
        var throttles = 0
        while true {
            let grant = try await budget.acquire(usagePaced: usagePaced)
            sent.add(1, ordering: .relaxed)
            let outcome: Result<HTTPResponse, HTTPError>
            do {
                outcome = .success(try await client.send(request))
            } catch {
                outcome = .failure(error)
            }
            let throttle = Self.throttle(in: outcome)
            budget.finish(grant, answer: throttle ?? (Self.answered(outcome) ? .answered : .unanswered))
            if case .failure(.cancelled) = outcome { throw .transport(.cancelled) }
            // A 429 says the request was not carried out, so even a create is sent again; a 503
            // may have done part of one, which the retry policy's rules decide.
            let throttledStatus = (try? outcome.get())?.status
            if throttle != nil, throttles < Self.maximumThrottleRetries,
                throttledStatus == 429 || request.method.isIdempotent || request.retryable
            {
                throttles += 1
                continue
            }
            switch retry.decision(after: outcome, attempt: attempt, request: request, elapsed: clock.now - start) {
            case .stop:
                do {
                    return try outcome.get()
                } catch {
                    throw .transport(error)
                }
            case .retry(let delay):
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    throw .transport(.cancelled)
                }
                attempt += 1
            }
        }
    }

    /// 429 with or without `Retry-After`, and 503 with it, are the PSA saying "not now" to the
    /// whole tenant (psa-apis §4); a 503 without it is a bad moment of one request.
    static func throttle(in outcome: Result<HTTPResponse, HTTPError>, now: Date = Date()) -> BudgetAnswer? {
        guard case .success(let response) = outcome else { return nil }
        let retryAfter = response.headers["Retry-After"].flatMap { RetryAfter.delay(from: $0, now: now) }
        let seconds = retryAfter.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }
        switch response.status {
        case 429: return .throttled(retryAfter: seconds)
        case 503 where seconds != nil: return .throttled(retryAfter: seconds)
        default: return nil
        }
    }

    private static func answered(_ outcome: Result<HTTPResponse, HTTPError>) -> Bool {
        if case .success = outcome { return true }
        return false
    }

    /// Sends, and throws unless the status is 2xx. `describe` extracts the vendor's error
    /// message (and the field it names) from a failed response's body.
    public func checked(_ request: HTTPRequest, describe: (HTTPResponse) -> VendorErrorText)
        async throws(ConnectorError) -> HTTPResponse
    {
        let response = try await send(request)
        guard response.isSuccess else { throw error(for: response, describe: describe) }
        return response
    }

    /// The `ConnectorError` for a non-2xx response.
    public func error(for response: HTTPResponse, describe: (HTTPResponse) -> VendorErrorText) -> ConnectorError {
        if response.isRedirect {
            // Redirects are never followed: credentials must not travel to an address the
            // admin did not give. Say where the PSA pointed instead.
            let target = response.headers["Location"].map { SecretRedaction.redactURL($0) } ?? "no address given"
            return .unexpectedResponse(
                "a redirect (\(response.status)) to \(target), which psalink does not follow; check the address")
        }
        let text = describe(response)
        let message = SecretRedaction.redact(
            text.message.isEmpty ? "no details given" : text.message,
            knownSecrets: secrets)
        switch response.status {
        case 401: return .unauthorized(message)
        case 403: return .forbidden(message)
        case 404: return .notFound(message)
        case 400, 409, 422: return .rejected(field: text.field, message: message)
        case 429: return .rateLimited(message)
        default: return .server(status: response.status, message: message)
        }
    }

    /// Decodes a 2xx body, or explains what arrived instead (an HTML login page, broken JSON).
    public func decode<T: Decodable>(_ type: T.Type, from response: HTTPResponse) throws(ConnectorError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: response.body)
        } catch {
            throw .unexpectedResponse(Self.describeUnexpected(response, error: error))
        }
    }

    static func describeUnexpected(_ response: HTTPResponse, error: any Error) -> String {
        let contentType = response.headers["Content-Type"] ?? "no content type"
        if contentType.lowercased().contains("html") || response.text.lowercased().hasPrefix("<") {
            return "an HTML page (\(response.status)) instead of JSON; check the address"
        }
        if response.body.isEmpty { return "an empty body (\(response.status)) instead of JSON" }
        if case DecodingError.keyNotFound(let key, _) = error {
            return "JSON without the expected field \"\(key.stringValue)\""
        }
        if case DecodingError.typeMismatch(_, let context) = error {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "JSON with an unexpected value at \(path.isEmpty ? "the top level" : path)"
        }
        return "malformed JSON (\(contentType))"
    }
}

/// A vendor's error text: the message, and the field when the vendor names one.
public struct VendorErrorText: Sendable, Equatable {
    public var field: String?
    public var message: String

    public init(field: String? = nil, message: String) {
        self.field = field
        self.message = message
    }
}
