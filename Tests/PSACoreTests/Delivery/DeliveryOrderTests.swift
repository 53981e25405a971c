import Foundation
import PSASandbox
import Testing

@testable import PSACore

/// In order per dedupe key, in parallel across keys.
extension DeliveryWorkerTests {
    @Test("twenty events on one key are delivered in order while other keys run in parallel")
    func oneKeyInOrderOthersInParallel() async throws {
        try await withDeliveryBed(.autotask) { bed in
            // Each Autotask request stays in flight a while, so that parallel deliveries overlap.
            bed.sandbox.autotask.holdRequests(milliseconds: 20)
            var events: [NotificationEvent] = []
            let others = ["hostpool/hp-2", "hostpool/hp-3", "hostpool/hp-4", "hostpool/hp-5"]
            for index in 0..<20 {
                let state: NotificationEvent.State = index == 19 ? .resolved : .firing
                events.append(bed.event("main-\(index)", state, target: "hostpool/hp-1"))
                // Other keys' events interleaved with the main key's.
                if index < others.count * 2 {
                    events.append(bed.event("other-\(index)", target: others[index % others.count]))
                }
            }
            let seqs = try bed.accept(events)
            await bed.deliver()

            let stored = try bed.stored(seqs)
            #expect(stored.allSatisfy { $0.state == .delivered }, "\(stored.compactMap(\.lastError))")
            let main = stored.filter { $0.event.id.hasPrefix("main-") }.sorted { $0.seq < $1.seq }
            #expect(main.count == 20)
            let expected: [DeliveryOperation] = [.create] + Array(repeating: .note, count: 18) + [.resolve]
            #expect(main.map(\.operation) == expected)
            // Recorded one after the other, in seq order.
            for (earlier, later) in zip(main, main.dropFirst()) {
                #expect(earlier.updatedAt <= later.updatedAt, "\(earlier.event.id) after \(later.event.id)")
            }
            let key = try #require(main.first?.dedupeKey)
            let row = try #require(try bed.store.latestTicket(forKey: key).latest)
            #expect(row.state == .closed)
            #expect(main.allSatisfy { $0.ticketRow == row.row })
            let psa = try await bed.psaTicket(row.ticketID)
            #expect(psa.statusID == bed.setting(.resolvedStatus))
            // The PSA got the notes in the order of the events.
            let ticketID = try #require(row.ticketID)
            let noted = try await bed.notesInPSA(ticketID: ticketID).compactMap { note in
                note.split(separator: "\n").first { $0.hasPrefix("Event: ") }.map { String($0.dropFirst(7)) }
            }
            #expect(noted == main.dropFirst().map(\.event.id))

            // Each other key has its own ticket, created once and noted once.
            for target in others {
                let ofTarget = stored.filter { $0.event.target == target }
                #expect(ofTarget.map(\.operation) == [.create, .note])
                let otherKey = try #require(ofTarget.first?.dedupeKey)
                #expect(try bed.tickets(forKey: otherKey).count == 1)
            }
            #expect(bed.sandbox.autotask.ticketCount == 1 + others.count)
            // Deliveries of different keys overlapped.
            #expect(bed.sandbox.autotask.maxInFlight(endpoint: "tickets") >= 2)
        }
    }
}
