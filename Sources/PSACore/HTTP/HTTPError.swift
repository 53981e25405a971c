import Foundation

/// Why a request produced no HTTP response. Non-2xx statuses are responses, not errors.
public enum HTTPError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    case invalidURL(String)
    case insecureURL(String)
    case unknownHost(String)
    case cannotConnect(String)
    case tlsFailure(String)
    /// The TLS handshake was cut short (a reset or an abort mid-handshake), not refused.
    case tlsHandshakeAborted(String)
    case timedOut
    case connectionReset
    case responseTooLarge(limit: Int)
    case cancelled
    /// A libcurl failure none of the other cases describes; the detail is curl's own message.
    case transportFailure(String)

    public var description: String {
        switch self {
        case .invalidURL(let reason):
            "Invalid URL: \(reason)."
        case .insecureURL(let reason):
            "Refused an insecure URL: \(reason)."
        case .unknownHost(let host):
            "Unknown host \(host): the name could not be resolved; check the address and DNS."
        case .cannotConnect(let host):
            "Could not connect to \(host): the server is down, the port is closed or a firewall blocks it."
        case .tlsFailure(let detail):
            "TLS failure: \(SecretRedaction.redact(detail))."
        case .tlsHandshakeAborted(let detail):
            "The TLS handshake was cut short: \(SecretRedaction.redact(detail))."
        case .timedOut:
            "The request timed out."
        case .connectionReset:
            "The connection was closed or reset before a complete response arrived."
        case .responseTooLarge(let limit):
            "The response was larger than the limit of \(limit) bytes."
        case .cancelled:
            "The request was cancelled."
        case .transportFailure(let detail):
            "Network error: \(SecretRedaction.redact(detail))."
        }
    }

    public var errorDescription: String? { description }

    /// No answer this time, where a later try may get one: timeouts, resets, refused or
    /// unresolved connections, handshakes cut short. Not transient: an address psalink refuses,
    /// a certificate that does not verify, an answer over the size limit, a cancellation.
    public var isTransient: Bool {
        switch self {
        case .unknownHost, .cannotConnect, .timedOut, .connectionReset, .tlsHandshakeAborted, .transportFailure:
            return true
        case .invalidURL, .insecureURL, .tlsFailure, .responseTooLarge, .cancelled:
            return false
        }
    }
}
