import Foundation
import PSACore
import PSASandbox
import Testing

/// Starts a sandbox, builds a Halo connector against it with short timeouts and a fast retry
/// policy, and always stops the sandbox.
func withHaloSandbox(
    configuration: PSASandbox.Configuration = .init(companyCount: 40),
    clientID: String? = nil,
    secret: String? = nil,
    tenant: String? = nil,
    ticketSettings: [TicketField: String] = [:],
    _ body: (HaloConnector, PSASandbox, SandboxEndpoints) async throws -> Void
) async throws {
    let sandbox = PSASandbox(configuration: configuration)
    let running = try await sandbox.start()
    let sandboxCredentials = sandbox.credentials
    let credentials = HaloCredentials(
        url: running.endpoints.haloURL, clientID: clientID ?? sandboxCredentials.haloClientID,
        clientSecret: Secret(secret ?? sandboxCredentials.haloClientSecret), tenant: tenant)
    let transport = ConnectorTransport(
        client: HTTPClient(configuration: .init(connectTimeout: .seconds(2), totalTimeout: .seconds(5))),
        retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10), totalBudget: .seconds(5)),
        secrets: [sandboxCredentials.haloClientSecret, secret].compactMap { $0 })
    let connector = HaloConnector(credentials: credentials, transport: transport, ticketSettings: ticketSettings)
    do {
        try await body(connector, sandbox, running.endpoints)
    } catch {
        await running.stop()
        throw error
    }
    await running.stop()
}

/// The sandbox's Halo client id of `sandbox.companies[index]`.
func haloClientID(_ index: Int) -> String { String(index + 12) }

/// A ticket draft with values from the sandbox's setup lists (ticket type Incident, SLA 1).
func haloDraft(
    companyID: String = haloClientID(1), reference: String = "psalink:acc-1:cond-42:hostpool/hp-east-1",
    settings: [TicketField: String] = [:]
) -> TicketDraft {
    TicketDraft(
        companyID: companyID, title: "Scaling failed on hp-east-1", details: "Host pool scaling failed.\nSee the log.",
        externalReference: reference,
        settings: [.ticketType: "1", .status: "1", .priority: "2", .category: "Alerts>Monitoring", .impact: "3"]
            .merging(settings) { $1 })
}

/// A token of the main API application, straight from the sandbox.
func haloToken(_ endpoints: SandboxEndpoints) async throws -> String {
    let credentials = endpoints.credentials
    let response = try await HTTPClient().send(
        .form(
            url: endpoints.haloURL + "/auth/token",
            fields: [
                ("grant_type", "client_credentials"), ("client_id", credentials.haloClientID),
                ("client_secret", credentials.haloClientSecret), ("scope", "all"),
            ]))
    return try #require(
        (try JSONSerialization.jsonObject(with: response.body) as? [String: Any])?["access_token"] as? String)
}

/// A GET on the sandbox with a fresh token, for looking at what the connector left behind
/// (the actions of a ticket).
func haloSandboxGet(_ path: String, endpoints: SandboxEndpoints) async throws -> Any {
    let token = try await haloToken(endpoints)
    let response = try await HTTPClient().send(
        HTTPRequest(url: endpoints.haloURL + path, headers: ["Authorization": "Bearer \(token)"]))
    return try JSONSerialization.jsonObject(with: response.body)
}
