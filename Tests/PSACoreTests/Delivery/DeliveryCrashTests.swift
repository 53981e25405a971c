import Foundation
import PSASandbox
import Testing

@testable import PSACore

/// A process killed mid-delivery, without processes: the state it leaves is built by hand (the
/// claim and `beginCreate` the worker would make), then a fresh worker takes over.
extension DeliveryWorkerTests {
    /// Claims the event as a dead worker would and records the create it was about to send.
    private func crashBeforeRecording(
        _ bed: DeliveryBed, seq: Int64, owner: String, lease: TimeInterval
    ) throws -> (StoredEvent, TrackedTicket) {
        let claimed = try bed.store.claimDueEvents(owner: owner, now: Date(), leaseFor: lease, limit: 10)
        try #require(claimed.map(\.seq) == [seq])
        let event = claimed[0]
        let key = try #require(event.dedupeKey)
        let now = Date()
        let row = try bed.store.beginCreate(
            TrackedTicket(
                row: 0, integrationID: bed.integrationID, dedupeKey: key,
                externalReference: ExternalReference.forKey(key), queueName: event.queueName,
                accountID: event.event.accountID, companyID: try #require(event.companyID), ticketID: nil,
                ticketNumber: nil, title: event.event.title, isTest: false, state: .creating,
                severity: event.event.severity, closedAt: nil, checkedAt: nil, createdByEvent: event.seq,
                lastError: nil, createdAt: now, updatedAt: now))
        return (event, row)
    }

    @Test("after a crash once the create was sent, a fresh worker adopts the ticket", arguments: PSASystem.allCases)
    func crashAfterTheCreateIsAdopted(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let seqs = try bed.accept([bed.event("e1")])
            let (event, row) = try crashBeforeRecording(bed, seq: seqs[0], owner: "dead-worker", lease: 600)
            // The create reached the PSA; its answer was never recorded.
            let draft = TicketDraft(
                companyID: bed.companyID, title: event.event.title,
                details: TicketText.details(for: event.event, reference: row.externalReference),
                externalReference: row.externalReference,
                settings: event.settings.ticketFields(
                    status: bed.setting(.openStatus), priority: bed.setting(.defaultPriority)))
            let made = try await bed.connector.createTicket(draft)
            let createsBefore = bed.createRequests
            #expect(createsBefore == 1)
            #expect(try bed.stored(seqs[0]).state == .pending)
            #expect(try bed.store.latestTicket(forKey: row.dedupeKey).latest?.state == .creating)

            // The dead worker's lease is still held by a name that is not a process.
            try bed.store.releaseLeases(ofOwnersWhere: { $0 == "dead-worker" })
            await bed.deliver(owner: "fresh-worker")

            let delivered = try bed.stored(seqs[0])
            #expect(delivered.state == .delivered, "\(delivered.lastError ?? "")")
            #expect(delivered.operation == .create)
            #expect(delivered.attempts == 2)
            #expect(delivered.ticketRow == row.row)
            #expect(bed.createRequests == createsBefore)
            #expect(try await bed.ticketsInPSA(reference: row.externalReference) == 1)
            let rows = try bed.tickets(forKey: row.dedupeKey)
            #expect(rows.count == 1)
            #expect(rows.first?.row == row.row)
            #expect(rows.first?.ticketID == made.id)
            #expect(rows.first?.state == .open)
        }
    }

    @Test("after a crash before the create was sent, a fresh worker creates exactly one", arguments: PSASystem.allCases)
    func crashBeforeTheCreateCreatesOne(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let seqs = try bed.accept([bed.event("e1")])
            // A short lease: the fresh worker takes the event over once it runs out.
            let (_, row) = try crashBeforeRecording(bed, seq: seqs[0], owner: "dead-worker", lease: 0.2)
            #expect(bed.createRequests == 0)
            try await Task.sleep(for: .milliseconds(300))
            await bed.deliver(owner: "fresh-worker")

            let delivered = try bed.stored(seqs[0])
            #expect(delivered.state == .delivered, "\(delivered.lastError ?? "")")
            #expect(delivered.operation == .create)
            #expect(delivered.attempts == 2)
            #expect(bed.createRequests == 1)
            #expect(try await bed.ticketsInPSA(reference: row.externalReference) == 1)
            let rows = try bed.tickets(forKey: row.dedupeKey)
            #expect(rows.count == 1)
            #expect(rows.first?.row == row.row)
            #expect(rows.first?.state == .open && rows.first?.ticketID != nil)
        }
    }

    @Test(
        "after a crash before the create, an older closed ticket with the same reference is not adopted",
        arguments: PSASystem.allCases)
    func crashBeforeTheCreateDoesNotAdoptAnOlderTicket(system: PSASystem) async throws {
        try await withDeliveryBed(system, settings: ["reopen-window": "0m"]) { bed in
            let earlier = try bed.accept([bed.event("e1"), bed.event("e2", .resolved)])
            await bed.deliver()
            let key = try #require(try bed.stored(earlier[0]).dedupeKey)
            let old = try #require(try bed.store.latestTicket(forKey: key).latest)
            #expect(old.state == .closed && old.ticketID != nil)
            try await Task.sleep(for: .milliseconds(20))

            let seqs = try bed.accept([bed.event("e3")])
            let (_, row) = try crashBeforeRecording(bed, seq: seqs[0], owner: "dead-worker", lease: 600)
            #expect(row.row != old.row)
            try bed.store.releaseLeases(ofOwnersWhere: { $0 == "dead-worker" })
            await bed.deliver(owner: "fresh-worker")

            let delivered = try bed.stored(seqs[0])
            #expect(delivered.state == .delivered, "\(delivered.lastError ?? "")")
            #expect(delivered.operation == .create)
            let rows = try bed.tickets(forKey: key)
            #expect(rows.count == 2)
            #expect(rows.first?.row == row.row)
            #expect(rows.first?.ticketID != nil && rows.first?.ticketID != old.ticketID)
            #expect(rows.first?.state == .open)
            #expect(try await bed.ticketsInPSA(reference: row.externalReference) == 2)
            #expect(try await bed.psaTicket(old.ticketID).statusID == bed.setting(.resolvedStatus))
        }
    }

    @Test("a live lease keeps a fresh worker off the event until it is released")
    func aLiveLeaseIsRespected() async throws {
        try await withDeliveryBed(.connectwise) { bed in
            let seqs = try bed.accept([bed.event("e1")])
            _ = try crashBeforeRecording(bed, seq: seqs[0], owner: "other-worker", lease: 600)
            await bed.worker(owner: "fresh-worker").drain(until: Date().addingTimeInterval(0.5))
            #expect(try bed.stored(seqs[0]).state == .pending)
            #expect(bed.createRequests == 0)
            try bed.store.releaseLeases(ofOwnersWhere: { $0 == "other-worker" })
            await bed.deliver(owner: "fresh-worker")
            #expect(try bed.stored(seqs[0]).state == .delivered)
            #expect(bed.createRequests == 1)
        }
    }
}

