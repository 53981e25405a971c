import Foundation
import PSASandbox
import Testing

@testable import PSACore

/// The request log the worker keeps for each ticket, against the sandbox.
extension DeliveryWorkerTests {
    @Test(
        "a create that met a 503 and was retried shows both attempts in the ticket's request log, with no secret",
        arguments: PSASystem.allCases)
    func requestLogOfARetriedCreate(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let seqs = try bed.accept([bed.event("e1")])
            bed.sandbox.faults.inject(.status(503), count: 1, pathContains: bed.ticketPath)
            await bed.deliver()
            bed.sandbox.faults.clear()
            let event = try bed.stored(seqs[0])
            #expect(event.state == .delivered && event.attempts >= 2, "\(event.lastError ?? "")")
            let ticket = try #require(event.ticketRow)

            let log = try bed.store.requestLog(ofTicket: ticket)
            #expect(log.map(\.id) == log.map(\.id).sorted(by: >), "newest first")
            #expect(log.allSatisfy { $0.eventSeq == seqs[0] && $0.ticketRow == ticket })
            #expect(log.allSatisfy { $0.integrationID == bed.integrationID })
            let ticketRequests = log.filter { $0.request.path.contains(bed.ticketPath) }
            let failed = try #require(ticketRequests.first { $0.request.status == 503 }, "\(log.map(\.request))")
            #expect(failed.request.failure?.isEmpty == false)
            let created = try #require(
                ticketRequests.first { $0.request.method == "POST" && ($0.request.status ?? 0) / 100 == 2 },
                "\(log.map(\.request))")
            #expect(created.request.failure == nil)
            #expect(created.id > failed.id, "the successful retry came after the failed attempt")
            #expect(log.allSatisfy { $0.request.host.hasPrefix("127.0.0.1") })

            let secrets = DeliveryBed.credentials(for: system, endpoints: bed.endpoints)
                .filter { Credentials.secretFieldNames.contains($0.key) }.values.filter { !$0.isEmpty }
            #expect(!secrets.isEmpty)
            for entry in log {
                let stored = [entry.request.path, entry.request.host, entry.request.failure ?? ""]
                for secret in secrets {
                    #expect(!stored.contains { $0.contains(secret) }, "a secret in \(entry.request)")
                }
            }
        }
    }

    @Test("a store that cannot keep the request log does not change the delivery")
    func requestLogFailureLeavesDeliveryAlone() async throws {
        try await withDeliveryBed(.halo) { bed in
            let seqs = try bed.accept([bed.event("e1")])
            // The log's table is gone: every save of it fails.
            try await bed.store.database.write { db in try db.execute(sql: "DROP TABLE request_log") }
            await bed.deliver()
            let event = try bed.stored(seqs[0])
            #expect(event.state == .delivered && event.operation == .create, "\(event.lastError ?? "")")
            let key = try #require(event.dedupeKey)
            #expect(try await bed.ticketsInPSA(reference: ExternalReference.forKey(key)) == 1)
        }
    }
}
