import Foundation
import PSACore
import PSASandbox
import Testing

/// Sets a requirement over the sandbox's `POST /sandbox/required`, as an administrator of the
/// PSA would; fails the test when the sandbox refuses it.
func requireInSandbox(_ base: String, _ requirement: [String: Any]) async throws {
    let body = try JSONSerialization.data(withJSONObject: requirement)
    let response = try await HTTPClient().send(.json(.post, url: base + "/sandbox/required", body: body))
    #expect(response.status == 200, "\(String(decoding: response.body, as: UTF8.self))")
}

/// A ticket of the sandbox's Halo, as its API returns it.
private func haloTicket(_ id: String, endpoints: SandboxEndpoints) async throws -> [String: Any] {
    try #require(try await haloSandboxGet("/api/Tickets/\(id)", endpoints: endpoints) as? [String: Any])
}

@Suite("Required ticket fields: HaloPSA")
struct HaloRequiredFieldTests {
    @Test func aTypeThatRequiresAnUrgencyWithoutDefaultReportsItAndHalosRefusalComesBack() async throws {
        try await withHaloSandbox { connector, _, endpoints in
            try await requireInSandbox(
                endpoints.baseURL, ["psa": "halo", "ticketType": "Incident", "field": "urgency", "default": NSNull()])
            let choices = try await connector.ticketChoices(for: ChoiceContext(ticketType: "1"))
            #expect(choices.requiredByPSA == [.urgency])
            #expect(choices[.urgency].allSatisfy { !$0.isDefault })
            #expect(try await connector.ticketChoices(for: ChoiceContext(ticketType: "3")).requiredByPSA.isEmpty)

            let error = await connectorError { () async throws(ConnectorError) in
                _ = try await connector.createTicket(haloDraft())
            }
            #expect(error?.description.contains("Urgency is required") == true, "\(String(describing: error))")

            let created = try await connector.createTicket(haloDraft(settings: [.urgency: "2"]))
            #expect(try await haloTicket(created.id, endpoints: endpoints)["urgency"] as? Int == 2)
        }
    }

    @Test func theTypesDefaultIsSentWhenTheDraftHasNoneAndTheTypeIsReadOnce() async throws {
        try await withHaloSandbox { connector, sandbox, endpoints in
            try await requireInSandbox(
                endpoints.baseURL, ["psa": "halo", "ticketType": "1", "field": "urgency", "default": 3])
            let choices = try await connector.ticketChoices(for: ChoiceContext(ticketType: "1"))
            #expect(choices[.urgency].first(where: \.isDefault)?.name == "Low")
            let reads = sandbox.faults.requests(containing: "GET /api/TicketType/1")

            let first = try await connector.createTicket(haloDraft())
            let second = try await connector.createTicket(haloDraft(reference: "psalink:second"))
            for ticket in [first, second] {
                #expect(try await haloTicket(ticket.id, endpoints: endpoints)["urgency"] as? Int == 3)
            }
            // The draft's own value wins over the default.
            let own = try await connector.createTicket(haloDraft(reference: "psalink:own", settings: [.urgency: "1"]))
            #expect(try await haloTicket(own.id, endpoints: endpoints)["urgency"] as? Int == 1)
            #expect(sandbox.faults.requests(containing: "GET /api/TicketType/1") == reads + 1)
        }
    }
}

@Suite("Required ticket fields that change while psalink runs")
struct ChangingRequirementTests {
    @Test func aHaloTypeThatNowRequiresAnUrgencyWithADefaultIsReadAgainAndTheCreateSucceeds() async throws {
        try await withHaloSandbox { connector, sandbox, endpoints in
            _ = try await connector.createTicket(haloDraft())
            let reads = sandbox.faults.requests(containing: "GET /api/TicketType/1")
            try await requireInSandbox(
                endpoints.baseURL, ["psa": "halo", "ticketType": "1", "field": "urgency", "default": 3])
            let created = try await connector.createTicket(haloDraft(reference: "psalink:later"))
            #expect(try await haloTicket(created.id, endpoints: endpoints)["urgency"] as? Int == 3)
            #expect(sandbox.faults.requests(containing: "GET /api/TicketType/1") == reads + 1)
        }
    }

    @Test func autotaskChoicesReadAgainShowAFieldMadeRequiredSince() async throws {
        try await withRequiringAutotask { connector, _, base in
            #expect(try await connector.ticketChoices(for: ChoiceContext()).requiredByPSA.contains(.source) == false)
            try await requireInSandbox(base, ["psa": "autotask", "field": "source", "default": NSNull()])
            try await requireInSandbox(base, ["psa": "autotask", "udf": "Region", "picklist": ["EMEA"]])
            let again = try await connector.ticketChoices(for: ChoiceContext())
            #expect(again.requiredByPSA.contains(.source))
            #expect(again.userField(named: "Region")?.isRequired == true)
        }
    }

    @Test func anAutotaskFieldMadeRequiredLaterIsFilledOnTheSameCreate() async throws {
        try await withRequiringAutotask { connector, sandbox, base in
            _ = try await connector.createTicket(autotaskDraft(companyID: AutotaskRequiredFieldTests.customer))
            try await requireInSandbox(base, ["psa": "autotask", "udf": "Contract", "default": "Gold"])
            try await requireInSandbox(base, ["psa": "autotask", "field": "source", "default": "8"])
            let created = try await connector.createTicket(
                autotaskDraft(companyID: AutotaskRequiredFieldTests.customer, reference: "psalink:later"))
            let id = try #require(Int(created.id))
            let fields = try #require(sandbox.autotask.ticketFields(id: id))
            #expect(fields["source"] == "8")
            // The field information was read for the first create and again after the refusal.
            #expect(sandbox.faults.requests(containing: "Tickets/entityInformation/fields") == 2)
        }
    }
}

