import Foundation
import PSACore
import PSASandbox
import Testing

@Suite("HaloPSA tickets")
struct HaloTicketTests {
    @Test func createsAndReadsBackATicket() async throws {
        try await withHaloSandbox { connector, sandbox, _ in
            let created = try await connector.createTicket(haloDraft())
            #expect(created.title == "Scaling failed on hp-east-1")
            #expect(created.companyID == haloClientID(1))
            #expect(created.statusID == "1")
            #expect(created.priorityID == "2")
            #expect(created.externalReference == "psalink:acc-1:cond-42:hostpool/hp-east-1")
            #expect(!created.isClosed)
            #expect(sandbox.faults.requests(containing: "POST /api/Tickets") == 1)
            let read = try await connector.ticket(id: created.id)
            #expect(read == created)
        }
    }

    @Test func refusalsCarryHalosMessage() async throws {
        try await withHaloSandbox { connector, _, _ in
            var draft = haloDraft()
            draft.title = "  "
            await expectRejection("Summary") { () async throws(ConnectorError) in
                _ = try await connector.createTicket(draft)
            }
            await expectRejection("Invalid client_id 9999") { () async throws(ConnectorError) in
                _ = try await connector.createTicket(haloDraft(companyID: "9999"))
            }
            // Priority 6 exists, but not in the SLA of ticket type 1.
            await expectRejection("is not part of the SLA 'Standard SLA'") { () async throws(ConnectorError) in
                _ = try await connector.createTicket(haloDraft(settings: [.priority: "6"]))
            }
            await expectRejection("Invalid category_1") { () async throws(ConnectorError) in
                _ = try await connector.createTicket(haloDraft(settings: [.category: "Nope>Nothing"]))
            }
            let error = await connectorError { () async throws(ConnectorError) in
                _ = try await connector.createTicket(haloDraft(companyID: "acme"))
            }
            #expect(error == .rejected(field: "client_id", message: "\"acme\" is not a HaloPSA id (a number)"))
        }
    }

    @Test func aNoteWithoutAnOutcomeTakesThePrivateNoteOneAndHalosRefusalIsShown() async throws {
        try await withHaloSandbox { connector, sandbox, endpoints in
            let ticket = try await connector.createTicket(haloDraft())
            // The first outcome hidden from the user that sets no status: "Private Note" (7), read once.
            try await connector.addNote(TicketNote(text: "Alert fired again"), toTicket: ticket.id)
            try await connector.addNote(
                TicketNote(text: "Alert <b>fired</b> again\nat 10:00", settings: [.outcome: "2"]), toTicket: ticket.id)
            let actions = try await haloActions(of: ticket.id, endpoints: endpoints)
            #expect(actions.map { $0["outcome_id"] as? Int } == [7, 2])
            #expect(actions.first?["hiddenfromuser"] as? Bool == true)
            #expect(actions.last?["note_html"] as? String == "Alert &lt;b&gt;fired&lt;/b&gt; again<br>at 10:00")
            #expect(sandbox.faults.requests(containing: "GET /api/Outcome") == 1)
            let error = await connectorError { () async throws(ConnectorError) in
                try await connector.addNote(TicketNote(text: "x", settings: [.outcome: "12345"]), toTicket: ticket.id)
            }
            #expect(error?.description.contains("Outcome 12345 does not exist") == true)
        }
    }

