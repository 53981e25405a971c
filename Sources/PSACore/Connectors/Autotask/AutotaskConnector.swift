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
        let reader = self
        transport.budget?.readsUsage { () async throws(ConnectorError) in try await reader.usage() }
    }

    /// `ThresholdInformation` is the cheapest authenticated call (AT1) and also proves the zone.
    public func validate() async throws(ConnectorError) {
        _ = try await call(.get, "ThresholdInformation", endpoint: "ThresholdInformation")
    }

    /// The database's request usage, which every integration of the tenant counts against
    /// (AT1, AT4 `middleware/threshold.go`; psa-apis §2.3, §2.6). The budget reads it to slow
    /// down before Autotask does; the read itself is counted, and is cheap.
    func usage() async throws(ConnectorError) -> BudgetUsage {
        let response = try await call(
            .get, "ThresholdInformation", endpoint: "ThresholdInformation", usagePaced: false)
        let report = try decode(AutotaskWire.ThresholdInformation.self, from: response)
        guard let threshold = report.externalRequestThreshold, let count = report.currentTimeframeRequestCount
        else {
            throw .unexpectedResponse("ThresholdInformation without the threshold or the request count")
        }
        // The timeframe is in minutes; an hour when absent, as Autotask documents the threshold.
        let minutes = report.requestThresholdTimeframe ?? 60
        return BudgetUsage(
            count: count, threshold: threshold, timeframe: Double(max(minutes, 1)) * 60, observedAt: Date())
    }

    // MARK: Requests

    /// Sends one API request with the three authentication headers, waiting for a slot of
    /// `endpoint` first, and fails on a non-2xx status or a 2xx body that carries `errors`.
    ///
    /// When Autotask says the zone psalink remembered is wrong (a 401, or a redirect), the zone
    /// is looked up again and the request sent once more: a user moved to another zone keeps
    /// working, and a wrong secret still ends in the 401 after that one retry.
    func call(
        _ method: HTTPMethod, _ path: String, body: [String: Any]? = nil, endpoint: String,
        retryable: Bool = false, usagePaced: Bool = true
    ) async throws(ConnectorError) -> HTTPResponse {
        let base = try await apiBase()
        switch await attempt(
            method, url: base + path, body: body, endpoint: endpoint, retryable: retryable, usagePaced: usagePaced)
        {
        case .success(let response): return response
        case .failure(.failed(let error)): throw error
        case .failure(.zoneMoved):
            session.zone.forget()
            let rediscovered = try await apiBase()
            let again = await attempt(
                method, url: rediscovered + path, body: body, endpoint: endpoint, retryable: retryable,
                usagePaced: usagePaced)
            return try again.mapError(\.error).get()
        }
    }

    /// How a request to the remembered zone ended, when it did not succeed.
    enum CallError: Error {
        /// A 401 or a redirect: the zone may have moved; `error` is what to report if it has not.
        case zoneMoved(ConnectorError)
        case failed(ConnectorError)

        var error: ConnectorError {
            switch self {
            case .zoneMoved(let error), .failed(let error): return error
            }
        }
    }

    func attempt(
        _ method: HTTPMethod, url: String, body: [String: Any]?, endpoint: String, retryable: Bool,
        usagePaced: Bool = true
    ) async -> Result<HTTPResponse, CallError> {
        do throws(CallError) {
            return .success(
                try await call(
                    method, url: url, body: body, endpoint: endpoint, retryable: retryable, usagePaced: usagePaced))
        } catch {
            return .failure(error)
        }
    }

    func call(
        _ method: HTTPMethod, url: String, body: [String: Any]?, endpoint: String, retryable: Bool,
        usagePaced: Bool = true
    ) async throws(CallError) -> HTTPResponse {
        var request = HTTPRequest(method: method, url: url, headers: authenticationHeaders)
        request.headers.set(name: "Content-Type", value: "application/json")
        if let body {
            do {
                request.body = try encode(body)
            } catch {
                throw .failed(error)
            }
        }
        request.retryable = retryable
        await session.limiter.acquire(endpoint)
        let outcome: Result<HTTPResponse, ConnectorError>
        do {
            outcome = .success(try await transport.send(request, usagePaced: usagePaced))
        } catch {
            outcome = .failure(error)
        }
        await session.limiter.release(endpoint)
        let response: HTTPResponse
        switch outcome {
        case .success(let answer): response = answer
        case .failure(let error): throw .failed(error)
        }
        guard response.isSuccess else {
            let error = transport.error(for: response, describe: AutotaskErrorText.describe)
            throw response.status == 401 || response.isRedirect ? .zoneMoved(error) : .failed(error)
        }
        if let errors = AutotaskErrorText.errors(in: response.body) {
            let message = errors.map(\.message).joined(separator: "; ")
            throw .failed(
                .rejected(
                    field: errors.compactMap(\.field).first,
                    message: SecretRedaction.redact(message, knownSecrets: transport.secrets)))
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

    /// `{zone url}/v1.0/`, discovered once per connector and shared by every call in flight
    /// (AT3, AT4).
    func apiBase() async throws(ConnectorError) -> String {
        try await session.zone.value { () async throws(ConnectorError) in try await discoverZone() }
    }

    /// `zoneInformation` is called without authentication headers (AT3) and is exempt from
    /// the thread limit (AT5). What an unknown user gets is not documented (AT1, AT3 and AT4
    /// show only the successful answer; psa-apis.md §2.1), so no failure here is a verdict on the
    /// user name: every one is transient, and a check shows it as "may be temporary" with
    /// Autotask's words and the user name, so that a mistyped name is still seen at once.
    private func discoverZone() async throws(ConnectorError) -> String {
        var discovery = credentials.zoneDiscoveryURL.trimmingCharacters(in: .whitespaces)
        while discovery.hasSuffix("/") { discovery.removeLast() }
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&+=?#")
        let user = credentials.username.addingPercentEncoding(withAllowedCharacters: allowed) ?? credentials.username
        let url = "\(discovery)/atservicesrest/v1.0/zoneInformation?user=\(user)"
        // Not paced by the usage report: reading the report needs the zone first.
        let response = try await transport.send(HTTPRequest(method: .get, url: url), usagePaced: false)
        let lookup = "the zone lookup for the API user name \"\(credentials.username)\""
        guard response.isSuccess, AutotaskErrorText.errors(in: response.body) == nil else {
            switch transport.error(for: response, describe: AutotaskErrorText.describe) {
            case .rateLimited(let message): throw .rateLimited(message)
            case .unexpectedResponse(let message): throw .unexpectedResponse("\(lookup): \(message)")
            default:
                let detail = SecretRedaction.redact(
                    AutotaskErrorText.describe(response).message, knownSecrets: transport.secrets)
                throw .server(
                    status: response.status, message: "\(lookup): \(detail.isEmpty ? "no details given" : detail)")
            }
        }
        let zone = try decode(AutotaskWire.ZoneInformation.self, from: response)
        guard var zoneURL = zone.url?.trimmingCharacters(in: .whitespaces), !zoneURL.isEmpty else {
            throw .unexpectedResponse("\(lookup) answered without a zone URL")
        }
        while zoneURL.hasSuffix("/") { zoneURL.removeLast() }
        return zoneURL + "/v1.0/"
    }
}
