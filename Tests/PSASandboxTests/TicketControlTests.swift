import Foundation
import Testing

@testable import PSASandbox

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A running sandbox driven over HTTP as a client would: each vendor signed in, and the
/// `/sandbox/tickets` and `/sandbox/required` knobs.
struct TicketControlClient {
    struct Answer: CustomStringConvertible {
        var status: Int
        var body: Data

        var json: Any? { try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
        var description: String { "\(status) \(text)" }
    }

    let base: String
    let credentials: SandboxCredentials
    let haloToken: String

    static func withSandbox(companyCount: Int = 3, _ body: (TicketControlClient) async throws -> Void) async throws {
        let running = try await PSASandbox(configuration: .init(companyCount: companyCount)).start()
        do {
            let base = running.endpoints.baseURL
            let credentials = running.endpoints.credentials
            let form =
                "grant_type=client_credentials&client_id=\(credentials.haloClientID)"
                + "&client_secret=\(credentials.haloClientSecret)"
            let token = try await send(
                "POST", base + "/auth/token", body: Data(form.utf8),
                headers: ["Content-Type": "application/x-www-form-urlencoded"])
            let accessToken = try #require(token.object["access_token"] as? String, "\(token)")
            try await body(TicketControlClient(base: base, credentials: credentials, haloToken: accessToken))
        } catch {
            await running.stop()
            throw error
        }
        await running.stop()
    }

    static func send(_ method: String, _ url: String, body: Data? = nil, headers: [String: String] = [:])
        async throws -> Answer
    {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let session = FaultControlAPITests.session()
        defer { session.finishTasksAndInvalidate() }
        let (data, response) = try await session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return Answer(status: http.statusCode, body: data)
    }

    private func json(_ method: String, _ url: String, _ body: Any?, headers: [String: String] = [:]) async throws
        -> Answer
    {
        var headers = headers
        headers["Content-Type"] = "application/json"
        return try await Self.send(method, url, body: body.map { JSONWriter.data($0) }, headers: headers)
    }

    func tickets(_ object: [String: Any]) async throws -> Answer {
        try await json("POST", base + "/sandbox/tickets", object)
    }

    func required(_ object: [String: Any]) async throws -> Answer {
        try await json("POST", base + "/sandbox/required", object)
    }

    func clearRequired() async throws -> Answer {
        try await json("DELETE", base + "/sandbox/required", nil)
    }

    func halo(_ method: String, _ path: String, _ body: Any? = nil) async throws -> Answer {
        try await json(method, base + "/api" + path, body, headers: ["Authorization": "Bearer \(haloToken)"])
    }

    func connectWise(_ method: String, _ path: String, _ body: Any? = nil) async throws -> Answer {
        let pair =
            "\(credentials.connectWiseCompany)+\(credentials.connectWisePublicKey):"
            + credentials.connectWisePrivateKey
        return try await json(
            method, base + "/" + credentials.connectWiseCodebase + "apis/3.0/" + path, body,
            headers: [
                "Authorization": "Basic " + Data(pair.utf8).base64EncodedString(),
                "clientId": credentials.connectWiseClientID,
            ])
    }

    func autotask(_ method: String, _ path: String, _ body: Any? = nil) async throws -> Answer {
        try await json(
            method, base + "/atservicesrest/v1.0/" + path, body,
            headers: [
                "ApiIntegrationCode": credentials.autotaskIntegrationCode, "UserName": credentials.autotaskUsername,
                "Secret": credentials.autotaskSecret,
            ])
    }

    // MARK: Tickets

    func haloTicket(type: Int = 1, reference: String = "ref", _ extra: [String: Any] = [:]) async throws -> Int {
        var ticket: [String: Any] = [
            "summary": "Disk full", "client_id": HaloSandboxAPI.clientIDOffset, "tickettype_id": type,
            "third_party_id_string": reference,
        ]
        ticket.merge(extra) { _, new in new }
        let answer = try await halo("POST", "/Tickets", [ticket])
        #expect(answer.status == 201, "\(answer)")
        return try #require(answer.object["id"] as? Int, "\(answer)")
    }

    func haloNote(_ ticketID: Int, _ extra: [String: Any] = [:]) async throws -> Answer {
        var action: [String: Any] = ["ticket_id": ticketID, "outcome_id": 7, "note_html": "<p>Seen again</p>"]
        action.merge(extra) { _, new in new }
        return try await halo("POST", "/Actions", [action])
    }

