import Foundation

/// The access token of one Halo connection, shared by every call made through it.
///
/// The token endpoint is found once through `GET {url}/api/authinfo` (`auth_url`,
/// `tenant_id`), falling back to `{url}/auth/token`. However many calls need a token at the
/// same moment, one token request is in flight; a call whose token the resource server
/// refused asks for a replacement of that token, and callers refused the same token share
/// one refresh.
actor HaloAuthSession {
    struct Token: Sendable {
        var value: String
        /// Refresh before this, a little ahead of the `expires_in` Halo gave.
        var refreshAfter: ContinuousClock.Instant
        /// The scopes granted, when the token response lists them.
        var scopes: [String]?
    }

    private let credentials: HaloCredentials
    private let transport: ConnectorTransport
    private let baseURL: String
    private var tokenURL: String?
    private var current: Token?
    private var refreshing: Task<Result<Token, ConnectorError>, Never>?

    init(credentials: HaloCredentials, transport: ConnectorTransport, baseURL: String) {
        self.credentials = credentials
        self.transport = transport
        self.baseURL = baseURL
    }

    /// A token that has not expired. With `stale`, the token the resource server just
    /// refused: it is never returned again, and a newer one obtained meanwhile is.
    func token(replacing stale: String? = nil) async throws(ConnectorError) -> Token {
        if let stale, current?.value == stale { current = nil }
        if let current, ContinuousClock.now < current.refreshAfter { return current }
        let task: Task<Result<Token, ConnectorError>, Never>
        if let refreshing {
            task = refreshing
        } else {
            task = Task { await self.requestToken() }
            refreshing = task
        }
        let result = await task.value
        if refreshing == task { refreshing = nil }
        return try result.get()
    }

    private func requestToken() async -> Result<Token, ConnectorError> {
        do throws(ConnectorError) {
            let url = try await resolveTokenURL()
            var request = HTTPRequest.form(
                url: url,
                fields: [
                    ("grant_type", "client_credentials"),
                    ("client_id", credentials.clientID.trimmingCharacters(in: .whitespaces)),
                    ("client_secret", credentials.clientSecret.reveal()),
                    ("scope", "all"),
                ])
            request.headers.set(name: "Accept", value: "application/json")
            // Asking for a token again changes nothing on the server.
            request.retryable = true
            let response = try await transport.send(request)
            guard response.isSuccess else {
                // The token endpoint is not where authinfo said: find it again next time.
                if response.status == 404 || response.isRedirect { tokenURL = nil }
                throw tokenError(response)
            }
            let json = try HaloJSON.decode(response)
            guard let value = json["access_token"]?.string else {
                throw .unexpectedResponse("a token response without an access_token")
            }
            let lifetime = max(json["expires_in"]?.int ?? 300, 1)
            let margin = min(60.0, Double(lifetime) / 10)
            let scopes = json["scope"]?.string.map { $0.split(separator: " ").map(String.init) }
            tokenURL = url
            let token = Token(
                value: value, refreshAfter: .now + .seconds(Double(lifetime) - margin), scopes: scopes)
            // Kept here, as it arrives: a caller that wakes up late must not put back an older one.
            current = token
            return .success(token)
        } catch {
            return .failure(error)
        }
    }

    /// `{auth_url}/token` from authinfo, or `{url}/auth/token` when the instance does not
    /// answer it; `?tenant=` with the configured tenant, else the one authinfo names.
    private func resolveTokenURL() async throws(ConnectorError) -> String {
        if let tokenURL { return tokenURL }
        var endpoint = baseURL + "/auth/token"
        var tenant = credentials.tenant?.trimmingCharacters(in: .whitespaces)
        let request = HTTPRequest(url: baseURL + "/api/authinfo", headers: ["Accept": "application/json"])
        // A network failure here would fail the token request too: report it now.
        let response = try await transport.send(request)
        // An instance that does not serve authinfo (an error status such as 404) uses
        // `{url}/auth/token` (HA8). One having a bad moment (5xx, 408, 429, or a 2xx whose body
        // is not JSON: a proxy's page, nothing, JSON cut short) is asked again later rather
        // than taken at its word, as its token endpoint may be elsewhere.
        if RetryPolicy.isRetryable(status: response.status) {
            throw transport.error(for: response, describe: HaloErrorText.describe)
        }
        if response.isSuccess {
            guard let info = HaloJSON.parse(response.body) else {
                let reason = DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not JSON"))
                throw .unexpectedResponse(
                    "authinfo answered " + ConnectorTransport.describeUnexpected(response, error: reason))
            }
            if let authURL = info["auth_url"]?.string {
                endpoint = HaloConnector.withoutTrailingSlashes(authURL) + "/token"
                if tenant?.isEmpty ?? true { tenant = info["tenant_id"]?.idText }
            }
        }
        guard let tenant, !tenant.isEmpty else { return endpoint }
        guard var components = URLComponents(string: endpoint) else {
            throw .unexpectedResponse("an auth_url that is not a URL")
        }
        components.queryItems = (components.queryItems ?? []) + [URLQueryItem(name: "tenant", value: tenant)]
        return components.string ?? endpoint
    }

    /// OAuth2 errors (RFC 6749 §5.2) from the token endpoint, in the admin's terms: a 400 or
    /// 401 means the URL, tenant, client ID or secret was not accepted.
    private func tokenError(_ response: HTTPResponse) -> ConnectorError {
        let error = transport.error(for: response, describe: HaloErrorText.describe)
        let code = HaloJSON.parse(response.body)?["error"]?.string
        switch (error, code) {
        case (.rejected(_, let message), "invalid_scope"), (.unauthorized(let message), "invalid_scope"):
            return .forbidden(message)
        case (.rejected(_, let message), _):
            return .unauthorized(message)
        default:
            return error
        }
    }
}
