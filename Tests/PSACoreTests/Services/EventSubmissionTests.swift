import Foundation
import PSASandbox
import Testing

@testable import PSACore

/// Receipts of submitted events, before and after delivery (against the sandbox's HaloPSA).
extension DeliveryWorkerTests {
    @Test("each submitted event gets a receipt: rejected, stored, duplicate; read back after delivery")
    func receiptsSayWhatBecameOfEachEvent() async throws {
        try await withDeliveryBed(.halo) { bed in
            let submission = EventSubmission(store: bed.store)
            let rejection = EventRejection(line: 2, field: "severity", reason: "is not a severity", eventID: "bad")
            let submitted = try await submission.submit([
                .success(bed.event("e1")), .failure(rejection), .success(bed.event("e2", account: "no-such-account")),
            ])
            #expect(submitted.map(\.id) == ["e1", "bad", "e2"])
            #expect(submitted[0].status == .stored(.pending) && submitted[0].seq != nil)
            #expect(submitted[1].status == .rejected(reason: rejection.description) && submitted[1].seq == nil)
            guard case .rejected(let reason) = submitted[2].status else {
                Issue.record("an unknown account is refused by the routing: \(submitted[2])")
                return
            }
            #expect(submitted[2].problem == reason)

            await bed.deliver()
            let receipts = try submission.readBack(submitted)
            #expect(receipts[0].status == .stored(.delivered))
            #expect(receipts[0].stored?.operation == .create && receipts[0].problem == nil)
            #expect(receipts[0].ticket?.ticketID != nil)
            #expect(Array(receipts[1...]) == Array(submitted[1...]))

            let again = try await submission.submit([.success(bed.event("e1"))])
            #expect(again.map(\.status) == [.duplicate] && again[0].seq == submitted[0].seq)
            #expect(try submission.readBack(again)[0].ticket == receipts[0].ticket)
        }
    }

    @Test("a test event for one integration is delivered within the wait")
    func oneEventIsDeliveredWithinTheWait() async throws {
        try await withDeliveryBed(.connectwise) { bed in
            let submission = EventSubmission(store: bed.store)
            let receipt = try submission.submit(bed.event("t1"), toIntegration: bed.integrationID)
            let seq = try #require(receipt.seq)
            await submission.deliver(seq, with: bed.worker(), within: 20)
            let delivered = try submission.readBack([receipt])[0]
            #expect(delivered.status == .stored(.delivered), "\(delivered.problem ?? "")")
            #expect(delivered.ticket?.ticketID != nil)
        }
    }

    @Test("only a failed event is retried; a retried one is delivered again and read back")
    func retryTakesOnlyAFailedEventAndReadsItBack() async throws {
        try await withDeliveryBed(.halo, settings: ["ticket-type": "99"]) { bed in
            let submission = EventSubmission(store: bed.store)
            let seq = try bed.accept([bed.event("r1")])[0]
            await #expect(throws: StoreError.eventNotRetryable(seq)) {
                try await submission.retry(seq, with: bed.worker(), within: 5)
            }
            await bed.deliver()
            #expect(try bed.stored(seq).state == .failed)
            let retried = try await submission.retry(seq, with: bed.worker(), within: 20)
            #expect(retried.status == .stored(.failed))
            #expect(retried.problem?.contains("tickettype_id 99") == true)
            #expect(bed.createRequests == 2)
        }
    }
}
