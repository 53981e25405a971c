import PSACore
import PSASandbox
import Testing

@Suite("Autotask validation and authentication")
struct AutotaskConnectorAuthTests {
    @Test func validatesWithZoneDiscoveryAndHeaders() async throws {
        try await withAutotaskSandbox { connector, sandbox in
            try await connector.validate()
            let log = sandbox.faults.requestLog
            #expect(log.first == "GET /atservicesrest/v1.0/zoneInformation?user=api-user@psalink.example")
            #expect(log.last == "GET /atservicesrest/v1.0/ThresholdInformation")
            try await connector.validate()
            #expect(sandbox.faults.requests(containing: "zoneInformation") == 1)
        }
    }

    @Test func wrongSecretIsUnauthorizedWithoutTheSecret() async throws {
        let wrong = "not-the-autotask-secret-42"
        try await withAutotaskSandbox(secret: wrong) { connector, sandbox in
            let error = await connectorError { () async throws(ConnectorError) in try await connector.validate() }
            guard case .unauthorized(let message)? = error else {
                Issue.record("expected 401, got \(String(describing: error))")
                return
            }
            #expect(message.contains("secret is incorrect"))
            #expect(!"\(error!)".contains(wrong))
            #expect(!"\(error!)".contains(sandbox.credentials.autotaskSecret))
        }
    }

    @Test func wrongIntegrationCodeIsUnauthorized() async throws {
        try await withAutotaskSandbox(integrationCode: "WRONGCODE") { connector, _ in
            let error = await connectorError { () async throws(ConnectorError) in try await connector.validate() }
            guard case .unauthorized(let message)? = error else {
                Issue.record("expected 401, got \(String(describing: error))")
                return
            }
            #expect(message.contains("integration code"))
        }
    }

    @Test func readOnlyUserValidatesButCannotCreate() async throws {
        try await withAutotaskSandbox(username: "readonly@psalink.example") { connector, sandbox in
            try await connector.validate()
            let error = await connectorError { () async throws(ConnectorError) in
                _ = try await connector.createTicket(autotaskDraft(companyID: "29683001"))
            }
            guard case .forbidden(let message)? = error else {
                Issue.record("expected 403, got \(String(describing: error))")
                return
            }
            #expect(message.contains("permission"))
            #expect(!"\(error!)".contains(sandbox.credentials.autotaskSecret))
            #expect(sandbox.autotask.ticketCount == 0)
        }
    }

    @Test func swaggerSpellingOfPathsIsAccepted() async throws {
        try await withAutotaskSandbox { _, sandbox in
            let running = try await sandbox.start()
            let credentials = sandbox.credentials
            let client = HTTPClient()
            let response = try await client.send(
                HTTPRequest(
                    url: running.endpoints.baseURL + "/ATServicesRest/V1.0/ThresholdInformation",
                    headers: [
                        "ApiIntegrationCode": credentials.autotaskIntegrationCode,
                        "UserName": credentials.autotaskUsername, "Secret": credentials.autotaskSecret,
                    ]))
            await running.stop()
            #expect(response.status == 200)
            #expect(response.text.contains("externalRequestThreshold"))
        }
    }
}
