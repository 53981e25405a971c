import Foundation

/// One HTTP request psalink sent to a PSA or to Nerdio, as the request log, the metrics and the
/// service's log lines see it: nothing in it is a secret.
public struct PSARequestRecord: Sendable, Equatable {
    public var method: String
    /// The URL's path and query, secret-named query values redacted; no scheme, host or user-info.
    public var path: String
    public var host: String
    /// The HTTP status, or nil when no answer came (a timeout, a reset, a refused connection).
    public var status: Int?
    /// Why there was no answer, or the start of an error answer's body (secrets redacted, at
    /// most `PSARequestRecord.failureLimit` characters); nil for a success.
    public var failure: String?
    public var startedAt: Date
    public var duration: Duration

    public static let failureLimit = 300

    public init(
        method: String, path: String, host: String, status: Int?, failure: String?, startedAt: Date,
        duration: Duration
    ) {
        self.method = method
        self.path = path
        self.host = host
        self.status = status
        self.failure = failure
        self.startedAt = startedAt
        self.duration = duration
    }

    /// The record of `request`, answered by `result`.
    static func of(
        _ request: HTTPRequest, result: Result<HTTPResponse, HTTPError>, startedAt: Date, duration: Duration
    ) -> PSARequestRecord {
        let (host, path) = split(SecretRedaction.redactURL(request.url))
        var status: Int?
        var failure: String?
        switch result {
        case .success(let response):
            status = response.status
            if !response.isSuccess, !response.isRedirect {
                failure = excerpt(SecretRedaction.redact(response.text))
            }
        case .failure(let error):
            failure = excerpt(error.description)
        }
        return PSARequestRecord(
            method: request.method.rawValue, path: path, host: host, status: status, failure: failure,
            startedAt: startedAt, duration: duration)
    }

    private static func split(_ url: String) -> (host: String, path: String) {
        guard let schemeEnd = url.range(of: "://") else { return ("", url) }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { "/?#".contains($0) } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let path = rest[authorityEnd...].prefix { $0 != "#" }
        return (String(authority), path.isEmpty ? "/" : String(path))
    }

    /// One line, printable characters only, cut at the limit: an error page can be long HTML.
    private static func excerpt(_ text: String) -> String? {
        let flattened = text.unicodeScalars.map { scalar -> Character in
            scalar.properties.generalCategory == .control || scalar == "\u{7F}" ? " " : Character(scalar)
        }
        let collapsed = String(flattened).split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        guard !collapsed.isEmpty else { return nil }
        return collapsed.count > failureLimit ? String(collapsed.prefix(failureLimit - 1)) + "…" : collapsed
    }
}