    func connectWiseTicket(board: Int = 1, reference: String = "ref") async throws -> Int {
        let answer = try await connectWise(
            "POST", "service/tickets",
            ["summary": "Disk full", "company": ["id": 250], "board": ["id": board], "externalXRef": reference])
        #expect(answer.status == 201, "\(answer)")
        return try #require(answer.object["id"] as? Int, "\(answer)")
    }

    func connectWiseNote(_ ticketID: Int) async throws -> Answer {
        try await connectWise(
            "POST", "service/tickets/\(ticketID)/notes", ["text": "Seen again", "internalAnalysisFlag": true])
    }

    static let autotaskCompany = 29_683_001

    func autotaskTicket(reference: String = "ref", _ extra: [String: Any] = [:]) async throws -> Answer {
        var ticket: [String: Any] = [
            "companyID": Self.autotaskCompany, "title": "Disk full", "status": 1, "priority": 2,
            "queueID": 29_683_481, "dueDateTime": "2030-01-02T17:00:00Z", "externalID": reference,
        ]
        ticket.merge(extra) { _, new in new }
        return try await autotask("POST", "Tickets", ticket)
    }

    func autotaskNote(_ ticketID: Int) async throws -> Answer {
        try await autotask(
            "POST", "Tickets/\(ticketID)/Notes",
            ["ticketID": ticketID, "title": "Seen again", "description": "At 10:00", "noteType": 1, "publish": 1])
    }

    /// A date the vendor wrote, which must be ISO 8601 in UTC and no more than a minute old.
    static func isRecent(_ value: Any?) -> Bool {
        guard let text = value as? String, text.hasSuffix("Z"), let date = try? Date(text, strategy: .iso8601)
        else { return false }
        return abs(date.timeIntervalSinceNow) < 60
    }
}

// MARK: - Ticket knobs

@Suite(.serialized) struct TicketControlAPITests {
    typealias Client = TicketControlClient

    @Test func badTicketActionsAreRefusedNamingWhatIsWrong() async throws {
        try await Client.withSandbox { client in
            let cases: [([String: Any], Int, String)] = [
                (["action": "explode", "psa": "halo", "ticket": "1"], 400, "action"),
                (["action": "delete", "psa": "kaseya", "ticket": "1"], 400, "psa"),
                (["action": "delete", "psa": "halo"], 400, "ticket"),
                (["action": "delete", "psa": "halo", "ticket": true], 400, "ticket"),
                (["action": "close", "psa": "halo", "ticket": "2001", "refuseNotes": "yes"], 400, "refuseNotes"),
                (["action": "merge", "psa": "connectwise", "ticket": "41001"], 400, "into"),
                (["action": "delete", "psa": "halo", "ticket": "2001"], 404, "2001"),
                (["action": "close", "psa": "connectwise", "ticket": 41_001], 404, "41001"),
                (["action": "close", "psa": "autotask", "ticket": "7421"], 404, "7421"),
                (["action": "delete", "psa": "autotask", "ticket": "T2025"], 404, "T2025"),
            ]
            for (object, status, word) in cases {
                let answer = try await client.tickets(object)
                #expect(answer.status == status, "\(object): \(answer)")
                #expect((answer.object["message"] as? String)?.contains(word) == true, "\(object): \(answer)")
            }
            let notJSON = try await Client.send("POST", client.base + "/sandbox/tickets", body: Data("delete".utf8))
            #expect(notJSON.status == 400 && notJSON.object["message"] is String, "\(notJSON)")
        }
    }

    // MARK: HaloPSA

    @Test func aDeletedHaloTicketIsNotFoundAndIsNotCreatedAgainByAnUpdate() async throws {
        try await Client.withSandbox { client in
            let id = try await client.haloTicket(reference: "nerdio:alert:1")
            let kept = try await client.haloTicket(reference: "nerdio:alert:2")
            let deleted = try await client.tickets(["action": "delete", "psa": "halo", "ticket": String(id)])
            #expect(deleted.status == 200 && deleted.object["deleted"] as? String == String(id), "\(deleted)")

            let read = try await client.halo("GET", "/Tickets/\(id)")
            #expect(read.status == 404 && read.object["Message"] as? String == "Ticket \(id) not found", "\(read)")
            let note = try await client.haloNote(id)
            #expect(note.status == 404 && (note.object["Message"] as? String)?.contains("\(id)") == true, "\(note)")
            let update = try await client.halo("POST", "/Tickets", [["id": id, "summary": "Disk still full"]])
            #expect(update.status == 404 && update.object["ClassName"] as? String == "System.Exception", "\(update)")
            #expect(try await client.halo("GET", "/Tickets/\(id)").status == 404, "the update created nothing")

            let list = try await client.halo("GET", "/Tickets")
            let ids = (list.object["tickets"] as? [[String: Any]])?.compactMap { $0["id"] as? Int }
            #expect(ids == [kept], "\(list)")
            let again = try await client.tickets(["action": "delete", "psa": "halo", "ticket": id])
            #expect(again.status == 404, "\(again)")
        }
    }

