import Foundation
import PSACore
import PSASandbox
import Testing

@Suite("HaloPSA sign-in and tokens")
struct HaloAuthTests {
    @Test func validatesWithDiscoveryTenantTokenAndOneRead() async throws {
        try await withHaloSandbox { connector, sandbox, _ in
            try await connector.validate()
            #expect(
                sandbox.faults.requestLog == [
                    "GET /api/authinfo", "POST /auth/token?tenant=psalink",
                    "GET /api/Client?pageinate=true&page_size=1&page_no=1",
                ])
            try await connector.validate()
            #expect(sandbox.faults.requests(containing: "/auth/token") == 1)
            #expect(sandbox.faults.requests(containing: "authinfo") == 1)
        }
    }

    @Test func configuredTenantWinsOverDiscovery() async throws {
        try await withHaloSandbox(tenant: "psalink") { connector, sandbox, _ in
            try await connector.validate()
            #expect(sandbox.faults.requests(containing: "POST /auth/token?tenant=psalink") == 1)
        }
    }

    @Test func unknownTenantIsRefusedAsCredentials() async throws {
        try await withHaloSandbox(tenant: "contoso") { connector, sandbox, _ in
            let error = await connectorError { () async throws(ConnectorError) in try await connector.validate() }
            guard case .unauthorized(let message)? = error else {
                Issue.record("expected 401, got \(String(describing: error))")
                return
            }
            #expect(message.contains("invalid_client"))
            #expect(message.contains("contoso"))
            #expect(sandbox.faults.requests(containing: "/api/Client") == 0)
        }
    }

    @Test func wrongSecretIsUnauthorizedWithoutTheSecret() async throws {
        let wrong = "not-the-halo-secret-42"
        try await withHaloSandbox(secret: wrong) { connector, sandbox, _ in
            let error = await connectorError { () async throws(ConnectorError) in try await connector.validate() }
            guard case .unauthorized(let message)? = error else {
                Issue.record("expected 401, got \(String(describing: error))")
                return
            }
            #expect(message.hasPrefix("invalid_client: "))
            #expect(!"\(error!)".contains(wrong))
            // A failed token request is not cached: the next call asks again.
            _ = await connectorError { () async throws(ConnectorError) in try await connector.validate() }
            #expect(sandbox.faults.requests(containing: "/auth/token") == 2)
        }
    }

    @Test func withoutAuthInfoTheTokenEndpointIsTheDefaultOne() async throws {
        try await withHaloSandbox { connector, sandbox, _ in
            sandbox.faults.inject(.status(404), pathContains: "/api/authinfo")
            try await connector.validate()
            // No tenant configured and none discovered: a self-hosted instance's token URL.
            #expect(sandbox.faults.requestLog.prefix(2) == ["GET /api/authinfo", "POST /auth/token"])
        }
    }

    @Test func readOnlyApplicationIsRefusedAtValidationNamingThePermission() async throws {
        try await withHaloSandbox(clientID: "psalink-readonly") { connector, _, _ in
            let error = await connectorError { () async throws(ConnectorError) in try await connector.validate() }
            guard case .forbidden(let message)? = error else {
                Issue.record("expected 403, got \(String(describing: error))")
                return
            }
            #expect(message.contains("edit:tickets"))
            // It can still read.
            let listing = try await connector.companies { _ in }
            #expect(listing.companies.count == 40)
        }
    }

    @Test func expiredTokenIsRefreshedOnceAndTheCallRepeated() async throws {
        try await withHaloSandbox { connector, sandbox, _ in
            let created = try await connector.createTicket(haloDraft())
            sandbox.faults.expireTokens()
            let ticket = try await connector.ticket(id: created.id)
            #expect(ticket?.id == created.id)
            #expect(sandbox.faults.requests(containing: "/auth/token") == 2)
            #expect(sandbox.faults.requests(containing: "GET /api/Tickets/\(created.id)") == 2)
        }
    }

    @Test func aSecond401IsTheAnswerNotALoop() async throws {
        try await withHaloSandbox { connector, sandbox, _ in
            try await connector.validate()
            sandbox.faults.inject(.status(401), count: 5, pathContains: "/api/Tickets/")
            let error = await connectorError { () async throws(ConnectorError) in
                _ = try await connector.ticket(id: "2001")
            }
            guard case .unauthorized? = error else {
                Issue.record("expected 401, got \(String(describing: error))")
                return
            }
            #expect(sandbox.faults.requests(containing: "/auth/token") == 2)
            #expect(sandbox.faults.requests(containing: "/api/Tickets/2001") == 2)
        }
    }

    @Test func concurrentCallsShareOneTokenAndOneRefresh() async throws {
        try await withHaloSandbox { connector, sandbox, _ in
            try await Self.readConcurrently(connector, times: 20)
            #expect(sandbox.faults.requests(containing: "/auth/token") == 1)
            #expect(sandbox.faults.requests(containing: "authinfo") == 1)
            sandbox.faults.expireTokens()
            try await Self.readConcurrently(connector, times: 20)
            #expect(sandbox.faults.requests(containing: "/auth/token") == 2)
        }
    }

    @Test func tokenIsRenewedBeforeItExpires() async throws {
        try await withHaloSandbox(configuration: .init(companyCount: 5, tokenLifetime: 2)) { connector, sandbox, _ in
            _ = try await connector.ticketChoices(for: ChoiceContext())
            // Counted after the first calls, which a loaded machine may stretch past a renewal.
            let tokens = sandbox.faults.requests(containing: "/auth/token")
            try await Task.sleep(for: .milliseconds(2100))
            try await connector.validate()
            #expect(sandbox.faults.requests(containing: "/auth/token") == tokens + 1)
            // Renewed ahead of time: no request met a 401 and was sent again.
            #expect(sandbox.faults.requests(containing: "GET /api/Client") == 1)
        }
    }

    @Test func sandboxTokenEndpointSpeaksOAuth() async throws {
        try await withHaloSandbox { _, sandbox, endpoints in
            let client = HTTPClient()
            let credentials = sandbox.credentials
            func token(_ fields: [(String, String)], query: String = "") async throws -> (Int, [String: Any]) {
                let response = try await client.send(
                    .form(url: endpoints.haloURL + "/auth/token" + query, fields: fields))
                return (response.status, try JSONSerialization.jsonObject(with: response.body) as? [String: Any] ?? [:])
            }
            let valid = [
                ("grant_type", "client_credentials"), ("client_id", credentials.haloClientID),
                ("client_secret", credentials.haloClientSecret), ("scope", "all"),
            ]
            let (status, body) = try await token(valid)
            #expect(status == 200)
            #expect(body["token_type"] as? String == "Bearer")
            #expect(body["expires_in"] as? Int == 3600)
            #expect(try await token(valid, query: "?tenant=psalink").0 == 200)
            let (tenantStatus, tenantBody) = try await token(valid, query: "?tenant=other")
            #expect(tenantStatus == 401)
            #expect(tenantBody["error"] as? String == "invalid_client")
            let (grantStatus, grantBody) = try await token(
                [("grant_type", "password")] + valid.dropFirst())
            #expect(grantStatus == 400)
            #expect(grantBody["error"] as? String == "unsupported_grant_type")
            let (scopeStatus, scopeBody) = try await token(valid.dropLast() + [("scope", "read:everything")])
            #expect(scopeStatus == 400)
            #expect(scopeBody["error"] as? String == "invalid_scope")
            let (readOnlyStatus, readOnlyBody) = try await token(
                [valid[0], ("client_id", "psalink-readonly")] + valid.dropFirst(2))
            #expect(readOnlyStatus == 200)
            #expect(readOnlyBody["scope"] as? String == "read:tickets read:customers")
        }
    }

    private static func readConcurrently(_ connector: HaloConnector, times: Int) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<times {
                group.addTask {
                    let ticket = try await connector.ticket(id: "424242")
                    #expect(ticket == nil)
                }
            }
            try await group.waitForAll()
        }
    }
}
