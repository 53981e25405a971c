import PSACore
import PSASandbox
import Testing

@Suite("Autotask tickets")
struct AutotaskTicketTests {
    static let customer = "29683001"

    @Test func choicesComeFromThePicklists() async throws {
        try await withAutotaskSandbox { connector, _ in
            let choices = try await connector.ticketChoices(for: ChoiceContext())
            #expect(choices[.queue].contains { $0.id == "29683354" && $0.name == "Monitoring Alert" })
            let closing = choices[.status].filter(\.isClosing)
            #expect(closing.map(\.name) == ["Complete"])
            #expect(choices[.status].contains { $0.name == "Escalated" && !$0.isActive })
            #expect(choices[.priority].first { $0.isDefault }?.name == "Medium")
            #expect(choices[.subIssueType].first { $0.id == "230" }?.parentID == "18")
            #expect(choices[.subIssueType].allSatisfy { $0.parentID != nil })
            #expect(!choices[.ticketType].isEmpty && !choices[.category].isEmpty && !choices[.source].isEmpty)
            #expect(choices.required == [.status, .priority])
            #expect(choices.requiredByPSA == [.status, .priority])
        }
    }

    @Test func aFailedNoteFieldsReadFailsTheNoteAsTransientAndConcurrentNotesShareOneRead() async throws {
        try await withAutotaskSandbox { connector, sandbox in
            let created = try await connector.createTicket(autotaskDraft(companyID: Self.customer))
            let id = try #require(Int(created.id))
            // More 500s than the client's retries: no note goes out with guessed values.
            sandbox.faults.inject(.status(500), count: 4, pathContains: "TicketNotes/entityInformation")
            let error = await connectorError { () async throws(ConnectorError) in
                try await connector.addNote(TicketNote(text: "Seen again"), toTicket: created.id)
            }
            #expect(error?.isTransient == true, "\(String(describing: error))")
            #expect(sandbox.autotask.notes(ofTicket: id).isEmpty)
            let reads = sandbox.faults.requests(containing: "TicketNotes/entityInformation")
            sandbox.faults.inject(.delay(milliseconds: 200), pathContains: "TicketNotes/entityInformation")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<3 {
                    group.addTask {
                        try await connector.addNote(TicketNote(text: "repeat \(index)"), toTicket: created.id)
                    }
                }
                try await group.waitForAll()
            }
            #expect(sandbox.faults.requests(containing: "TicketNotes/entityInformation") == reads + 1)
            #expect(sandbox.autotask.notes(ofTicket: id).map(\.publish) == [2, 2, 2])
        }
    }

    @Test func createNoteCompleteGetAndFind() async throws {
        try await withAutotaskSandbox { connector, sandbox in
            let created = try await connector.createTicket(autotaskDraft(companyID: Self.customer))
            #expect(created.number?.hasPrefix("T") == true)
            #expect(created.companyID == Self.customer && created.statusID == "1" && !created.isClosed)
            let id = try #require(Int(created.id))

            try await connector.addNote(TicketNote(text: "Seen again\nat 10:00"), toTicket: created.id)
            let note = try #require(sandbox.autotask.notes(ofTicket: id).first)
            #expect(note.title == "Seen again" && note.description == "Seen again\nat 10:00")
            #expect(note.publish == 2)

            try await connector.updateTicket(
                created.id, TicketChange(statusID: "5", note: TicketNote(text: "Condition cleared.")))
            let fields = try #require(sandbox.autotask.ticketFields(id: id))
            #expect(fields["resolution"] == "Condition cleared.")
            #expect(sandbox.autotask.notes(ofTicket: id).count == 2)
            let closed = try #require(try await connector.ticket(id: created.id))
            #expect(closed.isClosed && closed.statusID == "5")

            try await connector.updateTicket(created.id, TicketChange(statusID: "8"))
            #expect(try await connector.ticket(id: created.id)?.isClosed == false)
            #expect(try await connector.ticket(id: "999999") == nil)
        }
    }

    @Test func findReturnsTheNewestTicketOfTheCompanyAndReference() async throws {
        try await withAutotaskSandbox { connector, _ in
            let reference = "psalink:acc-9:cond-1:target"
            _ = try await connector.createTicket(autotaskDraft(companyID: Self.customer, reference: reference))
            let newer = try await connector.createTicket(autotaskDraft(companyID: Self.customer, reference: reference))
            _ = try await connector.createTicket(autotaskDraft(companyID: "29683002", reference: reference))
            _ = try await connector.createTicket(autotaskDraft(companyID: Self.customer, reference: "other"))
            let found = try await connector.findTicket(externalReference: reference, companyID: Self.customer)
            #expect(found?.id == newer.id && found?.externalReference == reference)
            #expect(try await connector.findTicket(externalReference: "absent", companyID: Self.customer) == nil)
        }
    }

    @Test func missingRequiredFieldsAreNamedAndThoseWithADefaultFilled() async throws {
        try await withAutotaskSandbox { connector, _ in
            var draft = autotaskDraft(companyID: Self.customer)
            draft.settings[.priority] = nil
            draft.settings[.queue] = nil
            let error = await connectorError { () async throws(ConnectorError) in
                _ = try await connector.createTicket(draft)
            }
            guard case .rejected(_, let message)? = error else {
                Issue.record("expected a rejection, got \(String(describing: error))")
                return
            }
            // The priority is required and has a default (Medium), which psalink sends.
            #expect(message.contains("queueID") && !message.contains("priority"), "\(message)")
        }
    }

    @Test func atMostThreeRequestsPerEndpointAreInFlight() async throws {
        try await withAutotaskSandbox { connector, sandbox in
            let created = try await connector.createTicket(autotaskDraft(companyID: Self.customer))
            sandbox.autotask.holdRequests(milliseconds: 50)
            let tickets = try await withThrowingTaskGroup(of: PSATicket?.self) { group in
                for _ in 0..<10 { group.addTask { try await connector.ticket(id: created.id) } }
                return try await group.reduce(into: [PSATicket?]()) { $0.append($1) }
            }
            #expect(tickets.count == 10 && tickets.allSatisfy { $0?.id == created.id })
            #expect(sandbox.autotask.maxInFlight(endpoint: "tickets") <= 3)
            #expect(sandbox.autotask.maxInFlight(endpoint: "tickets") >= 1)
        }
    }
}