    @Test func aHaloTicketClosedWithRefusedNotesRefusesActionsUntilReopened() async throws {
        try await Client.withSandbox { client in
            let id = try await client.haloTicket()
            let closed = try await client.tickets([
                "action": "close", "psa": "halo", "ticket": String(id), "refuseNotes": true,
            ])
            #expect(closed.status == 200 && closed.object["closed"] as? String == String(id), "\(closed)")
            let read = try await client.halo("GET", "/Tickets/\(id)")
            #expect(read.object["status_id"] as? Int == HaloSandboxSetup.closedStatusID, "\(read)")
            #expect(read.object["hasbeenclosed"] as? Bool == true, "\(read)")
            #expect(Client.isRecent(read.object["dateclosed"]), "\(read)")

            let refused = try await client.haloNote(id)
            #expect(refused.status == 400, "\(refused)")
            #expect(refused.object["ClassName"] as? String == "System.Exception", "\(refused)")
            #expect(
                (refused.object["Message"] as? String)?.contains("cannot add an Action to a closed Ticket") == true,
                "\(refused)")
            #expect(try await client.halo("GET", "/Actions?ticket_id=\(id)").object["record_count"] as? Int == 0)

            let reopened = try await client.halo("POST", "/Tickets", [["id": id, "status_id": 2]])
            #expect(reopened.status == 200 && reopened.object["hasbeenclosed"] as? Bool == false, "\(reopened)")
            #expect(reopened.object["dateclosed"] == nil, "\(reopened)")
            #expect(try await client.haloNote(id).status == 201)
        }
    }

