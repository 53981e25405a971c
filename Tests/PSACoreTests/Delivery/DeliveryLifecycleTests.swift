import Foundation
import PSASandbox
import Testing

@testable import PSACore

/// Every lifecycle step against each PSA.
extension DeliveryWorkerTests {
    @Test("a firing creates a ticket with the reference, open status and priority", arguments: PSASystem.allCases)
    func createsATicket(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let seqs = try bed.accept([bed.event("e1")])
            await bed.deliver()
            let event = try bed.stored(seqs[0])
            #expect(event.state == .delivered, "\(event.lastError ?? "")")
            #expect(event.operation == .create)
            #expect(event.attempts == 1)
            let key = try #require(event.dedupeKey)
            let (latest, _) = try bed.store.latestTicket(forKey: key)
            let row = try #require(latest)
            #expect(row.state == .open)
            #expect(row.externalReference == ExternalReference.forKey(key))
            #expect(row.createdByEvent == event.seq && event.ticketRow == row.row)
            #expect(row.severity == .medium)
            let psa = try await bed.psaTicket(row.ticketID)
            #expect(psa.externalReference == ExternalReference.forKey(key))
            #expect(psa.statusID == bed.setting(.openStatus))
            #expect(psa.priorityID == bed.setting(.defaultPriority))
            #expect(psa.companyID == bed.companyID)
            #expect(!psa.isClosed)
            #expect(try await bed.ticketsInPSA(reference: row.externalReference) == 1)
        }
    }

    @Test(
        "a repeat firing adds a note and raises the priority only when the severity rose", arguments: PSASystem.allCases
    )
    func repeatFiringAddsANoteAndRaisesThePriority(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let first = try bed.accept([bed.event("e1", severity: .low)])
            await bed.deliver()
            let created = try bed.stored(first[0])
            #expect(created.operation == .create)
            let key = try #require(created.dedupeKey)
            let ticketID = try #require(try bed.store.latestTicket(forKey: key).latest?.ticketID)
            #expect(try await bed.psaTicket(ticketID).priorityID == bed.setting(.defaultPriority))
            let notesBefore = try await bed.notesInPSA(ticketID: ticketID).count

            let raised = try bed.accept([bed.event("e2", severity: .critical)])
            await bed.deliver()
            let note = try bed.stored(raised[0])
            #expect(note.state == .delivered, "\(note.lastError ?? "")")
            #expect(note.operation == .note)
            #expect(try await bed.psaTicket(ticketID).priorityID == bed.setting(.criticalPriority))
            let notes = try await bed.notesInPSA(ticketID: ticketID)
            #expect(notes.count == notesBefore + 1)
            #expect(notes.last?.contains("e2") == true)

            // A lower severity afterwards adds a note and leaves the raised priority.
            let lower = try bed.accept([bed.event("e3", severity: .low)])
            await bed.deliver()
            #expect(try bed.stored(lower[0]).operation == .note)
            #expect(try await bed.psaTicket(ticketID).priorityID == bed.setting(.criticalPriority))
            #expect(try await bed.notesInPSA(ticketID: ticketID).count == notesBefore + 2)

            let rows = try bed.tickets(forKey: key)
            #expect(rows.count == 1)
            #expect(rows.first?.ticketID == ticketID && rows.first?.severity == .critical)
            #expect(try await bed.ticketsInPSA(reference: ExternalReference.forKey(key)) == 1)
        }
    }

    @Test("a resolved event sets the resolved status", arguments: PSASystem.allCases)
    func resolveSetsTheResolvedStatus(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let seqs = try bed.accept([bed.event("e1"), bed.event("e2", .resolved)])
            await bed.deliver()
            let events = try bed.stored(seqs)
            #expect(events.map(\.state) == [.delivered, .delivered], "\(events.map(\.lastError))")
            #expect(events.map(\.operation) == [.create, .resolve])
            let key = try #require(events[0].dedupeKey)
            let row = try #require(try bed.store.latestTicket(forKey: key).latest)
            #expect(row.state == .closed && row.closedAt != nil)
            #expect(events[1].ticketRow == row.row)
            let psa = try await bed.psaTicket(row.ticketID)
            #expect(psa.statusID == bed.setting(.resolvedStatus))
        }
    }

    @Test("a cancelled event sets the cancelled status", arguments: PSASystem.allCases)
    func cancelSetsTheCancelledStatus(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let seqs = try bed.accept([bed.event("e1"), bed.event("e2", .cancelled)])
            await bed.deliver()
            let events = try bed.stored(seqs)
            #expect(events.map(\.state) == [.delivered, .delivered], "\(events.map(\.lastError))")
            #expect(events.map(\.operation) == [.create, .cancel])
            let key = try #require(events[0].dedupeKey)
            let row = try #require(try bed.store.latestTicket(forKey: key).latest)
            #expect(row.state == .closed)
            let psa = try await bed.psaTicket(row.ticketID)
            #expect(psa.statusID == bed.setting(.cancelledStatus))
            #expect(psa.statusID != bed.setting(.resolvedStatus))
        }
    }

    @Test("a firing after psalink resolved the ticket reopens it within the window", arguments: PSASystem.allCases)
    func firingAfterResolveReopensTheSameTicket(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let seqs = try bed.accept([bed.event("e1"), bed.event("e2", .resolved)])
            await bed.deliver()
            let key = try #require(try bed.stored(seqs[0]).dedupeKey)
            let resolved = try #require(try bed.store.latestTicket(forKey: key).latest)
            #expect(resolved.state == .closed)
            #expect(try await bed.psaTicket(resolved.ticketID).statusID == bed.setting(.resolvedStatus))

            let again = try bed.accept([bed.event("e3", severity: .critical)])
            await bed.deliver()
            let reopen = try bed.stored(again[0])
            #expect(reopen.state == .delivered, "\(reopen.lastError ?? "")")
            #expect(reopen.operation == .reopen)
            let rows = try bed.tickets(forKey: key)
            #expect(rows.count == 1)
            #expect(rows.first?.ticketID == resolved.ticketID)
            #expect(rows.first?.state == .open && rows.first?.closedAt == nil)
            let psa = try await bed.psaTicket(resolved.ticketID)
            #expect(psa.statusID == bed.setting(.openStatus))
            #expect(psa.priorityID == bed.setting(.criticalPriority))
            #expect(try await bed.ticketsInPSA(reference: ExternalReference.forKey(key)) == 1)
        }
    }

    @Test("with a zero reopen window a firing after the close opens a new ticket", arguments: PSASystem.allCases)
    func zeroReopenWindowOpensANewTicket(system: PSASystem) async throws {
        try await withDeliveryBed(system, settings: ["reopen-window": "0m"]) { bed in
            let seqs = try bed.accept([bed.event("e1"), bed.event("e2", .resolved)])
            await bed.deliver()
            let key = try #require(try bed.stored(seqs[0]).dedupeKey)
            let first = try #require(try bed.store.latestTicket(forKey: key).latest)
            #expect(first.state == .closed)
            try await Task.sleep(for: .milliseconds(20))

            let again = try bed.accept([bed.event("e3")])
            await bed.deliver()
            let created = try bed.stored(again[0])
            #expect(created.state == .delivered, "\(created.lastError ?? "")")
            #expect(created.operation == .create)
            let rows = try bed.tickets(forKey: key)
            #expect(rows.count == 2)
            let newest = try #require(rows.first)
            #expect(newest.ticketID != nil && newest.ticketID != first.ticketID)
            #expect(newest.state == .open && newest.row == created.ticketRow)
            #expect(rows.last?.state == .closed)
            #expect(try await bed.psaTicket(first.ticketID).statusID == bed.setting(.resolvedStatus))
            #expect(try await bed.psaTicket(newest.ticketID).statusID == bed.setting(.openStatus))
            #expect(try await bed.ticketsInPSA(reference: ExternalReference.forKey(key)) == 2)
        }
    }
}
