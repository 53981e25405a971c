import Foundation
import PSACore
import PSASandbox
import Testing

/// Ticket settings, the ticket lifecycle and finding a ticket again by its reference.
@Suite("ConnectWise tickets")
struct ConnectWiseTicketTests {
    @Test func choicesWithoutABoard() async throws {
        try await withConnectWiseSandbox { bed in
            let choices = try await bed.connector.ticketChoices(for: ChoiceContext())
            // Inactive and project boards are left out.
            #expect(choices[.board].map(\.name) == ["Monitoring", "Service Desk"])
            #expect(choices[.board].map(\.id) == ["2", "1"])
            #expect(choices[.priority].first?.name == "Priority 1 - Emergency Response")
            #expect(choices[.priority].filter(\.isDefault).map(\.id) == ["4"])
            #expect(choices[.severity].map(\.id) == ["Low", "Medium", "High"])
            #expect(choices[.impact].filter(\.isDefault).map(\.id) == ["Medium"])
            #expect(choices.values[.status] == nil)
            #expect(choices.values[.ticketType] == nil)
            #expect(choices.required == [.board, .status])
        }
    }

    @Test func statusesAndTypesFollowTheBoard() async throws {
        try await withConnectWiseSandbox { bed in
            let desk = try await bed.connector.ticketChoices(for: ChoiceContext(board: "1"))
            #expect(desk[.status].map(\.name) == ["New", "In Progress", "Waiting Customer", "Closed", "Cancelled"])
            #expect(desk[.status].filter(\.isClosing).map(\.name) == ["Closed", "Cancelled"])
            #expect(desk[.status].filter(\.isDefault).map(\.id) == ["16"])
            #expect(desk[.ticketType].map(\.name) == ["Incident", "Problem", "Service Request"])
            let monitoring = try await bed.connector.ticketChoices(for: ChoiceContext(board: "2"))
            #expect(monitoring[.status].map(\.id) == ["30", "31", "32", "33"])
            #expect(monitoring[.ticketType].map(\.name) == ["Alert", "Backup", "Capacity"])

            let missing = await connectorError { () async throws(ConnectorError) in
                _ = try await bed.connector.ticketChoices(for: ChoiceContext(board: "99"))
            }
            #expect(missing == .notFound("Board with id 99 was not found."))
        }
    }

