import Foundation
import PSASandbox
import Testing

@testable import PSACore

/// A moment's failure never loses an alert: transient answers on discovery, token and ticket
/// requests only delay delivery; an outage longer than the back-off leaves the event retryable
/// until the PSA answers again; only a refusal, or every round running out, is the end.
extension DeliveryWorkerTests {
    enum TransientFault: String, CaseIterable, Sendable {
        case status500, dropped

        var fault: Fault {
            switch self {
            case .status500: return .status(500)
            case .dropped: return .dropConnection
            }
        }
    }

    @Test(
        "a 500 or a dropped connection on a discovery or token request delays delivery and loses nothing",
        arguments: PSASystem.allCases, TransientFault.allCases)
    func transientFaultOnDiscovery(system: PSASystem, fault: TransientFault) async throws {
        try await withDeliveryBed(system) { bed in
            for path in bed.discoveryPaths {
                bed.sandbox.faults.clear()
                let seqs = try bed.accept([bed.event("e-\(path)", target: "hostpool/\(path)")])
                // A fresh worker has a fresh connector, so its first delivery looks the PSA up.
                bed.sandbox.faults.inject(fault.fault, count: 2, pathContains: path)
                let before = bed.sandbox.faults.requests(containing: path)
                await bed.deliver()
                let event = try bed.stored(seqs[0])
                #expect(event.state == .delivered, "\(path): \(event.lastError ?? "")")
                #expect(event.operation == .create)
                #expect(event.attempts == 3, "\(path): two faults, then the delivery")
                #expect(bed.sandbox.faults.requests(containing: path) - before >= 3, "\(path) was not asked again")
                let key = try #require(event.dedupeKey)
                #expect(try await bed.ticketsInPSA(reference: ExternalReference.forKey(key)) == 1)
            }
        }
    }

    @Test(
        "a 500 or a dropped connection on the ticket requests delays delivery and loses nothing",
        arguments: PSASystem.allCases, TransientFault.allCases)
    func transientFaultOnTickets(system: PSASystem, fault: TransientFault) async throws {
        try await withDeliveryBed(system) { bed in
            let seqs = try bed.accept([bed.event("e1"), bed.event("e2"), bed.event("e3", .resolved)])
            bed.sandbox.faults.inject(fault.fault, count: 2, pathContains: bed.ticketPath)
            await bed.deliver()
            bed.sandbox.faults.clear()
            let events = try bed.stored(seqs)
            #expect(events.map(\.state) == [.delivered, .delivered, .delivered], "\(events.map(\.lastError))")
            #expect(events.map(\.operation) == [.create, .note, .resolve])
            #expect(events[0].attempts >= 2)
            let key = try #require(events[0].dedupeKey)
            #expect(try await bed.ticketsInPSA(reference: ExternalReference.forKey(key)) == 1)
            let row = try #require(try bed.tickets(forKey: key).first)
            #expect(row.state == .closed && row.lastError == nil)
        }
    }

