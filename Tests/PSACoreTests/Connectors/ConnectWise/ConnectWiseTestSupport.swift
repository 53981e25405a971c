import Foundation
import PSACore
import PSASandbox

/// A running sandbox with a ConnectWise connector pointed at it.
struct ConnectWiseTestBed {
    let sandbox: PSASandbox
    let endpoints: SandboxEndpoints
    let connector: ConnectWiseConnector

    var sandboxCredentials: SandboxCredentials { endpoints.credentials }
    var apiBase: String { endpoints.connectWiseSite + "/v4_6_release/apis/3.0" }

    /// Another connector on the same sandbox, with some credentials changed.
    func connector(
        site: String? = nil, company: String? = nil, publicKey: String? = nil, privateKey: String? = nil,
        clientID: String? = nil
    ) -> ConnectWiseConnector {
        let credentials = sandboxCredentials
        return ConnectWiseConnector(
            credentials: ConnectWiseCredentials(
                site: site ?? endpoints.connectWiseSite, companyID: company ?? credentials.connectWiseCompany,
                publicKey: publicKey ?? credentials.connectWisePublicKey,
                privateKey: Secret(privateKey ?? credentials.connectWisePrivateKey),
                clientID: clientID ?? credentials.connectWiseClientID),
            transport: Self.transport(secrets: [credentials.connectWisePrivateKey]))
    }

    static func transport(secrets: [String]) -> ConnectorTransport {
        ConnectorTransport(
            client: HTTPClient(configuration: .init(connectTimeout: .seconds(2), totalTimeout: .seconds(5))),
            retry: RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(10), totalBudget: .seconds(5)),
            secrets: secrets)
    }

    /// One request straight to the API (`pathAndQuery` after `/apis/3.0`), with the sandbox's
    /// Basic credentials unless told otherwise; nil `clientID` leaves the header out.
    func raw(
        _ pathAndQuery: String, publicKey: String? = nil, clientID: String?? = .none, authorization: String? = nil
    ) async throws -> HTTPResponse {
        try await raw(.get, pathAndQuery, publicKey: publicKey, clientID: clientID, authorization: authorization)
    }

    func raw(
        _ method: HTTPMethod, _ pathAndQuery: String, body: String? = nil,
        publicKey: String? = nil, clientID: String?? = .none, authorization: String? = nil
    ) async throws -> HTTPResponse {
        let credentials = sandboxCredentials
        let user = "\(credentials.connectWiseCompany)+\(publicKey ?? credentials.connectWisePublicKey)"
        let token = Data("\(user):\(credentials.connectWisePrivateKey)".utf8).base64EncodedString()
        var headers: HTTPHeaders = ["Authorization": authorization ?? "Basic \(token)"]
        switch clientID {
        case .none: headers.add(name: "clientId", value: credentials.connectWiseClientID)
        case .some(let value?): headers.add(name: "clientId", value: value)
        case .some(nil): break
        }
        var request = HTTPRequest(method: method, url: apiBase + pathAndQuery, headers: headers)
        if let body {
            request.body = Data(body.utf8)
            request.headers.set(name: "Content-Type", value: "application/json")
        }
        return try await HTTPClient().send(request)
    }
}

/// Starts a sandbox, builds a ConnectWise connector against it with short timeouts and a fast
/// retry policy, and always stops the sandbox.
func withConnectWiseSandbox(companyCount: Int = 40, _ body: (ConnectWiseTestBed) async throws -> Void)
    async throws
{
    let sandbox = PSASandbox(configuration: .init(companyCount: companyCount))
    let running = try await sandbox.start()
    let endpoints = running.endpoints
    let credentials = endpoints.credentials
    let connector = ConnectWiseConnector(
        credentials: ConnectWiseCredentials(
            site: endpoints.connectWiseSite, companyID: credentials.connectWiseCompany,
            publicKey: credentials.connectWisePublicKey, privateKey: Secret(credentials.connectWisePrivateKey),
            clientID: credentials.connectWiseClientID),
        transport: ConnectWiseTestBed.transport(secrets: [credentials.connectWisePrivateKey]))
    do {
        try await body(ConnectWiseTestBed(sandbox: sandbox, endpoints: endpoints, connector: connector))
    } catch {
        await running.stop()
        throw error
    }
    await running.stop()
}

/// A draft for the sandbox's Service Desk board: status New, type Incident, priority 3.
func connectWiseDraft(
    companyID: String = "251", title: String = "Scaling failed on hp-east-1",
    reference: String = "psalink:acc-1:cond-42:hostpool/hp-east-1", settings: [TicketField: String]? = nil
) -> TicketDraft {
    TicketDraft(
        companyID: companyID, title: title, details: "Host pool scaling failed.", externalReference: reference,
        settings: settings ?? [
            .board: "1", .status: "16", .ticketType: "4", .priority: "4", .severity: "high", .impact: "Low",
        ])
}

/// A JSON body as a dictionary (tests read the sandbox's answers with it).
func connectWiseJSON(_ response: HTTPResponse) -> Any? {
    try? JSONSerialization.jsonObject(with: response.body, options: [.fragmentsAllowed])
}
