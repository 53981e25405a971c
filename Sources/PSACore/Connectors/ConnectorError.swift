import Foundation

/// Why a PSA call failed, in words an admin can act on. Built from the vendor's own error
/// body where it has one; never contains a secret.
public enum ConnectorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 401: the PSA did not accept the credentials.
    case unauthorized(String)
    /// 403: signed in, but missing a permission (named when the PSA names it).
    case forbidden(String)
    /// 404 or an empty lookup: e.g. an unknown ConnectWise company ID.
    case notFound(String)
    /// 400/409/422: the PSA rejected a value; `field` when it names one.
    case rejected(field: String?, message: String)
    /// 429 after every retry.
    case rateLimited(String)
    /// Not sent: the PSA's rate budget holds its requests until then, longer than the caller
    /// would wait (`BudgetWait.limit`).
    case throttled(until: Date)
    /// Not sent: the rate budget's shared state could not be read or written.
    case budgetUnavailable(String)
    /// 5xx or 408 after every retry, or a status the vendor's documents do not explain.
    case server(status: Int, message: String)
    /// No answer: DNS, connection, TLS, timeout, reset, size limit, cancellation.
    case transport(HTTPError)
    /// An answer that is not what the vendor's API returns (HTML, malformed JSON).
    case unexpectedResponse(String)
    /// Credentials that cannot be used before any call (empty or malformed fields).
    case invalidCredentials([CredentialError])

    public var description: String { description(naming: \.name) }

    /// The failure with any credential field named as the front end names it.
    public func description(naming: (CredentialField) -> String) -> String {
        switch self {
        case .unauthorized(let message): return "the PSA rejected the credentials (401): \(message)"
        case .forbidden(let message): return "missing permission (403): \(message)"
        case .notFound(let message): return "not found: \(message)"
        case .rejected(let field?, let message): return "the PSA rejected \(field): \(message)"
        case .rejected(nil, let message): return "the PSA rejected the request: \(message)"
        case .rateLimited(let message): return "the PSA is limiting requests (429): \(message)"
        case .throttled(let until):
            return "may be temporary: waiting for the PSA's rate limit until \(until.formatted(.iso8601))"
        case .budgetUnavailable(let reason): return "may be temporary: the rate budget could not be read: \(reason)"
        case .server(let status, let message): return "may be temporary: the PSA answered \(status): \(message)"
        case .transport(let error): return error.description
        case .unexpectedResponse(let message): return "may be temporary: unexpected answer from the PSA: \(message)"
        case .invalidCredentials(let problems):
            return problems.map { $0.description(naming: naming) }.joined(separator: "; ")
        }
    }

    public var isCancellation: Bool { self == .transport(.cancelled) }

    /// When the request was held back by the PSA's rate budget, until when: waiting for the
    /// budget is not a failed attempt.
    public var throttledUntil: Date? {
        if case .throttled(let until) = self { return until }
        return nil
    }

    /// Whether the answer is the PSA having a bad moment rather than a verdict (DESIGN §2).
    /// Transient: any 5xx, 408 and 429, no answer (timeouts, resets, TLS handshakes cut short),
    /// and answers that are not the API's (an HTML error page from a proxy, an empty or cut-off
    /// body where JSON was due), and every answer whose meaning the vendor's documents leave
    /// open, which the connectors report as `.server` or `.unexpectedResponse`. Delivery retries
    /// these with back-off and never ends an event on one. Final: the vendor's documented
    /// refusals (401 and 403, after one token refresh where there are tokens; a validation
    /// error naming a field; an unknown company or ticket where the documents say how that
    /// looks), and credentials that cannot be used at all.
    public var isTransient: Bool {
        switch self {
        case .rateLimited, .throttled, .budgetUnavailable, .server, .unexpectedResponse: return true
        case .transport(let error): return error.isTransient
        case .unauthorized, .forbidden, .notFound, .rejected, .invalidCredentials: return false
        }
    }
}