extension DeliveryWorkerTests {
    @Test("a create cut short is looked up only once its request can no longer land")
    func theLookupWaitsUntilTheCutShortCreateCanNoLongerLand() async throws {
        try await withDeliveryBed(.connectwise) { bed in
            let seqs = try bed.accept([bed.event("e1")])
            let claimed = try bed.store.claimDueEvents(owner: "killed", now: Date(), leaseFor: 0, limit: 10)
            let event = try #require(claimed.first)
            let key = try #require(event.dedupeKey)
            // The killed process sent its create; its request may run until `settled`.
            let settled = Date().addingTimeInterval(1.5)
            let row = try bed.store.beginCreate(
                TrackedTicket(
                    row: 0, integrationID: bed.integrationID, dedupeKey: key,
                    externalReference: ExternalReference.forKey(key), queueName: nil,
                    accountID: event.event.accountID, companyID: bed.companyID, ticketID: nil, ticketNumber: nil,
                    title: event.event.title, isTest: false, state: .creating, severity: nil, closedAt: nil,
                    checkedAt: nil, lookupAfter: settled, createdByEvent: event.seq, lastError: nil,
                    createdAt: Date(), updatedAt: Date()))
            let made = try await bed.connector.createTicket(
                TicketDraft(
                    companyID: bed.companyID, title: event.event.title, details: "",
                    externalReference: row.externalReference,
                    settings: event.settings.ticketFields(status: bed.setting(.openStatus), priority: nil)))
            await bed.deliver()
            let delivered = try bed.stored(seqs[0])
            #expect(delivered.state == .delivered && delivered.operation == .create)
            // The fresh worker waited for the request to settle, and the wait used no attempt:
            // the killed claim and the final one.
            #expect(delivered.updatedAt >= settled.addingTimeInterval(-0.01))
            #expect(delivered.attempts == 2)
            #expect(try bed.tickets(forKey: key).map(\.ticketID) == [made.id])
            #expect(try await bed.ticketsInPSA(reference: row.externalReference) == 1)
        }
    }
}
