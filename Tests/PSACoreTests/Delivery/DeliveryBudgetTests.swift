import Foundation
import PSASandbox
import Testing

@testable import PSACore

/// Delivery under a PSA's rate limit: the sandbox throttles like the PSA, and the worker's
/// requests draw from the tenant's budget in the store, as in the product.
extension DeliveryWorkerTests {
    static func sandboxPSA(_ system: PSASystem) -> SandboxPSA {
        switch system {
        case .halo: return .halo
        case .connectwise: return .connectwise
        case .autotask: return .autotask
        }
    }

    func setRateLimit(_ value: String, in bed: DeliveryBed) throws {
        try bed.store.write { db in
            try db.execute(
                sql: "INSERT INTO integration_setting (integration_id, key, value, updated_at) VALUES (?, ?, ?, ?)",
                arguments: [bed.integrationID, RateBudgets.settingKey, value, Date()])
        }
    }

    func budgetKey(_ bed: DeliveryBed) throws -> BudgetKey {
        let fields = try bed.store.credentials(forIntegration: bed.integrationID)
        return BudgetKey(try #require(Credentials(system: bed.system, storedFields: fields)))
    }

    /// Pauses the bed's tenant as a 429 with `Retry-After` would.
    func pauseBudget(of bed: DeliveryBed, for seconds: TimeInterval) throws {
        let key = try budgetKey(bed)
        let decision = try bed.store.takeFromBudget(
            key, limit: RateLimit(count: 1_000, seconds: 1), priority: .essential, usagePaced: false)
        guard case .granted(let grant) = decision else { throw DeliveryTestError.notStored }
        try bed.store.finishBudgetRequest(grant, of: key, answer: .throttled(retryAfter: seconds))
    }

    @Test(arguments: PSASystem.allCases)
    func withTheLimitSetAsThePSAsNoRequestIsRefused(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let psa = Self.sandboxPSA(system)
            bed.sandbox.rateLimits.limit(psa, count: 6, seconds: 1, retryAfter: true)
            try setRateLimit("6/1", in: bed)
            let seqs = try bed.accept((1...10).map { bed.event("e\($0)", target: "hostpool/hp-\($0)") })
            await bed.worker(budgets: RateBudgets(store: bed.store)).drain(until: Date().addingTimeInterval(30))
            #expect(try bed.stored(seqs).allSatisfy { $0.state == .delivered })
            let statistics = bed.sandbox.rateLimits.statistics(psa)
            #expect(statistics.throttled == 0)
            #expect(statistics.accepted >= 10)
        }
    }

    @Test(arguments: PSASystem.allCases)
    func aThrottleHoldsEveryRequestToThePSAUntilItsRetryAfterEnds(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let psa = Self.sandboxPSA(system)
            // The PSA's limit is tighter than the budget psalink was told: psalink learns it from the 429s.
            bed.sandbox.rateLimits.limit(psa, count: 4, seconds: 1, retryAfter: true)
            let seqs = try bed.accept((1...8).map { bed.event("e\($0)", target: "hostpool/hp-\($0)") })
            // One delivery at a time, so that no request is already on its way when a 429 comes.
            let worker = bed.worker(maximumAttempts: 1, concurrency: 1, budgets: RateBudgets(store: bed.store))
            await worker.drain(until: Date().addingTimeInterval(30))
            let events = try bed.stored(seqs)
            #expect(events.allSatisfy { $0.state == .delivered })
            let statistics = bed.sandbox.rateLimits.statistics(psa)
            #expect(statistics.throttled > 0)
            #expect(statistics.early == 0)
        }
    }

    @Test(arguments: PSASystem.allCases)
    func withoutRetryAfterTheWholePSABacksOffAndNothingIsLost(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let psa = Self.sandboxPSA(system)
            bed.sandbox.rateLimits.limit(psa, count: 4, seconds: 1, retryAfter: false)
            let seqs = try bed.accept((1...8).map { bed.event("e\($0)", target: "hostpool/hp-\($0)") })
            let worker = bed.worker(maximumAttempts: 1, budgets: RateBudgets(store: bed.store))
            await worker.drain(until: Date().addingTimeInterval(40))
            #expect(try bed.stored(seqs).allSatisfy { $0.state == .delivered })
            let statistics = bed.sandbox.rateLimits.statistics(psa)
            #expect(statistics.throttled > 0)
            // Eight deliveries in flight meet the first 429s together; after that the back-off
            // holds them all, so the 429s stay few.
            #expect(statistics.throttled <= 16)
        }
    }

    @Test(arguments: PSASystem.allCases)
    func waitingForTheBudgetUsesNoAttempt(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let seqs = try bed.accept([bed.event("e1")])
            try pauseBudget(of: bed, for: 1.5)
            // One attempt only: had the wait used it, the event would fail.
            let worker = bed.worker(maximumAttempts: 1, budgetWait: 0.2, budgets: RateBudgets(store: bed.store))
            await worker.drain(until: Date().addingTimeInterval(0.6))
            let waiting = try bed.stored(seqs[0])
            #expect(waiting.state == .pending)
            #expect(waiting.throttledUntil != nil)
            #expect(waiting.lastError?.contains("rate limit") == true)
            #expect(bed.createRequests == 0)
            await worker.drain(until: Date().addingTimeInterval(20))
            let delivered = try bed.stored(seqs[0])
            #expect(delivered.state == .delivered)
            #expect(delivered.operation == .create)
            #expect(delivered.throttledUntil == nil)
        }
    }

    @Test(arguments: PSASystem.allCases)
    func repeatsThatWaitedForTheBudgetTogetherBecomeOneNote(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let first = try bed.accept([bed.event("e0")])
            await bed.deliver()
            let key = try #require(try bed.stored(first[0]).dedupeKey)
            let ticketID = try #require(try bed.tickets(forKey: key).first?.ticketID)
            let notesBefore = try await bed.notesInPSA(ticketID: ticketID).count
            try pauseBudget(of: bed, for: 1)
            var repeats = (1...5).map { bed.event("r\($0)") }
            repeats[3].severity = .critical
            let seqs = try bed.accept(repeats)
            let worker = bed.worker(budgetWait: 0.2, budgets: RateBudgets(store: bed.store))
            await worker.drain(until: Date().addingTimeInterval(20))
            let events = try bed.stored(seqs)
            #expect(events.allSatisfy { $0.state == .delivered })
            #expect(events[0].coalescedInto == nil)
            #expect(events.dropFirst().allSatisfy { $0.coalescedInto == "r1" })
            let notes = try await bed.notesInPSA(ticketID: ticketID)
            #expect(notes.count == notesBefore + 1)
            #expect(notes.last?.contains("Fired 4 more times since") == true)
            #expect(notes.last?.contains("(event r5)") == true)
            // The strongest severity among them raised the ticket's priority.
            let ticket = try await bed.psaTicket(ticketID)
            #expect(ticket.priorityID == bed.setting(.criticalPriority))
        }
    }
}

