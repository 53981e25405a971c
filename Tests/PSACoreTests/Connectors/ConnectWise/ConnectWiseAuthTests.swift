import Foundation
import PSACore
import PSASandbox
import Testing

/// Signing in: the codebase lookup, Basic auth and clientId, and what each failure says.
@Suite("ConnectWise sign-in")
struct ConnectWiseAuthTests {
    @Test func validateLooksUpTheCodebaseOnceThenCallsSystemInfo() async throws {
        try await withConnectWiseSandbox { bed in
            try await bed.connector.validate()
            try await bed.connector.validate()
            let log = bed.sandbox.faults.requestLog
            #expect(log.filter { $0.contains("/login/companyinfo/") } == ["GET /login/companyinfo/psalink"])
            #expect(log.filter { $0.hasSuffix("/v4_6_release/apis/3.0/system/info") }.count == 2)
        }
    }

    @Test func aSiteGivenAsAHostUsesHTTPOnLoopback() async throws {
        try await withConnectWiseSandbox { bed in
            let host = bed.endpoints.connectWiseSite.replacingOccurrences(of: "http://", with: "")
            try await bed.connector(site: host + "/").validate()
        }
    }

    @Test func wrongPrivateKeyIsUnauthorized() async throws {
        try await withConnectWiseSandbox { bed in
            let connector = bed.connector(privateKey: "not-the-key")
            let error = await connectorError { () async throws(ConnectorError) in try await connector.validate() }
            #expect(
                error
                    == .unauthorized(
                        "Unauthorized (check the company ID, the public and private keys, and the clientId)"))
        }
    }

    @Test func unknownCompanyIsNotFoundAndNamesTheCompany() async throws {
        try await withConnectWiseSandbox { bed in
            let connector = bed.connector(company: "nosuchco")
            let error = await connectorError { () async throws(ConnectorError) in try await connector.validate() }
            guard case .notFound(let message)? = error else {
                Issue.record("expected notFound, got \(String(describing: error))")
                return
            }
            #expect(message.contains("\"nosuchco\""))
            // The unknown company never reaches the API.
            #expect(bed.sandbox.faults.requests(containing: "/apis/3.0/") == 0)
        }
    }

    @Test func companyIDIsCaseInsensitive() async throws {
        try await withConnectWiseSandbox { bed in
            try await bed.connector(company: "PSALink").validate()
        }
    }

    @Test func wrongClientIDIsUnauthorized() async throws {
        try await withConnectWiseSandbox { bed in
            let connector = bed.connector(clientID: "11111111-2222-4333-8444-555555555555")
            let error = await connectorError { () async throws(ConnectorError) in try await connector.validate() }
            #expect(
                error
                    == .unauthorized(
                        "The clientId is not valid. (check the company ID, the public and private keys, and the clientId)"
                    ))
        }
    }

    @Test func missingOrMalformedCredentialsAreRefusedByTheSandbox() async throws {
        try await withConnectWiseSandbox { bed in
            let noClientID = try await bed.raw("/system/info", clientID: .some(nil))
            #expect(noClientID.status == 401)
            let body = connectWiseJSON(noClientID) as? [String: Any]
            #expect(body?["code"] as? String == "Unauthorized")
            #expect((body?["message"] as? String)?.contains("clientId") == true)

            #expect(try await bed.raw("/system/info", authorization: "Bearer abc").status == 401)
            #expect(try await bed.raw("/system/info", authorization: "Basic !!!").status == 401)
            let noPlus = Data("psalink:sandbox-cw-private-key".utf8).base64EncodedString()
            #expect(try await bed.raw("/system/info", authorization: "Basic \(noPlus)").status == 401)
            #expect(try await bed.raw("/system/info").status == 200)
        }
    }

    @Test func companyInfoAnswersNullForAnUnknownCompany() async throws {
        try await withConnectWiseSandbox { bed in
            let unknown = try await HTTPClient().send(
                HTTPRequest(url: bed.endpoints.connectWiseSite + "/login/companyinfo/nosuchco"))
            #expect(unknown.status == 200)
            #expect(unknown.text == "null")
            let known = try await HTTPClient().send(
                HTTPRequest(url: bed.endpoints.connectWiseSite + "/login/companyinfo/psalink"))
            #expect((connectWiseJSON(known) as? [String: Any])?["Codebase"] as? String == "v4_6_release/")
        }
    }

    @Test func blankFieldsAreRefusedBeforeAnyCall() async throws {
        try await withConnectWiseSandbox { bed in
            let connector = bed.connector(publicKey: " ", clientID: "not-a-guid")
            let error = await connectorError { () async throws(ConnectorError) in try await connector.validate() }
            guard case .invalidCredentials(let problems)? = error else {
                Issue.record("expected invalidCredentials, got \(String(describing: error))")
                return
            }
            #expect(problems.map(\.field) == [.publicKey, .clientID])
            #expect(bed.sandbox.faults.requestLog.isEmpty)
        }
    }

    @Test func readOnlyMemberMayReadButNotWrite() async throws {
        try await withConnectWiseSandbox { bed in
            let readOnly = bed.connector(publicKey: bed.sandboxCredentials.connectWiseReadOnlyPublicKey)
            try await readOnly.validate()
            #expect(try await readOnly.companies { _ in }.companies.count == 40)
            let error = await connectorError { () async throws(ConnectorError) in
                _ = try await readOnly.createTicket(connectWiseDraft())
            }
            guard case .forbidden(let message)? = error else {
                Issue.record("expected forbidden, got \(String(describing: error))")
                return
            }
            #expect(message.contains("Service Desk > Service Tickets: Add"))

            let ticket = try await bed.connector.createTicket(connectWiseDraft())
            let noteError = await connectorError { () async throws(ConnectorError) in
                try await readOnly.addNote(TicketNote(text: "hello"), toTicket: ticket.id)
            }
            #expect(noteError.map { if case .forbidden = $0 { true } else { false } } == true)
            let statusError = await connectorError { () async throws(ConnectorError) in
                try await readOnly.updateTicket(ticket.id, TicketChange(statusID: "22"))
            }
            #expect(statusError.map { if case .forbidden = $0 { true } else { false } } == true)
            #expect(try await readOnly.ticket(id: ticket.id)?.isClosed == false)
        }
    }

    @Test func anHTMLPageInsteadOfJSONIsReported() async throws {
        try await withConnectWiseSandbox { bed in
            bed.sandbox.faults.inject(.htmlPage, pathContains: "/system/info")
            let error = await connectorError { () async throws(ConnectorError) in try await bed.connector.validate() }
            #expect(error == .unexpectedResponse("an HTML page (200) instead of JSON; check the address"))
        }
    }

    @Test func theSecretNeverAppearsInAnError() async throws {
        try await withConnectWiseSandbox { bed in
            // More 500s than the client's retries: the last one is reported.
            bed.sandbox.faults.inject(.status(500), count: 4, pathContains: "/system/info")
            let error = await connectorError { () async throws(ConnectorError) in try await bed.connector.validate() }
            #expect(error == .server(status: 500, message: "sandbox fault: status 500"))
            #expect(!String(describing: error).contains(bed.sandboxCredentials.connectWisePrivateKey))
        }
    }
}
