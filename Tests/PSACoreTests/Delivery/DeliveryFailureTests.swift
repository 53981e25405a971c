import Foundation
import PSASandbox
import Testing

@testable import PSACore

/// Refusals and events that can no longer be delivered.
extension DeliveryWorkerTests {
    @Test("a refused create fails at once; a later firing reuses the failed row once the setting is fixed")
    func refusalFailsAtOnceAndALaterFiringRetries() async throws {
        try await withDeliveryBed(.halo, settings: ["ticket-type": "99"]) { bed in
            let first = try bed.accept([bed.event("e1")])
            await bed.deliver()
            let refused = try bed.stored(first[0])
            #expect(refused.state == .failed)
            #expect(refused.attempts == 1)
            let error = try #require(refused.lastError)
            #expect(error.contains("tickettype_id 99"), "\(error)")
            let key = try #require(refused.dedupeKey)
            let failedRow = try #require(try bed.store.latestTicket(forKey: key).latest)
            #expect(failedRow.state == .failed)
            #expect(failedRow.ticketID == nil)
            #expect(failedRow.lastError == error)
            #expect(refused.ticketRow == failedRow.row)
            #expect(bed.createRequests == 1)

            // The admin fixes the setting; the next firing is routed with it.
            try bed.store.saveTicketSettings(
                DeliveryBed.settings(for: .halo).merging(["ticket-type": "1"]) { $1 },
                forIntegration: bed.integrationID)
            let second = try bed.accept([bed.event("e2")])
            await bed.deliver()
            let created = try bed.stored(second[0])
            #expect(created.state == .delivered, "\(created.lastError ?? "")")
            #expect(created.operation == .create)
            let rows = try bed.tickets(forKey: key)
            #expect(rows.count == 1)
            let row = try #require(rows.first)
            #expect(row.row == failedRow.row)
            #expect(row.state == .open && row.lastError == nil && row.ticketID != nil)
            #expect(row.createdByEvent == created.seq)
            #expect(try bed.stored(first[0]).state == .failed)
            #expect(try await bed.ticketsInPSA(reference: ExternalReference.forKey(key)) == 1)
        }
    }

    @Test("a refusal in the event's routed settings fails the event without retrying", arguments: PSASystem.allCases)
    func refusalOfAnyPSA(system: PSASystem) async throws {
        // A priority that none of the sandboxes has.
        try await withDeliveryBed(system, settings: ["priority.default": "9999"]) { bed in
            let seqs = try bed.accept([bed.event("e1")])
            await bed.deliver()
            let event = try bed.stored(seqs[0])
            #expect(event.state == .failed)
            #expect(event.attempts == 1)
            #expect(event.lastError?.isEmpty == false)
            let key = try #require(event.dedupeKey)
            let row = try #require(try bed.store.latestTicket(forKey: key).latest)
            #expect(row.state == .failed)
            #expect(try await bed.ticketsInPSA(reference: row.externalReference) == 0)
        }
    }

    /// A second integration on the same sandbox, mapped like the first; returns its id.
    private func addSecondIntegration(_ bed: DeliveryBed, named name: String) throws -> Int64 {
        let second = try bed.store.insert(
            NewIntegration(system: bed.system, displayName: name),
            credentials: DeliveryBed.credentials(for: bed.system, endpoints: bed.endpoints))
        let id = second.id
        try bed.store.replaceCompanies([PSACompany(id: bed.companyID, name: "Fabrikam")], forIntegration: id)
        try bed.store.setMapping(integration: id, account: bed.account, company: bed.companyID)
        try bed.store.saveTicketSettings(bed.settings, forIntegration: id)
        return id
    }

    @Test("an event whose integration was removed fails, and the others are delivered")
    func removedIntegrationFailsItsEvents() async throws {
        try await withDeliveryBed(.halo) { bed in
            let second = try addSecondIntegration(bed, named: "Second Halo")
            let orphan = try bed.accept([bed.event("to-second", target: "hostpool/hp-9")], toIntegration: second)
            let kept = try bed.accept([bed.event("e1"), bed.event("e2"), bed.event("e3", target: "hostpool/hp-2")])
            try bed.store.removeIntegration(id: second)
            await bed.deliver()

            let failed = try bed.stored(orphan[0])
            #expect(failed.integrationID == second)
            #expect(failed.state == .failed)
            #expect(failed.lastError?.contains("removed") == true, "\(failed.lastError ?? "")")
            let delivered = try bed.stored(kept)
            #expect(delivered.map(\.state) == [.delivered, .delivered, .delivered])
            #expect(delivered.map(\.operation) == [.create, .note, .create])
            #expect(try bed.store.trackedTickets().allSatisfy { $0.integrationID == bed.integrationID })
        }
    }

    @Test("the reason of an event whose integration was removed names that integration")
    func removedIntegrationReasonNamesIt() async throws {
        try await withDeliveryBed(.connectwise) { bed in
            let second = try addSecondIntegration(bed, named: "Second ConnectWise")
            let orphan = try bed.accept([bed.event("to-second")], toIntegration: second)
            try bed.store.removeIntegration(id: second)
            await bed.deliver()
            let failed = try bed.stored(orphan[0])
            #expect(failed.state == .failed)
            let reason = try #require(failed.lastError)
            #expect(reason.contains("removed"))
            // Which integration: by its name or its id.
            #expect(
                reason.contains("Second ConnectWise") || reason.contains(String(second)),
                "the reason does not say which integration: \(reason)")
        }
    }
}