    @Test func aFailedOutcomeReadFailsTheNoteAsTransientAndConcurrentNotesShareOneRead() async throws {
        try await withHaloSandbox { connector, sandbox, endpoints in
            let ticket = try await connector.createTicket(haloDraft())
            // More 500s than the client's retries: the note is not sent without its outcome.
            sandbox.faults.inject(.status(500), count: 3, pathContains: "/api/Outcome")
            let error = await connectorError { () async throws(ConnectorError) in
                try await connector.addNote(TicketNote(text: "Alert fired again"), toTicket: ticket.id)
            }
            #expect(error?.isTransient == true, "\(String(describing: error))")
            #expect(try await haloActions(of: ticket.id, endpoints: endpoints).isEmpty)
            let reads = sandbox.faults.requests(containing: "GET /api/Outcome")
            sandbox.faults.inject(.delay(milliseconds: 200), pathContains: "/api/Outcome")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<5 {
                    group.addTask {
                        try await connector.addNote(TicketNote(text: "repeat \(index)"), toTicket: ticket.id)
                    }
                }
                try await group.waitForAll()
            }
            #expect(sandbox.faults.requests(containing: "GET /api/Outcome") == reads + 1)
            let outcomes = try await haloActions(of: ticket.id, endpoints: endpoints).map { $0["outcome_id"] as? Int }
            #expect(outcomes == Array(repeating: 7, count: 5))
        }
    }

    @Test func theIntegrationsOutcomeIsUsedWhenTheNoteHasNone() async throws {
        try await withHaloSandbox(ticketSettings: [.outcome: "2"]) { connector, _, endpoints in
            let ticket = try await connector.createTicket(haloDraft())
            try await connector.addNote(TicketNote(text: "Customer informed", isInternal: false), toTicket: ticket.id)
            let actions = try await haloActions(of: ticket.id, endpoints: endpoints)
            #expect(actions.map { $0["outcome_id"] as? Int } == [2])
            #expect(actions.first?["hiddenfromuser"] as? Bool == false)
        }
    }

    @Test func closingStatusClosesAndAnOpenOneReopens() async throws {
        try await withHaloSandbox(ticketSettings: [.outcome: "7"]) { connector, sandbox, endpoints in
            let ticket = try await connector.createTicket(haloDraft())
            try await connector.updateTicket(
                ticket.id, TicketChange(statusID: "8", note: TicketNote(text: "Resolved by psalink")))
            let resolved = try #require(try await connector.ticket(id: ticket.id))
            #expect(resolved.isClosed)
            #expect(resolved.statusID == "8")
            let log = sandbox.faults.requestLog.filter { $0.hasPrefix("POST /api") }
            #expect(log == ["POST /api/Tickets", "POST /api/Actions", "POST /api/Tickets"])
            #expect(try await haloActions(of: ticket.id, endpoints: endpoints).count == 1)

            try await connector.updateTicket(ticket.id, TicketChange(statusID: "2"))
            let reopened = try #require(try await connector.ticket(id: ticket.id))
            #expect(!reopened.isClosed)
            #expect(reopened.statusID == "2")
        }
    }

    @Test func unknownTicketIsNil() async throws {
        try await withHaloSandbox { connector, sandbox, _ in
            let unknown = try await connector.ticket(id: "999999")
            let malformed = try await connector.ticket(id: "not-a-number")
            #expect(unknown == nil)
            #expect(malformed == nil)
            #expect(sandbox.faults.requests(containing: "/api/Tickets/") == 1)
        }
    }

    @Test func findsTheNewestTicketWithTheReferenceAcrossPages() async throws {
        try await withHaloSandbox(ticketSettings: [.outcome: "7"]) { connector, sandbox, _ in
            let reference = "psalink:acc-7:cond-1:vm/avd-3"
            let first = try await connector.createTicket(haloDraft(reference: reference))
            try await connector.updateTicket(first.id, TicketChange(statusID: "9"))
            // More than a page of other tickets of the same client, and the same reference
            // on another client's ticket.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<105 {
                    group.addTask { _ = try await connector.createTicket(haloDraft(reference: "other-\(index)")) }
                }
                try await group.waitForAll()
            }
            _ = try await connector.createTicket(haloDraft(companyID: haloClientID(2), reference: reference))
            let found = try await connector.findTicket(externalReference: reference, companyID: haloClientID(1))
            #expect(found?.id == first.id)
            #expect(found?.isClosed == true)

            let newest = try await connector.createTicket(haloDraft(reference: reference))
            let again = try await connector.findTicket(externalReference: reference, companyID: haloClientID(1))
            #expect(again?.id == newest.id)
            #expect(
                sandbox.faults.requests(containing: "GET /api/Tickets?client_id=13&pageinate=true&page_size=100") == 4)
            let missing = try await connector.findTicket(externalReference: "missing", companyID: haloClientID(1))
            #expect(missing == nil)
        }
    }

    @Test func readOnlyApplicationCannotWriteTicketsAndIsToldWhy() async throws {
        try await withHaloSandbox(clientID: "psalink-readonly") { connector, _, _ in
            let error = await connectorError { () async throws(ConnectorError) in
                _ = try await connector.createTicket(haloDraft())
            }
            guard case .forbidden(let message)? = error else {
                Issue.record("expected 403, got \(String(describing: error))")
                return
            }
            #expect(message.contains("edit:tickets"))
            let found = try await connector.findTicket(externalReference: "x", companyID: haloClientID(1))
            #expect(found == nil)
        }
    }

    @Test func sandboxTakesOnlyArraysAndAnswersOneTicketAsAnObject() async throws {
        try await withHaloSandbox { _, _, endpoints in
            let token = try await haloToken(endpoints)
            let client = HTTPClient()
            func post(_ json: String) async throws -> HTTPResponse {
                try await client.send(
                    .json(
                        .post, url: endpoints.haloURL + "/api/Tickets", body: Data(json.utf8),
                        headers: ["Authorization": "Bearer \(token)"]))
            }
            let object = try await post(#"{"summary":"x","client_id":13}"#)
            #expect(object.status == 400)
            let one = try await post(#"[{"summary":"x","client_id":13}]"#)
            #expect(one.status == 201)
            #expect(try JSONSerialization.jsonObject(with: one.body) is [String: Any])
            let two = try await post(#"[{"summary":"x","client_id":13},{"summary":"y","client_id":14}]"#)
            #expect((try JSONSerialization.jsonObject(with: two.body) as? [Any])?.count == 2)
            let refused = try await post(#"[{"summary":"x","client_id":13},{"summary":"","client_id":14}]"#)
            #expect(refused.status == 400)
            #expect(refused.text.contains("\"ClassName\""))
        }
    }

    @Test func sandboxListsTicketsByClientStateAndPage() async throws {
        try await withHaloSandbox { connector, _, endpoints in
            for index in 0..<3 {
                _ = try await connector.createTicket(haloDraft(reference: "r\(index)"))
            }
            try await connector.updateTicket("2001", TicketChange(statusID: "22"))
            _ = try await connector.createTicket(haloDraft(companyID: haloClientID(2)))
            func list(_ query: String) async throws -> [String: Any] {
                try await haloSandboxGet("/api/tickets?" + query, endpoints: endpoints) as? [String: Any] ?? [:]
            }
            let open = try await list("client_id=13&open_only=true")
            #expect(open["record_count"] as? Int == 2)
            let closed = try await list("client_id=13&closed_only=true")
            #expect((closed["tickets"] as? [[String: Any]])?.first?["id"] as? Int == 2001)
            #expect((closed["tickets"] as? [[String: Any]])?.first?["hasbeenclosed"] as? Bool == true)
            let page = try await list("pageinate=true&page_size=500&page_no=2")
            #expect(page["page_size"] as? Int == 100)
            #expect(page["record_count"] as? Int == 4)
            #expect((page["tickets"] as? [Any])?.isEmpty == true)
        }
    }

    private func expectRejection(
        _ text: String, sourceLocation: SourceLocation = #_sourceLocation,
        _ operation: () async throws(ConnectorError) -> Void
    ) async {
        let error = await connectorError(operation)
        guard case .rejected(_, let message)? = error else {
            Issue.record("expected a rejection, got \(String(describing: error))", sourceLocation: sourceLocation)
            return
        }
        #expect(message.contains(text), sourceLocation: sourceLocation)
    }

    private func haloActions(of ticketID: String, endpoints: SandboxEndpoints) async throws -> [[String: Any]] {
        let json = try await haloSandboxGet("/api/Actions?ticket_id=\(ticketID)", endpoints: endpoints)
        return (json as? [String: Any])?["actions"] as? [[String: Any]] ?? []
    }
}
