import Foundation
import PSASandbox
import Testing

@testable import PSACore

/// `note-visibility` at each PSA: an internal note and a public one carry the vendor's own flags,
/// and neither asks the PSA to e-mail anyone. Sent over loopback to the sandbox, which keeps what
/// each request said.
@Suite("Note visibility in the connectors")
struct NoteVisibilityConnectorTests {
    @Test func haloHidesAnInternalNoteFromTheUserAndNeverSendsEmail() async throws {
        try await withHaloSandbox(ticketSettings: [.outcome: "2"]) { connector, _, endpoints in
            let ticket = try await connector.createTicket(haloDraft())
            try await connector.addNote(TicketNote(text: "Seen again", isInternal: true), toTicket: ticket.id)
            try await connector.updateTicket(
                ticket.id, TicketChange(note: TicketNote(text: "Working on it", isInternal: false)))
            let json = try await haloSandboxGet("/api/Actions?ticket_id=\(ticket.id)", endpoints: endpoints)
            let actions = try #require((json as? [String: Any])?["actions"] as? [[String: Any]])
            #expect(actions.map { $0["note_html"] as? String } == ["Seen again", "Working on it"])
            // Outcome 2 is not hidden from the user by itself: the action's flag decides.
            #expect(actions.map { $0["hiddenfromuser"] as? Bool } == [true, false])
            #expect(actions.map { $0["sendemail"] as? Bool } == [false, false])
        }
    }

    @Test func connectWiseFlagsInternalAnalysisOrDiscussionAndProcessesNoNotifications() async throws {
        try await withConnectWiseSandbox { bed in
            let created = try await bed.connector.createTicket(connectWiseDraft())
            let ticketID = try #require(Int(created.id))
            try await bed.connector.addNote(TicketNote(text: "Seen again", isInternal: true), toTicket: created.id)
            try await bed.connector.addNote(TicketNote(text: "Working on it", isInternal: false), toTicket: created.id)
            // A note that comes with an update goes the same way.
            try await bed.connector.updateTicket(
                created.id, TicketChange(statusID: "22", note: TicketNote(text: "Cleared", isInternal: false)))
            let raw = try await bed.raw("/service/tickets/\(ticketID)/notes")
            let notes = try #require(connectWiseJSON(raw) as? [[String: Any]]).filter {
                ["Seen again", "Working on it", "Cleared"].contains($0["text"] as? String)
            }
            #expect(notes.map { $0["internalAnalysisFlag"] as? Bool } == [true, false, false])
            #expect(notes.map { $0["detailDescriptionFlag"] as? Bool } == [false, true, true])
            #expect(notes.map { $0["resolutionFlag"] as? Bool } == [false, false, false])
            // The ticket's first note is its description, which psalink's notes come after.
            #expect(bed.sandbox.connectWise.noteNotifications(ofTicket: ticketID).dropFirst() == [false, false, false])
        }
    }

    @Test func autotaskPublishesInternalOnlyOrToAllUsersByTheirLabels() async throws {
        try await withAutotaskSandbox { connector, sandbox in
            let created = try await connector.createTicket(autotaskDraft(companyID: AutotaskTicketTests.customer))
            let id = try #require(Int(created.id))
            try await connector.addNote(TicketNote(text: "Seen again", isInternal: true), toTicket: created.id)
            try await connector.addNote(TicketNote(text: "Working on it", isInternal: false), toTicket: created.id)
            // The sandbox's picklist: 1 "All Autotask Users" (the default), 2 "Internal Only".
            #expect(sandbox.autotask.notes(ofTicket: id).map(\.publish) == [2, 1])
        }
    }

    @Test func autotaskPicksByLabelWhateverTheNumbersAndRefusesToGuess() throws {
        func picklist(_ json: String) throws -> [AutotaskWire.PicklistValue] {
            try JSONDecoder().decode([AutotaskWire.PicklistValue].self, from: Data(json.utf8))
        }
        let renumbered = try picklist(
            """
            [{"value": 7, "label": "Internal & Co-managed"}, {"value": 3, "label": "All Autotask Users",
              "isDefaultValue": false}, {"value": 9, "label": "Internal Only", "isDefaultValue": true}]
            """)
        #expect(AutotaskConnector.publishValue(in: renumbered, isInternal: true) == "9")
        #expect(AutotaskConnector.publishValue(in: renumbered, isInternal: false) == "3")
        let allUsersOnly = try picklist(#"[{"value": 1, "label": "All Autotask Users", "isDefaultValue": true}]"#)
        // Never the default in place of an internal value: that would publish to everyone.
        #expect(AutotaskConnector.publishValue(in: allUsersOnly, isInternal: true) == nil)
        let internalOnly = try picklist(#"[{"value": 2, "label": "Internal Only", "isDefaultValue": true}]"#)
        #expect(AutotaskConnector.publishValue(in: internalOnly, isInternal: false) == nil)
    }
}
