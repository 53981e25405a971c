import Foundation

/// A complete HTTP response. Any status, including 3xx and 4xx/5xx, arrives here: callers decide
/// what a status means.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: Data

    public init(status: Int, headers: HTTPHeaders = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public var isSuccess: Bool { (200..<300).contains(status) }

    public var isRedirect: Bool { (300..<400).contains(status) }

    /// The body decoded as UTF-8, with invalid bytes replaced.
    public var text: String { String(decoding: body, as: UTF8.self) }
}