    @Test(
        "an outage longer than the back-off leaves the event failed and retryable; the PSA's next answer sends it",
        arguments: PSASystem.allCases)
    func outageLongerThanTheBackoff(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let seqs = try bed.accept([bed.event("e1")])
            // Every request fails, the probes' too, until the attempts have run out.
            bed.sandbox.faults.inject(.status(500), count: 10_000)
            let started = Date()
            await bed.worker(maximumAttempts: 3, probeInterval: 0.2).drain(until: Date().addingTimeInterval(1.5))
            #expect(Date().timeIntervalSince(started) < 5)
            let failed = try bed.stored(seqs[0])
            #expect(failed.state == .failed)
            #expect(failed.exhausted && failed.retryable && !failed.failedForGood)
            #expect(failed.rounds == 0)
            #expect(failed.attempts == 3)
            #expect(failed.lastError?.contains("500") == true, "\(failed.lastError ?? "")")
            #expect(try bed.store.pendingEvents().count == 0)
            #expect(try bed.store.retryableFailures().keys.sorted() == [bed.integrationID])
            #expect(try bed.store.integration(id: bed.integrationID)?.eventsFailedForGood == 0)

            // The PSA is back: the worker's probe finds it answering and sends the event again.
            bed.sandbox.faults.clear()
            await bed.worker(probeInterval: 0.2).drain(until: Date().addingTimeInterval(10))
            let delivered = try bed.stored(seqs[0])
            #expect(delivered.state == .delivered, "\(delivered.lastError ?? "")")
            #expect(delivered.operation == .create)
            #expect(!delivered.retryable && !delivered.exhausted)
            #expect(delivered.rounds == 1)
            let key = try #require(delivered.dedupeKey)
            #expect(try await bed.ticketsInPSA(reference: ExternalReference.forKey(key)) == 1)
            let rows = try bed.tickets(forKey: key)
            #expect(rows.count == 1)
            #expect(rows.first?.state == .open && rows.first?.lastError == nil)
            #expect(try bed.store.retryableFailures().isEmpty)
        }
    }

    @Test(
        "a create that may have reached the PSA before an outage is looked up, not made again, in the next round",
        arguments: PSASystem.allCases)
    func outageAfterACommittedCreate(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let seqs = try bed.accept([bed.event("e1")])
            // The create is made but its answer lost; every lookup after it gets a 500.
            bed.sandbox.faults.inject(.commitThenDrop, count: 1, pathContains: bed.ticketPath)
            bed.sandbox.faults.inject(.status(500), count: 10_000, pathContains: bed.ticketPath)
            await bed.worker(maximumAttempts: 3).drain(until: Date().addingTimeInterval(10))
            let failed = try bed.stored(seqs[0])
            #expect(failed.state == .failed && failed.retryable, "\(failed.lastError ?? "")")
            let key = try #require(failed.dedupeKey)
            #expect(try bed.tickets(forKey: key).first?.state == .creating)

            bed.sandbox.faults.clear()
            await bed.worker(probeInterval: 0.1).drain(until: Date().addingTimeInterval(10))
            let delivered = try bed.stored(seqs[0])
            #expect(delivered.state == .delivered, "\(delivered.lastError ?? "")")
            #expect(delivered.operation == .create)
            #expect(try await bed.ticketsInPSA(reference: ExternalReference.forKey(key)) == 1)
            // The ticket the dropped create made was adopted.
            #expect(bed.createRequests == 1)
            let rows = try bed.tickets(forKey: key)
            #expect(rows.count == 1 && rows.first?.state == .open)
        }
    }

    @Test("another event delivered to the integration sends its retryable events again")
    func aDeliveredEventRequeuesRetryableOnes() async throws {
        try await withDeliveryBed(.autotask) { bed in
            let first = try bed.accept([bed.event("e1", target: "hostpool/hp-1")])
            bed.sandbox.faults.inject(.status(503), count: 10_000, pathContains: bed.ticketPath)
            await bed.worker(maximumAttempts: 2).drain(until: Date().addingTimeInterval(10))
            #expect(try bed.stored(first[0]).retryable)
            bed.sandbox.faults.clear()

            // No probe is due for ten minutes; the next event's delivery proves the PSA answers.
            let second = try bed.accept([bed.event("e2", target: "hostpool/hp-2")])
            await bed.worker(maximumAttempts: 2).drain(until: Date().addingTimeInterval(10))
            let events = try bed.stored(first + second)
            #expect(events.map(\.state) == [.delivered, .delivered], "\(events.map(\.lastError))")
            #expect(events.map(\.operation) == [.create, .create])
            #expect(events.map(\.rounds) == [1, 0])
            for event in events {
                let key = try #require(event.dedupeKey)
                #expect(try await bed.ticketsInPSA(reference: ExternalReference.forKey(key)) == 1)
            }
        }
    }

    @Test("a key's later event waits behind its retryable one, so the resolve comes after the create")
    func laterEventsWaitBehindARetryableOne() async throws {
        try await withDeliveryBed(.connectwise) { bed in
            let firing = try bed.accept([bed.event("e1")])
            bed.sandbox.faults.inject(.status(502), count: 10_000, pathContains: bed.ticketPath)
            await bed.worker(maximumAttempts: 2).drain(until: Date().addingTimeInterval(10))
            #expect(try bed.stored(firing[0]).retryable)

            // The resolve arrives while the firing waits for the PSA: it waits too, and the
            // drain does not spin until its deadline on it.
            let resolved = try bed.accept([bed.event("e2", .resolved)])
            let started = Date()
            await bed.worker().drain(until: Date().addingTimeInterval(5))
            #expect(Date().timeIntervalSince(started) < 3)
            #expect(try bed.stored(resolved[0]).state == .pending)
            #expect(try bed.stored(resolved[0]).attempts == 0)
            #expect(try bed.store.pendingEvents().count == 1)
            #expect(try bed.store.pendingEvents().nextDue == nil)

            bed.sandbox.faults.clear()
            await bed.worker(probeInterval: 0.1).drain(until: Date().addingTimeInterval(10))
            let events = try bed.stored(firing + resolved)
            #expect(events.map(\.state) == [.delivered, .delivered], "\(events.map(\.lastError))")
            #expect(events.map(\.operation) == [.create, .resolve])
            let key = try #require(events[0].dedupeKey)
            let row = try #require(try bed.tickets(forKey: key).first)
            #expect(row.state == .closed)
            #expect(try await bed.psaTicket(row.ticketID).isClosed)
        }
    }

    @Test(
        "an event whose attempts run out in three rounds fails for good; the admin's retry sends it again",
        arguments: PSASystem.allCases)
    func threeRoundsThenFailedForGood(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let seqs = try bed.accept([bed.event("e1")])
            // The ticket requests fail; the probes (a cheap read elsewhere) succeed, so each
            // round ends in a new one until there are no rounds left.
            bed.sandbox.faults.inject(.status(503), count: 10_000, pathContains: bed.ticketPath)
            let started = Date()
            await bed.worker(maximumAttempts: 2, probeInterval: 0.1).drain(until: Date().addingTimeInterval(20))
            // The drain ends when nothing is left to do, long before its deadline.
            #expect(Date().timeIntervalSince(started) < 15)
            let failed = try bed.stored(seqs[0])
            #expect(failed.state == .failed)
            #expect(failed.failedForGood && !failed.retryable && failed.exhausted)
            #expect(failed.rounds == 3)
            #expect(failed.lastError?.contains("503") == true, "\(failed.lastError ?? "")")
            #expect(try bed.store.retryableFailures().isEmpty)
            #expect(try bed.store.integration(id: bed.integrationID)?.eventsFailedForGood == 1)
            #expect(try bed.store.integrations().first?.eventsFailedForGood == 1)
            let key = try #require(failed.dedupeKey)
            bed.sandbox.faults.clear()
            #expect(try await bed.ticketsInPSA(reference: ExternalReference.forKey(key)) == 0)

            // The Tickets screen's retry: a first attempt with every round ahead again.
            try bed.store.retryEvent(seqs[0])
            let retried = try bed.stored(seqs[0])
            #expect(retried.state == .pending && retried.rounds == 0 && !retried.exhausted)
            #expect(try bed.store.integration(id: bed.integrationID)?.eventsFailedForGood == 0)
            await bed.deliver()
            let delivered = try bed.stored(seqs[0])
            #expect(delivered.state == .delivered, "\(delivered.lastError ?? "")")
            #expect(try await bed.ticketsInPSA(reference: ExternalReference.forKey(key)) == 1)
        }
    }

    /// A ticket setting each PSA refuses with a 400 naming the field, and the words it uses.
    static func refusedSetting(for system: PSASystem) -> (settings: [String: String], words: String) {
        switch system {
        case .halo: return (["ticket-type": "99"], "tickettype_id 99")
        case .connectwise: return (["board": "9999"], "The board was not found or is inactive")
        case .autotask: return (["queue": "9999"], "existing picklist value for queueID: 9999")
        }
    }

    @Test(
        "a documented refusal fails at once in the PSA's words and is not retried when the PSA answers again",
        arguments: PSASystem.allCases)
    func refusalIsFinal(system: PSASystem) async throws {
        let refused = Self.refusedSetting(for: system)
        try await withDeliveryBed(system, settings: refused.settings) { bed in
            let seqs = try bed.accept([bed.event("e1")])
            await bed.worker(probeInterval: 0.05).drain(until: Date().addingTimeInterval(10))
            let event = try bed.stored(seqs[0])
            #expect(event.state == .failed)
            #expect(event.attempts == 1)
            #expect(!event.exhausted && !event.retryable && !event.failedForGood)
            let error = try #require(event.lastError)
            #expect(error.contains("rejected"), "\(error)")
            #expect(error.contains(refused.words), "\(error)")
            #expect(try bed.store.retryableFailures().isEmpty)
            // A refusal is the admin's to fix, not a PSA failing: the home screen does not count it.
            #expect(try bed.store.integration(id: bed.integrationID)?.eventsFailedForGood == 0)

            // Another event delivered does not send the refused one again.
            try bed.store.saveTicketSettings(DeliveryBed.settings(for: system), forIntegration: bed.integrationID)
            let other = try bed.accept([bed.event("e2", target: "hostpool/hp-2")])
            await bed.deliver()
            #expect(try bed.stored(other[0]).state == .delivered)
            let again = try bed.stored(seqs[0])
            #expect(again.state == .failed && again.attempts == 1 && again.rounds == 0)
        }
    }
}
