import PSACore
import PSASandbox

/// Starts a sandbox, builds an Autotask connector against it with a fast retry policy, and
/// always stops the sandbox. The timeout is roomy: the whole suite runs in parallel on a
/// busy machine; a test of timing out passes a short one.
func withAutotaskSandbox(
    companyCount: Int = 5,
    username: String? = nil,
    secret: String? = nil,
    integrationCode: String? = nil,
    totalTimeout: Duration = .seconds(15),
    _ body: (AutotaskConnector, PSASandbox) async throws -> Void
) async throws {
    let sandbox = PSASandbox(configuration: .init(companyCount: companyCount))
    let running = try await sandbox.start()
    let sandboxCredentials = sandbox.credentials
    let credentials = AutotaskCredentials(
        username: username ?? sandboxCredentials.autotaskUsername,
        secret: Secret(secret ?? sandboxCredentials.autotaskSecret),
        integrationCode: integrationCode ?? sandboxCredentials.autotaskIntegrationCode,
        zoneDiscoveryURL: running.endpoints.autotaskZoneDiscoveryURL)
    let transport = ConnectorTransport(
        client: HTTPClient(configuration: .init(connectTimeout: .seconds(5), totalTimeout: totalTimeout)),
        retry: RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(10), totalBudget: .seconds(30)),
        secrets: [sandboxCredentials.autotaskSecret, secret].compactMap { $0 })
    do {
        try await body(AutotaskConnector(credentials: credentials, transport: transport), sandbox)
    } catch {
        await running.stop()
        throw error
    }
    await running.stop()
}

/// A ticket draft with values the sandbox's picklists hold.
func autotaskDraft(companyID: String, reference: String = "psalink:acc-1:cond-42:hostpool/hp-east-1") -> TicketDraft {
    TicketDraft(
        companyID: companyID, title: "Scaling failed on hp-east-1", details: "Host pool scaling failed.",
        externalReference: reference,
        settings: [
            .queue: "29683354", .status: "1", .priority: "1", .ticketType: "5", .issueType: "18",
            .subIssueType: "230",
        ])
}