/// The state read before a note: judged by how old psalink's knowledge was when the repeat came.
extension DeliveryWorkerTests {
    func reads(ofTicket id: String, in bed: DeliveryBed) -> Int {
        let path: String
        switch bed.system {
        case .halo: path = "GET /api/Tickets/\(id)"
        case .connectwise: path = "GET /v4_6_release/apis/3.0/service/tickets/\(id)"
        case .autotask: path = "GET /atservicesrest/v1.0/Tickets/\(id)"
        }
        return bed.sandbox.faults.requestLog.filter { $0 == path || $0.hasPrefix(path + "?") }.count
    }

    @Test(arguments: PSASystem.allCases)
    func aRepeatThatComesAWhileAfterPsalinkLastLookedReadsTheTicketAndSeesATechniciansClose(system: PSASystem)
        async throws
    {
        try await withDeliveryBed(system) { bed in
            let first = try bed.accept([bed.event("e0")])
            await bed.worker(stateCheckInterval: 0.3).drain(until: Date().addingTimeInterval(20))
            let ticketID = try #require(
                try bed.stored(first[0]).dedupeKey.flatMap { try bed.tickets(forKey: $0).first?.ticketID })
            // A technician closes it in the PSA.
            try await bed.connector.updateTicket(
                ticketID, TicketChange(statusID: bed.setting(.resolvedStatus), note: TicketNote(text: "Fixed.")))
            try await Task.sleep(for: .milliseconds(500))
            let again = try bed.accept([bed.event("r1")])
            await bed.worker(stateCheckInterval: 0.3).drain(until: Date().addingTimeInterval(20))
            #expect(try bed.stored(again[0]).operation == .reopen)
        }
    }

    @Test(arguments: PSASystem.allCases)
    func repeatsQueuedBehindTheirCreateNeedNoRead(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            // However long they then wait (here: longer than the interval, for the create).
            let seqs = try bed.accept([bed.event("e0"), bed.event("r1"), bed.event("r2")])
            bed.sandbox.faults.inject(.delay(milliseconds: 600), pathContains: bed.ticketPath)
            await bed.worker(stateCheckInterval: 0.3).drain(until: Date().addingTimeInterval(20))
            let events = try bed.stored(seqs)
            #expect(events.map(\.operation) == [.create, .note, .note])
            let key = try #require(events[0].dedupeKey)
            let ticketID = try #require(try bed.tickets(forKey: key).first?.ticketID)
            // Autotask answers a create with the id only: its number is read back once.
            #expect(reads(ofTicket: ticketID, in: bed) == (system == .autotask ? 1 : 0))
        }
    }
}
