import Foundation

/// One HTTP request. The body is never part of `description`, so a request can be logged safely.
public struct HTTPRequest: Sendable, CustomStringConvertible {
    public var method: HTTPMethod
    public var url: String
    public var headers: HTTPHeaders
    public var body: Data?
    /// Time allowed to establish the connection (DNS, TCP and TLS); nil uses the client's default.
    public var connectTimeout: Duration?
    /// Time allowed for the whole transfer; nil uses the client's default.
    public var totalTimeout: Duration?
    /// Set by a caller that has made a non-idempotent request (POST, PATCH) safe to repeat, for
    /// example by checking that the first attempt did not already create the ticket.
    public var retryable: Bool
    /// Asks libcurl for the server's certificate chain, so that the response carries its
    /// earliest expiry (`HTTPResponse.certificateExpiry`); `psalink doctor` sets it.
    public var readsCertificateExpiry = false

    public init(
        method: HTTPMethod = .get,
        url: String,
        headers: HTTPHeaders = [:],
        body: Data? = nil,
        connectTimeout: Duration? = nil,
        totalTimeout: Duration? = nil,
        retryable: Bool = false
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.retryable = retryable
    }

    /// A request carrying `body` as JSON, with the matching `Content-Type`.
    public static func json(
        _ method: HTTPMethod, url: String, body: Data, headers: HTTPHeaders = [:]
    ) -> HTTPRequest {
        var request = HTTPRequest(method: method, url: url, headers: headers, body: body)
        request.headers.set(name: "Content-Type", value: "application/json")
        return request
    }

    /// A request carrying `fields` as `application/x-www-form-urlencoded` (OAuth2 token requests).
    public static func form(
        _ method: HTTPMethod = .post, url: String, fields: [(String, String)], headers: HTTPHeaders = [:]
    ) -> HTTPRequest {
        let encoded = fields.map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&")
        var request = HTTPRequest(method: method, url: url, headers: headers, body: Data(encoded.utf8))
        request.headers.set(name: "Content-Type", value: "application/x-www-form-urlencoded")
        return request
    }

    /// Method, URL with secret query values redacted, and headers with secret values redacted.
    public var description: String {
        let shownHeaders = headers.map {
            "\($0.name): \(SecretRedaction.redactHeaderValue(name: $0.name, value: $0.value))"
        }
        let headerPart = shownHeaders.isEmpty ? "" : " [" + shownHeaders.joined(separator: ", ") + "]"
        return "\(method) \(SecretRedaction.redactURL(url))\(headerPart)"
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters: for form fields and
    /// query values alike.
    static func formEncode(_ text: String) -> String {
        // RFC 3986 unreserved characters only: '+', '&' and '=' inside a secret must be escaped.
        var allowed = CharacterSet.alphanumerics.intersection(
            CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
