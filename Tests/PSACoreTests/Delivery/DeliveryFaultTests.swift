import Foundation
import PSASandbox
import Testing

@testable import PSACore

/// Faults on the create: retried, and never a second ticket.
extension DeliveryWorkerTests {
    enum CreateFault: String, CaseIterable, Sendable {
        case unavailable, rateLimited, dropped, committedThenDropped

        var faults: [(Fault, count: Int)] {
            switch self {
            case .unavailable: return [(.status(503), 2)]
            case .rateLimited: return [(.status(429, retryAfter: 1), 1)]
            case .dropped: return [(.dropConnection, 1)]
            case .committedThenDropped: return [(.commitThenDrop, 1)]
            }
        }
    }

    @Test(
        "a fault on the create is retried and leaves exactly one ticket", arguments: PSASystem.allCases,
        CreateFault.allCases)
    func faultOnTheCreate(system: PSASystem, fault: CreateFault) async throws {
        try await withDeliveryBed(system) { bed in
            let seqs = try bed.accept([bed.event("e1")])
            for (injected, count) in fault.faults {
                bed.sandbox.faults.inject(injected, count: count, pathContains: bed.ticketPath)
            }
            await bed.deliver()
            bed.sandbox.faults.clear()
            let event = try bed.stored(seqs[0])
            #expect(event.state == .delivered, "\(event.lastError ?? "")")
            #expect(event.operation == .create)
            // The fault was met: the first attempt did not deliver.
            #expect(event.attempts >= 2)
            let key = try #require(event.dedupeKey)
            let reference = ExternalReference.forKey(key)
            #expect(try await bed.ticketsInPSA(reference: reference) == 1)
            let rows = try bed.tickets(forKey: key)
            #expect(rows.count == 1)
            let row = try #require(rows.first)
            #expect(row.state == .open && row.lastError == nil)
            let found = try await bed.connector.findTicket(externalReference: reference, companyID: bed.companyID)
            #expect(found?.id != nil && found?.id == row.ticketID)
            if fault == .committedThenDropped {
                // The ticket the dropped create made was adopted, not created again.
                #expect(bed.createRequests == 1)
            }
        }
    }

    @Test(
        "a create that keeps failing ends failed after the last attempt, with its error", arguments: PSASystem.allCases)
    func outOfAttempts(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let seqs = try bed.accept([bed.event("e1")])
            bed.sandbox.faults.inject(.status(503), count: 100, pathContains: bed.ticketPath)
            let started = Date()
            await bed.deliver()
            bed.sandbox.faults.clear()
            #expect(Date().timeIntervalSince(started) < 10)
            let event = try bed.stored(seqs[0])
            #expect(event.state == .failed)
            #expect(event.attempts == 4)
            #expect(event.nextAttemptAt == nil)
            let error = try #require(event.lastError)
            #expect(error.contains("503"), "\(error)")
            let key = try #require(event.dedupeKey)
            let row = try #require(try bed.store.latestTicket(forKey: key).latest)
            // A 503 does not prove the PSA made nothing: the row stays to be looked up.
            #expect(row.state == .creating)
            #expect(row.ticketID == nil)
            #expect(row.lastError?.contains("503") == true)
            // The create gave up: the row is listed with the failed tickets, not the open ones.
            #expect(try bed.store.trackedTickets(.init(state: .failed)).contains { $0.row == row.row })
            #expect(try !bed.store.trackedTickets(.init(state: .open)).contains { $0.row == row.row })
            #expect(try await bed.ticketsInPSA(reference: ExternalReference.forKey(key)) == 0)
            // Nothing is left to deliver.
            #expect(try bed.store.pendingEvents().count == 0)
        }
    }
}