    @Test func anActionThatReopensAHaloTicketIsAcceptedDespiteTheRefusal() async throws {
        try await Client.withSandbox { client in
            let id = try await client.haloTicket()
            #expect(
                try await client.tickets(["action": "close", "psa": "halo", "ticket": id, "refuseNotes": true]).status
                    == 200)
            #expect(try await client.haloNote(id, ["new_status": 9]).status == 400, "closing again is no reopening")
            let reopening = try await client.haloNote(id, ["new_status": 2])
            #expect(reopening.status == 201, "\(reopening)")
            #expect(try await client.halo("GET", "/Tickets/\(id)").object["hasbeenclosed"] as? Bool == false)
            #expect(try await client.haloNote(id).status == 201)
        }
    }

    @Test func aHaloTicketClosedWithoutRefusalTakesNotesAndKeepsAnEarlierClose() async throws {
        try await Client.withSandbox { client in
            let id = try await client.haloTicket()
            // Resolved by an action first: the knob keeps that closed status and its date.
            #expect(try await client.haloNote(id, ["outcome_id": 8]).status == 201)
            let resolved = try await client.halo("GET", "/Tickets/\(id)")
            #expect(resolved.object["status_id"] as? Int == 8 && Client.isRecent(resolved.object["dateclosed"]))
            #expect(try await client.tickets(["action": "close", "psa": "halo", "ticket": id]).status == 200)
            let read = try await client.halo("GET", "/Tickets/\(id)")
            #expect(read.object["status_id"] as? Int == 8, "\(read)")
            #expect(read.object["dateclosed"] as? String == resolved.object["dateclosed"] as? String, "\(read)")
            #expect(try await client.haloNote(id).status == 201)
        }
    }

    @Test func aMergedHaloTicketIsClosedAndNamesTheTicketItWentInto() async throws {
        try await Client.withSandbox { client in
            let merged = try await client.haloTicket()
            let survivor = try await client.haloTicket()
            let answer = try await client.tickets([
                "action": "merge", "psa": "halo", "ticket": String(merged), "into": String(survivor),
            ])
            #expect(answer.status == 200, "\(answer)")
            #expect(answer.object["merged"] as? String == String(merged), "\(answer)")
            #expect(answer.object["into"] as? String == String(survivor), "\(answer)")
            let read = try await client.halo("GET", "/Tickets/\(merged)")
            #expect(read.object["merged_into_id"] as? Int == survivor, "\(read)")
            #expect(read.object["hasbeenclosed"] as? Bool == true, "\(read)")
            #expect(read.object["status_id"] as? Int == HaloSandboxSetup.closedStatusID, "\(read)")
            #expect(Client.isRecent(read.object["dateclosed"]), "\(read)")
            let other = try await client.halo("GET", "/Tickets/\(survivor)")
            #expect(other.object["merged_into_id"] == nil && other.object["hasbeenclosed"] as? Bool == false)

            let missing = try await client.tickets([
                "action": "merge", "psa": "halo", "ticket": survivor, "into": 99_999,
            ])
            #expect(missing.status == 404 && (missing.object["message"] as? String)?.contains("99999") == true)
            let itself = try await client.tickets([
                "action": "merge", "psa": "halo", "ticket": survivor, "into": survivor,
            ])
            #expect(itself.status == 400, "\(itself)")
        }
    }

    // MARK: ConnectWise

    @Test func aDeletedConnectWiseTicketIsNotFoundAnywhere() async throws {
        try await Client.withSandbox { client in
            let id = try await client.connectWiseTicket(reference: "nerdio:alert:1")
            let deleted = try await client.tickets(["action": "delete", "psa": "connectwise", "ticket": String(id)])
            #expect(deleted.status == 200 && deleted.object["deleted"] as? String == String(id), "\(deleted)")
            for answer in [
                try await client.connectWise("GET", "service/tickets/\(id)"),
                try await client.connectWise(
                    "PATCH", "service/tickets/\(id)", [["op": "replace", "path": "summary", "value": "x"]]),
                try await client.connectWiseNote(id),
            ] {
                #expect(answer.status == 404, "\(answer)")
                #expect(answer.object["code"] as? String == "NotFound", "\(answer)")
                #expect((answer.object["message"] as? String)?.contains("\(id) was not found") == true, "\(answer)")
            }
            let conditions = "externalXRef=\"nerdio:alert:1\"".addingPercentEncoding(
                withAllowedCharacters: .alphanumerics)!
            let found = try await client.connectWise("GET", "service/tickets?conditions=\(conditions)")
            #expect(found.status == 200 && (found.json as? [Any])?.isEmpty == true, "\(found)")
        }
    }

    @Test func aConnectWiseTicketClosedWithRefusedNotesRefusesThemUntilReopened() async throws {
        try await Client.withSandbox { client in
            let id = try await client.connectWiseTicket()
            let closed = try await client.tickets([
                "action": "close", "psa": "connectwise", "ticket": String(id), "refuseNotes": true,
            ])
            #expect(closed.status == 200 && closed.object["closed"] as? String == String(id), "\(closed)")
            let read = try await client.connectWise("GET", "service/tickets/\(id)")
            #expect(read.object["closedFlag"] as? Bool == true, "\(read)")
            #expect((read.object["status"] as? [String: Any])?["id"] as? Int == 22, "the Service Desk's Closed")
            #expect(Client.isRecent(read.object["closedDate"]), "\(read)")

            let refused = try await client.connectWiseNote(id)
            #expect(refused.status == 400, "\(refused)")
            #expect(refused.object["code"] as? String == "InvalidObject", "\(refused)")
            let error = try #require((refused.object["errors"] as? [[String: Any]])?.first, "\(refused)")
            #expect(error["resource"] as? String == "serviceNote" && error["field"] as? String == "ticketId")
            #expect((error["message"] as? String)?.hasPrefix("Ticket is closed") == true, "\(refused)")

            let reopened = try await client.connectWise(
                "PATCH", "service/tickets/\(id)", [["op": "replace", "path": "status", "value": ["id": 17]]])
            #expect(reopened.status == 200 && reopened.object["closedFlag"] as? Bool == false, "\(reopened)")
            #expect(reopened.object["closedDate"] == nil, "\(reopened)")
            #expect(try await client.connectWiseNote(id).status == 201)
        }
    }

    @Test func aConnectWiseTicketClosedWithoutRefusalTakesNotesAndAPatchCloseShowsTheDate() async throws {
        try await Client.withSandbox { client in
            let id = try await client.connectWiseTicket(board: 2)
            #expect(try await client.tickets(["action": "close", "psa": "connectwise", "ticket": id]).status == 200)
            let read = try await client.connectWise("GET", "service/tickets/\(id)")
            #expect((read.object["status"] as? [String: Any])?["id"] as? Int == 32, "the Monitoring board's Closed")
            #expect(try await client.connectWiseNote(id).status == 201)

            let other = try await client.connectWiseTicket()
            let patched = try await client.connectWise(
                "PATCH", "service/tickets/\(other)", [["op": "replace", "path": "status", "value": ["id": 23]]])
            #expect(patched.object["closedFlag"] as? Bool == true && Client.isRecent(patched.object["closedDate"]))
        }
    }

    @Test func aMergedConnectWiseTicketIsClosedWithItsParent() async throws {
        try await Client.withSandbox { client in
            let merged = try await client.connectWiseTicket()
            let parent = try await client.connectWiseTicket()
            #expect(
                try await client.connectWise(
                    "PATCH", "service/tickets/\(parent)", [["op": "replace", "path": "summary", "value": "Disks full"]]
                ).status == 200)
            let answer = try await client.tickets([
                "action": "merge", "psa": "connectwise", "ticket": String(merged), "into": String(parent),
            ])
            #expect(answer.status == 200 && answer.object["into"] as? String == String(parent), "\(answer)")
            let read = try await client.connectWise("GET", "service/tickets/\(merged)")
            let reference = try #require(read.object["mergedParentTicket"] as? [String: Any], "\(read)")
            #expect(reference["id"] as? Int == parent && reference["summary"] as? String == "Disks full")
            #expect(read.object["closedFlag"] as? Bool == true && Client.isRecent(read.object["closedDate"]))
            #expect((read.object["status"] as? [String: Any])?["id"] as? Int == 22, "\(read)")
            let listed = try await client.connectWise(
                "GET",
                "service/tickets?conditions=mergedParentTicket%2Fid%3D\(parent)&fields=id,mergedParentTicket")
            #expect((listed.json as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [merged], "\(listed)")

            let missing = try await client.tickets([
                "action": "merge", "psa": "connectwise", "ticket": merged, "into": 99_999,
            ])
            #expect(missing.status == 404, "\(missing)")
        }
    }

    // MARK: Autotask

    @Test func aDeletedAutotaskTicketReadsAsNullAndRefusesWrites() async throws {
        try await Client.withSandbox { client in
            let created = try await client.autotaskTicket(reference: "nerdio:alert:1")
            let id = try #require(created.object["itemId"] as? Int, "\(created)")
            let deleted = try await client.tickets(["action": "delete", "psa": "autotask", "ticket": String(id)])
            #expect(deleted.status == 200 && deleted.object["deleted"] as? String == String(id), "\(deleted)")

            let read = try await client.autotask("GET", "Tickets/\(id)")
            #expect(read.status == 200 && read.object["item"] is NSNull, "\(read)")
            for answer in [
                try await client.autotask("PATCH", "Tickets", ["id": id, "title": "Disk still full"]),
                try await client.autotaskNote(id),
            ] {
                #expect(answer.status == 404, "\(answer)")
                #expect((answer.object["errors"] as? [String])?.first?.contains("\(id)") == true, "\(answer)")
            }
            let query = try await client.autotask(
                "POST", "Tickets/query", ["filter": [["op": "eq", "field": "externalID", "value": "nerdio:alert:1"]]])
            #expect(query.status == 200 && (query.object["items"] as? [Any])?.isEmpty == true, "\(query)")
        }
    }

    @Test func anAutotaskTicketCompletedWithRefusedNotesRefusesThemUntilReopened() async throws {
        try await Client.withSandbox { client in
            let id = try #require(try await client.autotaskTicket().object["itemId"] as? Int)
            let closed = try await client.tickets([
                "action": "close", "psa": "autotask", "ticket": String(id), "refuseNotes": true,
            ])
            #expect(closed.status == 200 && closed.object["closed"] as? String == String(id), "\(closed)")
            let item = try await client.autotask("GET", "Tickets/\(id)").object["item"] as? [String: Any]
            #expect(item?["status"] as? Int == AutotaskSandboxFields.completeStatus, "\(item ?? [:])")
            #expect(Client.isRecent(item?["completedDate"]), "\(item ?? [:])")

            let refused = try await client.autotaskNote(id)
            #expect(refused.status == 500, "\(refused)")
            #expect((refused.object["errors"] as? [String])?.first?.contains("Complete") == true, "\(refused)")

            // Another change leaves the ticket complete, the refusal and the date where they were.
            let completedDate = item?["completedDate"] as? String
            #expect(try await client.autotask("PATCH", "Tickets", ["id": id, "resolution": "Cleared"]).status == 200)
            #expect(try await client.autotaskNote(id).status == 500)
            let still = try await client.autotask("GET", "Tickets/\(id)").object["item"] as? [String: Any]
            #expect(still?["completedDate"] as? String == completedDate, "\(still ?? [:])")

            let reopened = try await client.autotask("PATCH", "Tickets", ["id": id, "status": 8])
            #expect(reopened.status == 200, "\(reopened)")
            let open = try await client.autotask("GET", "Tickets/\(id)").object["item"] as? [String: Any]
            #expect(open?["completedDate"] is NSNull, "\(open ?? [:])")
            #expect(try await client.autotaskNote(id).status == 200)
        }
    }

    @Test func autotaskHasNoMergesAndATicketCompletedByPatchShowsTheDate() async throws {
        try await Client.withSandbox { client in
            let first = try #require(try await client.autotaskTicket().object["itemId"] as? Int)
            let second = try #require(try await client.autotaskTicket().object["itemId"] as? Int)
            let merge = try await client.tickets([
                "action": "merge", "psa": "autotask", "ticket": String(first), "into": String(second),
            ])
            #expect(merge.status == 400, "\(merge)")
            #expect(merge.object["message"] as? String == "Autotask's REST API shows no ticket merges")

            #expect(try await client.autotask("PATCH", "Tickets", ["id": first, "status": 5]).status == 200)
            let item = try await client.autotask("GET", "Tickets/\(first)").object["item"] as? [String: Any]
            #expect(Client.isRecent(item?["completedDate"]), "\(item ?? [:])")
            #expect(try await client.autotaskNote(first).status == 200, "no refusal without the knob")
        }
    }
}

