import Foundation
import Synchronization

/// What the three connectors share below their vendor logic: sending with the retry
/// policy, counting requests, decoding JSON, and turning statuses into `ConnectorError`s
/// with the vendor's own error text.
public final class ConnectorTransport: Sendable {
    public let client: HTTPClient
    public let retry: RetryPolicy
    /// Secret values to remove from any message built from a response.
    let secrets: [String]
    private let sent = Atomic<Int>(0)

    public init(client: HTTPClient, retry: RetryPolicy = .standard, secrets: [String]) {
        self.client = client
        self.retry = retry
        self.secrets = secrets
    }

    /// HTTP requests sent so far, retries included.
    public var requestCount: Int { sent.load(ordering: .relaxed) }

    /// Sends with retries. Any status comes back as a response; use `checked` to turn
    /// failures into errors.
    public func send(_ request: HTTPRequest) async throws(ConnectorError) -> HTTPResponse {
        do {
            return try await client.send(request, retry: retry) { self.sent.add(1, ordering: .relaxed) }
        } catch {
            throw .transport(error)
        }
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
