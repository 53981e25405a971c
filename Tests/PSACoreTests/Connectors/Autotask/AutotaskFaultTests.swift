import PSACore
import PSASandbox
import Testing

@Suite("Autotask faults")
struct AutotaskFaultTests {
    @Test func rateLimitWithRetryAfterThenSuccess() async throws {
        try await withAutotaskSandbox { connector, sandbox in
            sandbox.faults.inject(.status(429, retryAfter: 1), pathContains: "ThresholdInformation")
            try await connector.validate()
            #expect(sandbox.faults.requests(containing: "ThresholdInformation") == 2)
        }
    }

    @Test(arguments: [502, 503, 504])
    func serverErrorThenSuccess(status: Int) async throws {
        try await withAutotaskSandbox { connector, sandbox in
            sandbox.faults.inject(.status(status), pathContains: "Companies/query")
            let listing = try await connector.companies { _ in }
            #expect(listing.companies.count == 5)
            #expect(sandbox.faults.requests(containing: "Companies/query") == 2)
        }
    }

    @Test func droppedConnectionThenSuccess() async throws {
        try await withAutotaskSandbox { connector, sandbox in
            let created = try await connector.createTicket(autotaskDraft(companyID: "29683001"))
            sandbox.faults.inject(.dropConnection, pathContains: "/Tickets/")
            #expect(try await connector.ticket(id: created.id)?.id == created.id)
        }
    }

    @Test func slowAnswerTimesOut() async throws {
        try await withAutotaskSandbox(totalTimeout: .seconds(2)) { connector, sandbox in
            sandbox.faults.inject(.delay(milliseconds: 8_000), pathContains: "ThresholdInformation")
            let error = await connectorError { () async throws(ConnectorError) in try await connector.validate() }
            #expect(error == .transport(.timedOut))
        }
    }

    @Test(arguments: [Fault.htmlPage, .malformedJSON])
    func nonJSONAnswerIsUnexpected(fault: Fault) async throws {
        try await withAutotaskSandbox { connector, sandbox in
            sandbox.faults.inject(fault, pathContains: "Companies/query")
            let error = await connectorError { () async throws(ConnectorError) in
                _ = try await connector.companies { _ in }
            }
            guard case .unexpectedResponse? = error else {
                Issue.record("expected an unexpected response, got \(String(describing: error))")
                return
            }
        }
    }

    @Test func createThatCommitsThenDropsIsFoundAfterwards() async throws {
        try await withAutotaskSandbox { connector, sandbox in
            let draft = autotaskDraft(companyID: "29683001", reference: "psalink:commit-then-drop")
            // The field information a create reads for its defaults is read once, beforehand.
            _ = try await connector.ticketChoices(for: ChoiceContext())
            sandbox.faults.inject(.commitThenDrop, pathContains: "/v1.0/Tickets")
            let error = await connectorError { () async throws(ConnectorError) in
                _ = try await connector.createTicket(draft)
            }
            guard case .transport? = error else {
                Issue.record("expected a transport error, got \(String(describing: error))")
                return
            }
            #expect(sandbox.autotask.ticketCount == 1)
            let found = try await connector.findTicket(
                externalReference: draft.externalReference, companyID: "29683001")
            #expect(found?.title == draft.title)
        }
    }
}