// MARK: - Required fields

@Suite(.serialized) struct RequiredFieldControlAPITests {
    typealias Client = TicketControlClient

    @Test func aHaloTicketTypeRequiresUrgencyWithItsDefaultShown() async throws {
        try await Client.withSandbox { client in
            let set = try await client.required([
                "psa": "halo", "ticketType": "incident", "field": "urgency", "default": "2",
            ])
            #expect(set.status == 200, "\(set)")
            #expect(set.object["ticketType"] as? Int == 1 && set.object["default"] as? Int == 2, "\(set)")
            let type = try await client.halo("GET", "/TicketType/1")
            #expect(type.object["requireurgency"] as? Bool == true, "\(type)")
            #expect(type.object["defaulturgency"] as? Int == 2, "\(type)")
            #expect(type.object["requireimpact"] as? Bool == false, "\(type)")

            for urgency in [nil, NSNull(), 0] as [Any?] {
                var ticket: [String: Any] = [
                    "summary": "Disk full", "client_id": HaloSandboxAPI.clientIDOffset, "tickettype_id": 1,
                ]
                if let urgency { ticket["urgency"] = urgency }
                let refused = try await client.halo("POST", "/Tickets", [ticket])
                #expect(refused.status == 400, "urgency \(String(describing: urgency)): \(refused)")
                #expect(refused.object["ClassName"] as? String == "System.Exception", "\(refused)")
                #expect(
                    refused.object["Message"] as? String == "Urgency is required for Tickets of type 'Incident'",
                    "\(refused)")
            }
            let id = try await client.haloTicket(type: 1, ["urgency": 3])
            #expect(try await client.halo("GET", "/Tickets/\(id)").object["urgency"] as? Int == 3)
            _ = try await client.haloTicket(type: 3)
            // Updates of existing tickets are not held to it.
            #expect(try await client.halo("POST", "/Tickets", [["id": id, "summary": "Disks full"]]).status == 200)

            #expect(try await client.clearRequired().status == 200)
            let cleared = try await client.halo("GET", "/TicketType/1")
            #expect(cleared.object["requireurgency"] as? Bool == false, "\(cleared)")
            _ = try await client.haloTicket(type: 1)
        }
    }

    @Test func aHaloImpactRequirementWithoutADefaultShowsNull() async throws {
        try await Client.withSandbox { client in
            let set = try await client.required([
                "psa": "halo", "ticketType": 3, "field": "impact", "default": NSNull(),
            ])
            #expect(set.status == 200 && set.object["default"] is NSNull, "\(set)")
            let type = try await client.halo("GET", "/TicketType/3")
            #expect(type.object["requireimpact"] as? Bool == true, "\(type)")
            #expect(type.object["defaultimpact"] is NSNull, "\(type)")
            let refused = try await client.halo(
                "POST", "/Tickets", [["summary": "x", "client_id": HaloSandboxAPI.clientIDOffset, "tickettype_id": 3]])
            #expect(
                refused.status == 400 && (refused.object["Message"] as? String)?.hasPrefix("Impact is required") == true
            )
            _ = try await client.haloTicket(type: 3, ["impact": 1])
        }
    }

    @Test func badRequirementsAreRefusedNamingWhatIsWrong() async throws {
        try await Client.withSandbox { client in
            let cases: [([String: Any], Int, String)] = [
                (["ticketType": "Incident", "field": "urgency"], 400, "psa"),
                (["psa": "halo", "field": "urgency"], 400, "ticketType"),
                (["psa": "halo", "ticketType": "Change", "field": "urgency"], 404, "Change"),
                (["psa": "halo", "ticketType": "Incident", "field": "priority"], 400, "urgency"),
                (["psa": "halo", "ticketType": "Incident", "field": "urgency", "default": 7], 400, "1, 2, 3"),
                (["psa": "autotask", "field": "title"], 400, "issueType"),
                (["psa": "autotask", "field": "issueType", "default": 999], 400, "5, 6, 18"),
                (["psa": "autotask", "udf": ""], 400, "udf"),
                (["psa": "autotask", "udf": "Region", "picklist": []], 400, "picklist"),
                (["psa": "autotask", "udf": "Region", "picklist": ["EMEA"], "default": "APAC"], 400, "default"),
                (
                    ["psa": "connectwise", "field": "type"], 400,
                    "ConnectWise PSA's API does not report required ticket fields"
                ),
            ]
            for (object, status, word) in cases {
                let answer = try await client.required(object)
                #expect(answer.status == status, "\(object): \(answer)")
                #expect((answer.object["message"] as? String)?.contains(word) == true, "\(object): \(answer)")
            }
            let type = try await client.halo("GET", "/TicketType/1")
            #expect(type.object["requireurgency"] as? Bool == false, "refusals change nothing")
        }
    }

    static func field(_ name: String, in answer: TicketControlClient.Answer) -> [String: Any]? {
        (answer.object["fields"] as? [[String: Any]])?.first { $0["name"] as? String == name }
    }

    @Test func everyRequirableAutotaskFieldIsAPicklistThatCanBeRequired() async throws {
        try await Client.withSandbox { client in
            let values = [
                "issueType": 6, "subIssueType": 220, "source": 8, "ticketCategory": 4, "queueID": 29_683_354,
                "ticketType": 5,
            ]
            for (name, value) in values {
                let set = try await client.required(["psa": "autotask", "field": name, "default": String(value)])
                #expect(set.status == 200 && set.object["default"] as? String == String(value), "\(set)")
            }
            let fields = try await client.autotask("GET", "Tickets/entityInformation/fields")
            for (name, value) in values {
                let field = try #require(Self.field(name, in: fields), "\(name)")
                #expect(field["isRequired"] as? Bool == true, "\(name)")
                #expect(field["isPickList"] as? Bool == true, "\(name)")
                let defaults = (field["picklistValues"] as? [[String: Any]] ?? []).filter {
                    $0["isDefaultValue"] as? Bool == true
                }.compactMap { $0["value"] as? String }
                #expect(defaults == [String(value)], "\(name)")
            }
            let sub = try #require(Self.field("subIssueType", in: fields))
            #expect(sub["picklistParentValueField"] as? String == "issueType")
            #expect(
                (sub["picklistValues"] as? [[String: Any]])?.allSatisfy {
                    !($0["parentValue"] as? String ?? "").isEmpty
                } == true)

            let refused = try await client.autotaskTicket()
            #expect(refused.status == 400, "\(refused)")
            let errors = refused.object["errors"] as? [String] ?? []
            for name in values.keys where name != "queueID" {
                #expect(errors.contains("\(name) is required."), "\(name): \(errors)")
            }
            let accepted = try await client.autotaskTicket(values.mapValues { $0 as Any })
            #expect(accepted.status == 200, "\(accepted)")

            #expect(try await client.clearRequired().status == 200)
            let cleared = try await client.autotask("GET", "Tickets/entityInformation/fields")
            #expect(Self.field("issueType", in: cleared)?["isRequired"] as? Bool == false)
            let queue = (Self.field("queueID", in: cleared)?["picklistValues"] as? [[String: Any]])?.first {
                $0["isDefaultValue"] as? Bool == true
            }
            #expect(queue?["value"] as? String == "29683481", "the setup's own default is back")
            #expect(try await client.autotaskTicket().status == 200)
        }
    }

    @Test func aRequiredQueueIDIsMissingEvenWithAResourceAndRole() async throws {
        try await Client.withSandbox { client in
            #expect(try await client.required(["psa": "autotask", "field": "queueid"]).status == 200)
            let field = Self.field("queueID", in: try await client.autotask("GET", "Tickets/entityInformation/fields"))
            #expect(field?["isRequired"] as? Bool == true)
            let refused = try await client.autotaskTicket(
                ["queueID": NSNull(), "assignedResourceID": 29_682_885, "assignedResourceRoleID": 29_683_461])
            #expect(refused.status == 400, "\(refused)")
            #expect((refused.object["errors"] as? [String])?.contains("queueID is required.") == true, "\(refused)")
        }
    }

    @Test func aRequiredAutotaskPicklistUDFMustCarryOneOfItsValues() async throws {
        try await Client.withSandbox { client in
            let empty = try await client.autotask("GET", "Tickets/entityInformation/userDefinedFields")
            #expect(empty.status == 200 && (empty.object["fields"] as? [Any])?.isEmpty == true, "\(empty)")
            let set = try await client.required([
                "psa": "autotask", "udf": "Region", "picklist": ["EMEA", "APAC"], "default": "EMEA",
            ])
            #expect(set.status == 200 && set.object["udf"] as? String == "Region", "\(set)")

            let listed = try await client.autotask("GET", "Tickets/entityInformation/userDefinedFields")
            let field = try #require(Self.field("Region", in: listed), "\(listed)")
            #expect(field["label"] as? String == "Region")
            #expect(field["type"] as? String == "string" && field["dataType"] as? String == "string")
            #expect(field["isRequired"] as? Bool == true && field["isPickList"] as? Bool == true)
            #expect(field["defaultValue"] as? String == "EMEA")
            let picks = field["picklistValues"] as? [[String: Any]] ?? []
            #expect(picks.compactMap { $0["value"] as? String } == ["EMEA", "APAC"])
            #expect(picks.compactMap { $0["isDefaultValue"] as? Bool } == [true, false])
            #expect(picks.compactMap { $0["sortOrder"] as? Int } == [1, 2])
            #expect(picks.allSatisfy { $0["isActive"] as? Bool == true && $0["isSystem"] as? Bool == false })

            let missing = try await client.autotaskTicket()
            #expect(missing.status == 400 && missing.object["errors"] as? [String] == ["Region is required."])
            let wrong = try await client.autotaskTicket(["userDefinedFields": [["name": "Region", "value": "LATAM"]]])
            #expect(
                wrong.object["errors"] as? [String]
                    == ["Value does not reference an existing picklist value for Region: LATAM."], "\(wrong)")
            let shape = try await client.autotaskTicket(["userDefinedFields": ["Region"]])
            #expect(shape.status == 400, "\(shape)")

            let created = try await client.autotaskTicket(
                ["userDefinedFields": [["name": "Region", "value": "APAC"]]])
            let id = try #require(created.object["itemId"] as? Int, "\(created)")
            let item = try await client.autotask("GET", "Tickets/\(id)").object["item"] as? [String: Any]
            let stored = item?["userDefinedFields"] as? [[String: String]]
            #expect(stored == [["name": "Region", "value": "APAC"]], "\(item ?? [:])")
            #expect(
                try await client.autotask(
                    "PATCH", "Tickets", ["id": id, "userDefinedFields": [["name": "Region", "value": "EMEA"]]]
                ).status == 200)
            let patched = try await client.autotask("GET", "Tickets/\(id)").object["item"] as? [String: Any]
            #expect(patched?["userDefinedFields"] as? [[String: String]] == [["name": "Region", "value": "EMEA"]])

            #expect(try await client.clearRequired().status == 200)
            let cleared = try await client.autotask("GET", "Tickets/entityInformation/userDefinedFields")
            #expect((cleared.object["fields"] as? [Any])?.isEmpty == true, "\(cleared)")
            #expect(try await client.autotaskTicket().status == 200)
        }
    }

    @Test func aRequiredAutotaskTextUDFMustNotBeEmpty() async throws {
        try await Client.withSandbox { client in
            #expect(try await client.required(["psa": "autotask", "udf": "Cost Centre"]).status == 200)
            let field = Self.field(
                "Cost Centre", in: try await client.autotask("GET", "Tickets/entityInformation/userDefinedFields"))
            #expect(field?["isPickList"] as? Bool == false && field?["defaultValue"] is NSNull, "\(field ?? [:])")
            #expect((field?["picklistValues"] as? [Any])?.isEmpty == true)
            for value in ["", "  ", NSNull()] as [Any] {
                let refused = try await client.autotaskTicket(
                    ["userDefinedFields": [["name": "Cost Centre", "value": value]]])
                #expect(refused.object["errors"] as? [String] == ["Cost Centre is required."], "\(refused)")
            }
            let accepted = try await client.autotaskTicket(
                ["userDefinedFields": [["name": "Cost Centre", "value": "CC-12"]]])
            #expect(accepted.status == 200, "\(accepted)")
        }
    }
}
