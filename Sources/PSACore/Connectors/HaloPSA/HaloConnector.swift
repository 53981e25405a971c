import Foundation

/// HaloPSA through its REST API (`{url}/api`), signed in with an API application's client
/// credentials (OAuth2, `{auth_url}/token`). See `psa-apis.md` §3 for the vendor facts.
///
/// Copies share one token: concurrent calls wait for a single token request, and a token
/// the resource server refuses (401, e.g. expired early) is refreshed once and the call
/// repeated once; a second 401 is the answer.
public struct HaloConnector: PSAConnector {
    public var system: PSASystem { .halo }

    let credentials: HaloCredentials
    let transport: ConnectorTransport
    /// The integration's ticket settings, for what a call's own settings leave out (the
    /// outcome of a note).
    let ticketSettings: [TicketField: String]
    /// `{url}/api`.
    let apiURL: String
    let session: HaloAuthSession
    /// The internal-note outcome, read once (`internalNoteOutcome()`).
    let noteOutcome = SharedLookup<String?>()
    /// Each ticket type's required fields and defaults, read once (`typeRequirements(_:)`).
    let ticketTypes = HaloTypeCache()

    public init(
        credentials: HaloCredentials, transport: ConnectorTransport, ticketSettings: [TicketField: String] = [:]
    ) {
        self.credentials = credentials
        self.transport = transport
        self.ticketSettings = ticketSettings
        let base = Self.withoutTrailingSlashes(credentials.url.trimmingCharacters(in: .whitespaces))
        apiURL = base + "/api"
        session = HaloAuthSession(credentials: credentials, transport: transport, baseURL: base)
    }

    /// A token, then the cheapest read that needs one (one client). When the token response
    /// lists its scopes, an application that may not write tickets is refused here rather
    /// than at its first alert.
    public func validate() async throws(ConnectorError) {
        let problems = Credentials.halo(credentials).problems()
        guard problems.isEmpty else { throw .invalidCredentials(problems) }
        let token = try await session.token()
        if let scopes = token.scopes, !Self.covers(scopes, "edit:tickets") {
            throw .forbidden(
                "the API application may not edit tickets; give it the edit:tickets permission"
                    + " (granted: \(scopes.joined(separator: " ")))")
        }
        _ = try await get(
            "/Client", query: [("pageinate", "true"), ("page_size", "1"), ("page_no", "1")],
            scope: "read:customers")
    }

    // MARK: - Requests

    /// GET, decoded.
    func get(_ path: String, query: [(String, String)] = [], scope: String) async throws(ConnectorError) -> HaloJSON {
        let response = try await send(HTTPRequest(url: url(path, query)), scope: scope)
        return try HaloJSON.decode(response)
    }

    /// POST of a JSON array, as Halo takes every write; decoded.
    func post(
        _ path: String, _ items: [HaloJSON], scope: String, repeatable: Bool = false, field: String? = nil
    ) async throws(ConnectorError) -> HaloJSON {
        var request = HTTPRequest.json(.post, url: url(path, []), body: HaloJSON.array(items).encoded)
        request.retryable = repeatable
        let response = try await send(request, scope: scope, field: field)
        if response.body.isEmpty { return .null }
        return try HaloJSON.decode(response)
    }

    /// Sends with the Bearer token; on a 401 refreshes the token once and sends once more.
    /// A 403 names `scope`, the permission the call needs, when Halo's text does not.
    func send(_ request: HTTPRequest, scope: String, field: String? = nil) async throws(ConnectorError)
        -> HTTPResponse
    {
        var token = try await session.token()
        var response = try await transport.send(authorized(request, token))
        if response.status == 401 {
            token = try await session.token(replacing: token.value)
            response = try await transport.send(authorized(request, token))
        }
        guard response.isSuccess else {
            let error = transport.error(for: response) { response in
                VendorErrorText(field: field, message: HaloErrorText.message(in: response))
            }
            if case .forbidden(let message) = error, !message.contains(scope) {
                throw .forbidden("\(message) (the API application needs the \(scope) permission)")
            }
            throw error
        }
        return response
    }

    private func authorized(_ request: HTTPRequest, _ token: HaloAuthSession.Token) -> HTTPRequest {
        var request = request
        request.headers.set(name: "Authorization", value: "Bearer \(token.value)")
        request.headers.set(name: "Accept", value: "application/json")
        return request
    }

    func url(_ path: String, _ query: [(String, String)]) -> String {
        guard !query.isEmpty else { return apiURL + path }
        return apiURL + path + "?" + query.map { "\($0.0)=\(HTTPRequest.formEncode($0.1))" }.joined(separator: "&")
    }

    /// The list in a response: a bare array, or the array under `key` (`clients`, `tickets`).
    func items(_ json: HaloJSON, key: String) throws(ConnectorError) -> [HaloJSON] {
        if let items = json.array ?? json[key]?.array { return items }
        throw .unexpectedResponse("JSON without the expected list \"\(key)\"")
    }

    /// Halo's ids are numbers; anything else cannot name a Halo record.
    static func haloID(_ text: String, field: String) throws(ConnectorError) -> HaloJSON {
        guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw .rejected(field: field, message: "\"\(text)\" is not a HaloPSA id (a number)")
        }
        return .int(number)
    }

    /// Whether granted scopes include `scope` (`all` includes everything, `edit:x` includes `read:x`).
    static func covers(_ granted: [String], _ scope: String) -> Bool {
        let area = scope.split(separator: ":").last.map(String.init) ?? scope
        return granted.contains { $0 == "all" || $0 == scope || $0 == "edit:\(area)" }
    }

    static func withoutTrailingSlashes(_ text: String) -> String {
        var text = Substring(text)
        while text.hasSuffix("/") { text = text.dropLast() }
        return String(text)
    }
}