    @Test func createNoteCloseAndReadBack() async throws {
        try await withConnectWiseSandbox { bed in
            let created = try await bed.connector.createTicket(connectWiseDraft())
            #expect(created.title == "Scaling failed on hp-east-1")
            #expect(created.companyID == "251")
            #expect(created.statusID == "16")
            #expect(created.priorityID == "4")
            #expect(created.isClosed == false)
            #expect(created.externalReference == "psalink:acc-1:cond-42:hostpool/hp-east-1")
            let ticketID = try #require(Int(created.id))

            let raw = try #require(connectWiseJSON(try await bed.raw("/service/tickets/\(ticketID)")) as? [String: Any])
            #expect(raw["severity"] as? String == "High")
            #expect(raw["impact"] as? String == "Low")
            #expect(raw["recordType"] as? String == "ServiceTicket")
            #expect((raw["type"] as? [String: Any])?["name"] as? String == "Incident")
            #expect((raw["board"] as? [String: Any])?["id"] as? Int == 1)

            try await bed.connector.addNote(TicketNote(text: "Alert re-fired", isInternal: true), toTicket: created.id)
            try await bed.connector.addNote(TicketNote(text: "We are on it", isInternal: false), toTicket: created.id)
            try await bed.connector.updateTicket(
                created.id, TicketChange(statusID: "22", note: TicketNote(text: "Resolved by psalink")))

            let closed = try #require(try await bed.connector.ticket(id: created.id))
            #expect(closed.isClosed)
            #expect(closed.statusID == "22")
            let notes = bed.sandbox.connectWise.notes(ofTicket: ticketID)
            #expect(
                notes.map(\.text) == [
                    "Host pool scaling failed.", "Alert re-fired", "We are on it", "Resolved by psalink",
                ])
            #expect(notes.map(\.isInternal) == [false, true, false, true])
            #expect(notes.map(\.isDetail) == [true, false, true, false])

            let patches = bed.sandbox.faults.requestLog.filter { $0.hasPrefix("PATCH ") }
            #expect(patches == ["PATCH /v4_6_release/apis/3.0/service/tickets/\(ticketID)"])

            try await bed.connector.updateTicket(created.id, TicketChange(statusID: "17"))
            #expect(try await bed.connector.ticket(id: created.id)?.isClosed == false)
            try await bed.connector.updateTicket(created.id, TicketChange(statusID: "23"))
            #expect(try await bed.connector.ticket(id: created.id)?.isClosed == true)
        }
    }

    @Test func aLongTitleIsCutAndKeptWholeInTheDescription() async throws {
        try await withConnectWiseSandbox { bed in
            let title = "Backup job 'Nightly full – all VMs' failed on " + String(repeating: "host-", count: 30) + "end"
            let created = try await bed.connector.createTicket(connectWiseDraft(title: title))
            #expect(created.title.utf16.count <= 100)
            #expect(created.title.hasSuffix("…"))
            let notes = bed.sandbox.connectWise.notes(ofTicket: Int(created.id)!)
            #expect(notes.first?.text == title + "\n\nHost pool scaling failed.")
        }
    }

    @Test func defaultsApplyWhenSettingsAreLeftOut() async throws {
        try await withConnectWiseSandbox { bed in
            let created = try await bed.connector.createTicket(connectWiseDraft(settings: [:]))
            #expect(created.statusID == "16")
            #expect(created.priorityID == "4")
        }
    }

    @Test func findTicketMatchesAReferenceWithQuotesAndBackslashes() async throws {
        try await withConnectWiseSandbox { bed in
            let reference = #"psalink:acc-1:cond "quoted":ad/CONTOSO\jdoe\"tail"#
            let older = try await bed.connector.createTicket(connectWiseDraft(reference: reference))
            let newer = try await bed.connector.createTicket(connectWiseDraft(reference: reference))
            _ = try await bed.connector.createTicket(connectWiseDraft(reference: reference + "x"))
            _ = try await bed.connector.createTicket(connectWiseDraft(reference: #"psalink:acc-1:cond "quoted""#))
            _ = try await bed.connector.createTicket(connectWiseDraft(companyID: "252", reference: reference))

            let found = try await bed.connector.findTicket(externalReference: reference, companyID: "251")
            #expect(found?.id == newer.id)
            #expect(found?.externalReference == reference)
            #expect(older.id != newer.id)

            let query = try #require(bed.sandbox.faults.requestLog.last { $0.contains("/service/tickets?") })
            #expect(query.contains("conditions=externalXRef%3D%22psalink%3Aacc-1%3Acond%20%5C%22quoted%5C%22"))
            #expect(query.contains("%5C%5Cjdoe%5C%5C%5C%22tail%22%20and%20company/id%3D251"))
            #expect(query.contains("orderBy=id%20desc&pageSize=1"))

            let otherCompany = try await bed.connector.findTicket(externalReference: reference, companyID: "253")
            #expect(otherCompany == nil)
            let otherReference = try await bed.connector.findTicket(externalReference: "psalink:none", companyID: "251")
            #expect(otherReference == nil)
        }
    }

    @Test func findTicketIgnoresAReferenceThatDiffersOnlyInCase() async throws {
        try await withConnectWiseSandbox { bed in
            _ = try await bed.connector.createTicket(connectWiseDraft(reference: "psalink:ACC-1"))
            let caseVariant = try await bed.connector.findTicket(externalReference: "psalink:acc-1", companyID: "251")
            #expect(caseVariant == nil)
        }
    }

    @Test func aMissingTicketIsNil() async throws {
        try await withConnectWiseSandbox { bed in
            let missing = try await bed.connector.ticket(id: "999999")
            #expect(missing == nil)
            let error = await connectorError { () async throws(ConnectorError) in
                try await bed.connector.addNote(TicketNote(text: "x"), toTicket: "999999")
            }
            #expect(error == .notFound("Service ticket with id 999999 was not found."))
        }
    }

    @Test func validationErrorsNameTheField() async throws {
        try await withConnectWiseSandbox { bed in
            func rejectedField(_ draft: TicketDraft) async -> String? {
                let error = await connectorError { () async throws(ConnectorError) in
                    _ = try await bed.connector.createTicket(draft)
                }
                guard case .rejected(let field, _)? = error else { return "not rejected: \(String(describing: error))" }
                return field
            }
            #expect(await rejectedField(connectWiseDraft(companyID: "99999")) == "company")
            #expect(await rejectedField(connectWiseDraft(title: "   ")) == "summary")
            var settings = connectWiseDraft().settings
            settings[.severity] = "Critical"
            #expect(await rejectedField(connectWiseDraft(settings: settings)) == "severity")
            settings = connectWiseDraft().settings
            settings[.status] = "30"  // a Monitoring status on a Service Desk ticket
            #expect(await rejectedField(connectWiseDraft(settings: settings)) == "status")
            settings = [.board: "3"]
            #expect(await rejectedField(connectWiseDraft(settings: settings)) == "board")
            #expect(bed.sandbox.connectWise.ticketCount == 0)

            let error = await connectorError { () async throws(ConnectorError) in
                _ = try await bed.connector.createTicket(connectWiseDraft(companyID: "99999"))
            }
            #expect(
                error
                    == .rejected(
                        field: "company", message: "ticket object is invalid: The company (id 99999) was not found."))

            let ticket = try await bed.connector.createTicket(connectWiseDraft())
            let statusError = await connectorError { () async throws(ConnectorError) in
                try await bed.connector.updateTicket(ticket.id, TicketChange(statusID: "32"))
            }
            #expect(statusError.map { if case .rejected(field: "status", _) = $0 { true } else { false } } == true)
        }
    }

    @Test func sandboxRequiresSummaryAndCompanyAndAJSONPatchArray() async throws {
        try await withConnectWiseSandbox { bed in
            let empty = try await bed.raw(.post, "/service/tickets", body: "{}")
            #expect(empty.status == 400)
            let errors = (connectWiseJSON(empty) as? [String: Any])?["errors"] as? [[String: Any]]
            #expect(errors?.compactMap { $0["field"] as? String } == ["summary", "company"])
            #expect((connectWiseJSON(empty) as? [String: Any])?["code"] as? String == "InvalidObject")

            let long = String(repeating: "x", count: 101)
            let tooLong = try await bed.raw(
                .post, "/service/tickets", body: #"{"summary":"\#(long)","company":{"id":251}}"#)
            #expect(tooLong.status == 400)

            let company = try #require(connectWiseJSON(try await bed.raw("/company/companies/252")) as? [String: Any])
            let identifier = try #require(company["identifier"] as? String)
            let byIdentifier = try await bed.raw(
                .post, "/service/tickets", body: #"{"summary":"Disk full","company":{"identifier":"\#(identifier)"}}"#)
            #expect(byIdentifier.status == 201)
            #expect(
                ((connectWiseJSON(byIdentifier) as? [String: Any])?["company"] as? [String: Any])?["id"] as? Int == 252)
            let ok = try await bed.raw(
                .post, "/service/tickets", body: #"{"summary":"Disk full","company":{"id":251}}"#)
            #expect(ok.status == 201)
            let id = try #require((connectWiseJSON(ok) as? [String: Any])?["id"] as? Int)

            let notArray = try await bed.raw(.patch, "/service/tickets/\(id)", body: #"{"status":{"id":22}}"#)
            #expect(notArray.status == 400)
            let badOp = try await bed.raw(
                .patch, "/service/tickets/\(id)", body: #"[{"op":"remove","path":"status"}]"#)
            #expect(badOp.status == 400)
            let byName = try await bed.raw(
                .patch, "/service/tickets/\(id)",
                body: #"[{"op":"replace","path":"/status","value":{"name":"closed"}}]"#)
            #expect(byName.status == 200)
            #expect((connectWiseJSON(byName) as? [String: Any])?["closedFlag"] as? Bool == true)

            let noFlag = try await bed.raw(.post, "/service/tickets/\(id)/notes", body: #"{"text":"hello"}"#)
            #expect(noFlag.status == 400)
            let listed = try await bed.raw(
                "/service/tickets?conditions=closedFlag%3Dtrue%20and%20summary%20contains%20%22disk%22")
            #expect((connectWiseJSON(listed) as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [id])
            let newestFirst = try await bed.raw("/service/tickets?orderBy=id%20desc&fields=id")
            #expect(
                (connectWiseJSON(newestFirst) as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [id, id - 1])
        }
    }

    @Test func aBusyServerIsRetriedOnReadsAndStatusChanges() async throws {
        try await withConnectWiseSandbox { bed in
            let ticket = try await bed.connector.createTicket(connectWiseDraft())
            bed.sandbox.faults.inject(.status(503), pathContains: "/service/tickets/\(ticket.id)")
            #expect(try await bed.connector.ticket(id: ticket.id)?.id == ticket.id)
            bed.sandbox.faults.inject(.status(502), pathContains: "/service/tickets/\(ticket.id)")
            try await bed.connector.updateTicket(ticket.id, TicketChange(statusID: "22"))
            #expect(bed.sandbox.faults.requestLog.filter { $0.hasPrefix("PATCH ") }.count == 2)
            #expect(try await bed.connector.ticket(id: ticket.id)?.isClosed == true)
        }
    }

    @Test func aFailedCreateIsNotRepeated() async throws {
        try await withConnectWiseSandbox { bed in
            bed.sandbox.faults.inject(.status(503), pathContains: "/service/tickets")
            let error = await connectorError { () async throws(ConnectorError) in
                _ = try await bed.connector.createTicket(connectWiseDraft())
            }
            #expect(error == .server(status: 503, message: "sandbox fault: status 503"))
            #expect(bed.sandbox.faults.requestLog.filter { $0.hasPrefix("POST ") }.count == 1)
        }
    }
}
