import Foundation

/// Datto Autotask PSA over its REST API v1.0: zone discovery, header authentication, filter
/// queries paged through `nextPageUrl`, and at most three requests in flight per endpoint.
public struct AutotaskConnector: PSAConnector {
    public var system: PSASystem { .autotask }

    let credentials: AutotaskCredentials
    let transport: ConnectorTransport
    let session = AutotaskSession()

    public init(credentials: AutotaskCredentials, transport: ConnectorTransport) {
        self.credentials = credentials
        self.transport = transport
    }

    /// `ThresholdInformation` is the cheapest authenticated call (AT1) and also proves the zone.
    public func validate() async throws(ConnectorError) {
        _ = try await call(.get, "ThresholdInformation", endpoint: "ThresholdInformation")
    }

    // MARK: Requests

    /// Sends one API request with the three authentication headers, waiting for a slot of
    /// `endpoint` first, and fails on a non-2xx status or a 2xx body that carries `errors`.
    func call(
        _ method: HTTPMethod, _ path: String, body: [String: Any]? = nil, endpoint: String,
        retryable: Bool = false
    ) async throws(ConnectorError) -> HTTPResponse {
        let base = try await apiBase()
        return try await call(method, url: base + path, body: body, endpoint: endpoint, retryable: retryable)
    }

    func call(
        _ method: HTTPMethod, url: String, body: [String: Any]?, endpoint: String, retryable: Bool
    ) async throws(ConnectorError) -> HTTPResponse {
        var request = HTTPRequest(method: method, url: url, headers: authenticationHeaders)
        request.headers.set(name: "Content-Type", value: "application/json")
        if let body {
            request.body = try encode(body)
        }
        request.retryable = retryable
        await session.limiter.acquire(endpoint)
        let outcome: Result<HTTPResponse, ConnectorError>
        do {
            outcome = .success(try await transport.checked(request, describe: AutotaskErrorText.describe))
        } catch {
            outcome = .failure(error)
        }
        await session.limiter.release(endpoint)
        let response = try outcome.get()
        if let errors = AutotaskErrorText.errors(in: response.body) {
            let message = errors.map(\.message).joined(separator: "; ")
            throw .rejected(
                field: errors.compactMap(\.field).first,
                message: SecretRedaction.redact(message, knownSecrets: transport.secrets))
        }
        return response
    }

    private var authenticationHeaders: HTTPHeaders {
        [
            "ApiIntegrationCode": credentials.integrationCode,
            "UserName": credentials.username,
            "Secret": credentials.secret.reveal(),
        ]
    }

    func decode<T: Decodable>(_ type: T.Type, from response: HTTPResponse) throws(ConnectorError) -> T {
        do {
            return try AutotaskWire.decoder().decode(T.self, from: response.body)
        } catch {
            throw .unexpectedResponse(ConnectorTransport.describeUnexpected(response, error: error))
        }
    }

    private func encode(_ body: [String: Any]) throws(ConnectorError) -> Data {
        do {
            return try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        } catch {
            throw .rejected(field: nil, message: "a value could not be written as JSON")
        }
    }

    // MARK: Zone

    /// `{zone url}/v1.0/`, discovered once per connector (AT3, AT4).
    func apiBase() async throws(ConnectorError) -> String {
        if let known = session.apiBase { return known }
        let base = try await discoverZone()
        session.remember(apiBase: base)
        return base
    }

    /// `zoneInformation` is called without authentication headers (AT3) and is exempt from
    /// the thread limit (AT5). Which status an unknown user gets is not documented, so any
    /// failure here is reported as a user name Autotask does not know.
    private func discoverZone() async throws(ConnectorError) -> String {
        var discovery = credentials.zoneDiscoveryURL.trimmingCharacters(in: .whitespaces)
        while discovery.hasSuffix("/") { discovery.removeLast() }
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&+=?#")
        let user = credentials.username.addingPercentEncoding(withAllowedCharacters: allowed) ?? credentials.username
        let url = "\(discovery)/atservicesrest/v1.0/zoneInformation?user=\(user)"
        let response = try await transport.send(HTTPRequest(method: .get, url: url))
        let unknownUser = "Autotask has no zone for the API user name \"\(credentials.username)\""
        guard response.isSuccess, AutotaskErrorText.errors(in: response.body) == nil else {
            if response.status == 429 || response.status >= 502 {
                throw transport.error(for: response, describe: AutotaskErrorText.describe)
            }
            let detail = AutotaskErrorText.describe(response).message
            throw .notFound(
                SecretRedaction.redact(
                    "\(unknownUser); check the user name (\(detail))", knownSecrets: transport.secrets))
        }
        let zone = try decode(AutotaskWire.ZoneInformation.self, from: response)
        guard var zoneURL = zone.url?.trimmingCharacters(in: .whitespaces), !zoneURL.isEmpty else {
            throw .notFound("\(unknownUser); check the user name")
        }
        while zoneURL.hasSuffix("/") { zoneURL.removeLast() }
        return zoneURL + "/v1.0/"
    }
}