/// Like `withAutotaskSandbox`, with the sandbox's address for its control knobs.
private func withRequiringAutotask(
    _ body: (AutotaskConnector, PSASandbox, String) async throws -> Void
) async throws {
    let sandbox = PSASandbox(configuration: .init(companyCount: 5))
    let running = try await sandbox.start()
    let credentials = AutotaskCredentials(
        username: sandbox.credentials.autotaskUsername, secret: Secret(sandbox.credentials.autotaskSecret),
        integrationCode: sandbox.credentials.autotaskIntegrationCode,
        zoneDiscoveryURL: running.endpoints.autotaskZoneDiscoveryURL)
    let transport = ConnectorTransport(
        client: HTTPClient(configuration: .init(connectTimeout: .seconds(5), totalTimeout: .seconds(15))),
        retry: RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(10), totalBudget: .seconds(30)),
        secrets: [sandbox.credentials.autotaskSecret])
    do {
        try await body(
            AutotaskConnector(credentials: credentials, transport: transport), sandbox, running.endpoints.baseURL)
    } catch {
        await running.stop()
        throw error
    }
    await running.stop()
}

@Suite("Required ticket fields: Autotask")
struct AutotaskRequiredFieldTests {
    static let customer = "29683001"

    @Test func requiredPicklistsWithoutAValueAreFilledWithTheirDefaults() async throws {
        try await withRequiringAutotask { connector, sandbox, base in
            try await requireInSandbox(base, ["psa": "autotask", "field": "issueType", "default": "6"])
            try await requireInSandbox(base, ["psa": "autotask", "field": "subIssueType", "default": "220"])
            try await requireInSandbox(base, ["psa": "autotask", "field": "source", "default": NSNull()])
            let choices = try await connector.ticketChoices(for: ChoiceContext())
            #expect(choices.requiredByPSA.isSuperset(of: [.issueType, .subIssueType, .source]))
            #expect(choices[.issueType].first(where: \.isDefault)?.id == "6")

            var draft = autotaskDraft(companyID: Self.customer)
            draft.settings[.issueType] = nil
            draft.settings[.subIssueType] = nil
            // The source has no default: Autotask names it.
            let error = await connectorError { () async throws(ConnectorError) in
                _ = try await connector.createTicket(draft)
            }
            #expect(error?.description.contains("source is required") == true, "\(String(describing: error))")

            draft.settings[.source] = "8"
            let created = try await connector.createTicket(draft)
            let id = try #require(Int(created.id))
            let fields = try #require(sandbox.autotask.ticketFields(id: id))
            #expect(fields["issueType"] == "6" && fields["subIssueType"] == "220" && fields["source"] == "8")
        }
    }

    @Test func userDefinedFieldsAreListedSentByNameAndFilledFromTheirDefault() async throws {
        try await withRequiringAutotask { connector, sandbox, base in
            try await requireInSandbox(base, ["psa": "autotask", "udf": "Region", "picklist": ["EMEA", "APAC"]])
            try await requireInSandbox(base, ["psa": "autotask", "udf": "Contract", "default": "Gold"])
            let choices = try await connector.ticketChoices(for: ChoiceContext())
            let region = try #require(choices.userField(named: "region"))
            #expect(region.isRequired && region.choices?.map(\.name) == ["EMEA", "APAC"] && region.defaultValue == nil)
            #expect(choices.userField(named: "Contract")?.defaultValue == "Gold")
            #expect(choices.userField(named: "Contract")?.choices == nil)

            let error = await connectorError { () async throws(ConnectorError) in
                _ = try await connector.createTicket(autotaskDraft(companyID: Self.customer))
            }
            #expect(error?.description.contains("Region is required") == true, "\(String(describing: error))")

            var draft = autotaskDraft(companyID: Self.customer, reference: "psalink:udf")
            // Stored as the admin typed the name; sent as Autotask spells it.
            draft.userFields = ["region": "APAC"]
            let created = try await connector.createTicket(draft)
            let read = try await HTTPClient().send(
                HTTPRequest(
                    url: base + "/atservicesrest/V1.0/Tickets/\(created.id)",
                    headers: [
                        "UserName": sandbox.credentials.autotaskUsername, "Secret": sandbox.credentials.autotaskSecret,
                        "ApiIntegrationCode": sandbox.credentials.autotaskIntegrationCode,
                    ]))
            let item = try #require(
                (try JSONSerialization.jsonObject(with: read.body) as? [String: Any])?["item"] as? [String: Any])
            let sent = (item["userDefinedFields"] as? [[String: Any]] ?? []).map {
                "\($0["name"] ?? "")=\($0["value"] ?? "")"
            }
            #expect(Set(sent) == ["Region=APAC", "Contract=Gold"])
            // Read for the choices, and again after Autotask refused the create without Region.
            #expect(sandbox.faults.requests(containing: "entityInformation/userDefinedFields") == 2)
        }
    }
}
