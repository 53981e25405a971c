import Foundation

/// A complete HTTP response. Any status, including 3xx and 4xx/5xx, arrives here: callers decide
/// what a status means.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: Data
    /// The earliest "Expire date" in the chain the server sent, which verification accepted:
    /// only for a request that `readsCertificateExpiry` over TLS, and when the TLS library
    /// reports the chain.
    public var certificateExpiry: Date?

    public init(status: Int, headers: HTTPHeaders = [:], body: Data = Data(), certificateExpiry: Date? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.certificateExpiry = certificateExpiry
    }

    public var isSuccess: Bool { (200..<300).contains(status) }

    public var isRedirect: Bool { (300..<400).contains(status) }

    /// The body decoded as UTF-8, with invalid bytes replaced.
    public var text: String { String(decoding: body, as: UTF8.self) }
}
