import Foundation
import PSASandbox
import Testing

@testable import PSACore

/// Noise control against each emulated PSA (DESIGN §6): a storm of new tickets for one customer
/// becomes one parent ticket with notes, an acknowledged ticket's repeats add no notes until the
/// acknowledgement ends, and a maintenance window suppresses firings until it is over. Time is
/// moved by handing `NoiseControl.tick` a later clock, never by sleeping.
extension DeliveryWorkerTests {
    func setStorm(_ value: String, _ bed: DeliveryBed) throws {
        try bed.store.saveIntegrationSettings(
            [try IntegrationSettingAssignment(key: .storm, value: value)], forIntegration: bed.integrationID)
    }

    /// `count` firing events of one customer, each a new key.
    func newKeys(_ count: Int, _ bed: DeliveryBed, prefix: String = "e", state: NotificationEvent.State = .firing)
        -> [NotificationEvent]
    {
        (1...count).map { bed.event("\(prefix)\($0)", state, target: "hostpool/hp-\($0)") }
    }

    /// The notes about folded alerts (ConnectWise keeps a ticket's description as its first note).
    func foldNotes(_ bed: DeliveryBed, _ parent: TrackedTicket) async throws -> [String] {
        try await bed.notesInPSA(ticketID: try #require(parent.ticketID)).filter {
            $0.contains("Alert folded into this storm") && !$0.contains("psalink opened this ticket instead")
        }
    }

    /// Delivers one event at a time: which of a burst's keys keep their own tickets follows the
    /// order of arrival only when deliveries do not race each other.
    func deliverInOrder(_ bed: DeliveryBed) async {
        await bed.worker(concurrency: 1).drain(until: Date().addingTimeInterval(20))
    }

    func parentTickets(_ bed: DeliveryBed) throws -> [TrackedTicket] {
        try bed.store.trackedTickets().filter { $0.dedupeKey.hasPrefix("storm|") }
    }

    @Test(
        "more new tickets than storm allows fold into one parent ticket, one note per key",
        arguments: PSASystem.allCases)
    func stormFoldsIntoOneParent(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            try setStorm("3/10", bed)
            let seqs = try bed.accept(newKeys(8, bed))
            await deliverInOrder(bed)
            let events = try bed.stored(seqs)
            #expect(events.prefix(3).allSatisfy { $0.state == .delivered && $0.operation == .create })
            #expect(events.dropFirst(3).allSatisfy { $0.state == .folded }, "\(events.map(\.state))")
            let parents = try parentTickets(bed)
            try #require(parents.count == 1)
            let parent = parents[0]
            #expect(parent.state == .open)
            #expect(parent.title.hasPrefix("Storm: 4 alerts for Fabrikam since "))
            #expect(events.dropFirst(3).allSatisfy { $0.ticketRow == parent.row })
            #expect(bed.createRequests == 4)
            // The first fold is in the parent's text; each later key is one note.
            let notes = try await bed.notesInPSA(ticketID: try #require(parent.ticketID))
            #expect(try await foldNotes(bed, parent).count == 4, "\(notes)")
            #expect(try await bed.psaTicket(parent.ticketID).title == parent.title)
            #expect(try bed.store.storms().first?.alerts == 8)

            // Repeats of a folded key are counted there; no note, no ticket.
            let repeats = try bed.accept([bed.event("again-5", target: "hostpool/hp-5")])
            await deliverInOrder(bed)
            #expect(try bed.stored(repeats[0]).state == .folded)
            #expect(try await bed.notesInPSA(ticketID: try #require(parent.ticketID)).count == notes.count)
            #expect(bed.createRequests == 4)
        }
    }

    @Test("a quiet storm whose keys all resolved resolves its parent with a summary", arguments: PSASystem.allCases)
    func quietStormResolvesItsParent(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            try setStorm("2/10", bed)
            _ = try bed.accept(newKeys(5, bed))
            await deliverInOrder(bed)
            let resolved = try bed.accept(newKeys(5, bed, prefix: "r", state: .resolved))
            await deliverInOrder(bed)
            let states = try bed.stored(resolved).map(\.state)
            #expect(states == [.delivered, .delivered, .folded, .folded, .folded], "\(states)")
            let parent = try #require(try parentTickets(bed).first)
            let notes = try await bed.notesInPSA(ticketID: try #require(parent.ticketID))
            #expect(notes.filter { $0.contains("Resolved during this storm") }.count == 3, "\(notes)")
            // Not quiet yet: the parent stays open.
            #expect(try NoiseControl(store: bed.store).tick(now: Date()) == 0)

            #expect(try NoiseControl(store: bed.store).tick(now: Date().addingTimeInterval(11 * 60)) == 1)
            await deliverInOrder(bed)
            let work = try bed.store.events(ofTicket: parent.row).map {
                "\($0.event.id) \($0.state) \($0.lastError ?? "")"
            }
            let closed = try #require(try bed.store.trackedTicket(row: parent.row))
            #expect(closed.state == .closed, "\(work)")
            #expect(try await bed.psaTicket(parent.ticketID).isClosed)
            let last = try await bed.notesInPSA(ticketID: try #require(parent.ticketID))
            #expect(last.contains { $0.contains("Every alert folded into this storm has resolved") }, "\(last)")
            #expect(try bed.store.storms().first?.state == .closed)
        }
    }

    @Test("a quiet storm with keys still firing lists them, and resolves when the last one does")
    func quietStormWaitsForItsKeys() async throws {
        try await withDeliveryBed(.halo) { bed in
            try setStorm("1/5", bed)
            _ = try bed.accept(newKeys(3, bed))
            await deliverInOrder(bed)
            let parent = try #require(try parentTickets(bed).first)
            try NoiseControl(store: bed.store).tick(now: Date().addingTimeInterval(6 * 60))
            await deliverInOrder(bed)
            var notes = try await bed.notesInPSA(ticketID: try #require(parent.ticketID))
            let summary = try #require(notes.first { $0.contains("has calmed") })
            #expect(summary.contains("2 of them still firing") && summary.contains("hp-2") && summary.contains("hp-3"))
            #expect(try bed.store.storms().first?.state == .quiet)

            // A new key now opens its own ticket: the storm is no longer taking new keys.
            _ = try bed.accept([bed.event("late", target: "hostpool/late")])
            _ = try bed.accept(newKeys(3, bed, prefix: "r", state: .resolved).suffix(2))
            await deliverInOrder(bed)
            notes = try await bed.notesInPSA(ticketID: try #require(parent.ticketID))
            #expect(try bed.store.trackedTicket(row: parent.row)?.state == .closed, "\(notes)")
        }
    }

    @Test("a reopen counts as a new ticket toward a storm")
    func reopenCountsAsNew() async throws {
        try await withDeliveryBed(.halo) { bed in
            try setStorm("2/10", bed)
            _ = try bed.accept([bed.event("a1", target: "a"), bed.event("a2", .resolved, target: "a")])
            await deliverInOrder(bed)
            let reopened = try bed.accept([bed.event("a3", target: "a")])
            await deliverInOrder(bed)
            #expect(try bed.stored(reopened[0]).operation == .reopen)
            let third = try bed.accept([bed.event("b1", target: "b")])
            await deliverInOrder(bed)
            #expect(try bed.stored(third[0]).state == .folded)
            #expect(try parentTickets(bed).count == 1)
        }
    }

    @Test("storm=off opens every ticket; test tickets and fallbacks are not counted")
    func stormOffOpensEveryTicket() async throws {
        try await withDeliveryBed(.connectwise) { bed in
            try setStorm("off", bed)
            let seqs = try bed.accept(newKeys(12, bed))
            await deliverInOrder(bed)
            #expect(try bed.stored(seqs).allSatisfy { $0.operation == .create })
            #expect(try parentTickets(bed).isEmpty)
        }
    }

    @Test("a fold decided twice (the process killed after it) queues one parent and one note")
    func foldDecidedTwiceQueuesOnce() async throws {
        try await withDeliveryBed(.autotask) { bed in
            try setStorm("1/10", bed)
            let seqs = try bed.accept(newKeys(3, bed))
            let customer = try bed.store.stormCustomer(
                integrationID: bed.integrationID, companyID: bed.companyID, accountID: "a1")
            let limit = try #require(StormLimit(parsing: "1/10"))
            for seq in seqs {
                let event = try bed.stored(seq)
                let key = try #require(event.dedupeKey)
                // As a worker killed after its decision and the next one deciding again would.
                _ = try bed.store.admitNewTicket(event, key: key, customer: customer, limit: limit)
                _ = try bed.store.admitNewTicket(event, key: key, customer: customer, limit: limit)
            }
            #expect(try bed.store.storms().count == 1)
            await deliverInOrder(bed)
            #expect(try parentTickets(bed).count == 1)
            #expect(bed.createRequests == 2)
            let parent = try #require(try parentTickets(bed).first)
            let notes = try await bed.notesInPSA(ticketID: try #require(parent.ticketID))
            #expect(try await foldNotes(bed, parent).count == 1, "\(notes)")
        }
    }

    @Test("the MSP-level customer's own alerts and those it takes by fallback are counted apart")
    func fallbackAlertsAreCountedApart() async throws {
        try await withDeliveryBed(.halo) { bed in
            try setStorm("2/10", bed)
            let msp = Self.mspCompanyID(for: .halo)
            try bed.store.replaceCompanies(
                [PSACompany(id: bed.companyID, name: "Fabrikam"), PSACompany(id: msp, name: "Our MSP")],
                forIntegration: bed.integrationID)
            try bed.store.setMSPCustomer(integration: bed.integrationID, company: msp, fallbackForUnmapped: true)
            _ = try bed.store.importAccounts([
                NerdioAccount(id: "a2", name: "Account Two", tenantID: "2e3500cc-d08f-42c8-8678-ce352b7de55e")
            ])
            let own = (1...2).map { bed.event("m\($0)", target: "t\($0)", account: nil) }
            let unmapped = (1...2).map { bed.event("u\($0)", target: "t\($0)", account: "a2") }
            let seqs = try bed.accept(own + unmapped)
            await deliverInOrder(bed)
            #expect(try bed.stored(seqs).allSatisfy { $0.operation == .create })
            let third = try bed.accept([bed.event("u3", target: "t3", account: "a2")])
            await deliverInOrder(bed)
            #expect(try bed.stored(third[0]).state == .folded)
            #expect(try bed.store.storms().first?.customer == "Account Two (at Our MSP)")
        }
    }

    // MARK: Acknowledgements

    @Test(
        "an acknowledged ticket's repeats add no note; a higher severity does; the resolve sums them",
        arguments: PSASystem.allCases)
    func acknowledgedRepeatsAreCounted(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let first = try bed.accept([bed.event("e1", severity: .low)])
            await bed.deliver()
            let ticket = try ticket(of: first[0], bed)
            let id = try #require(ticket.ticketID)
            try bed.store.acknowledge(
                ticketRow: ticket.row, until: Date().addingTimeInterval(3_600), reason: "on it", by: "tech")
            let before = try await bed.notesInPSA(ticketID: id).count
            let repeats = try bed.accept([bed.event("e2", severity: .low), bed.event("e3", severity: .low)])
            await bed.deliver()
            #expect(try bed.stored(repeats).allSatisfy { $0.state == .acknowledged })
            #expect(try await bed.notesInPSA(ticketID: id).count == before)
            #expect(try bed.store.trackedTicket(row: ticket.row)?.acknowledgement?.repeats == 2)

            let higher = try bed.accept([bed.event("e4", severity: .critical)])
            await bed.deliver()
            #expect(try bed.stored(higher[0]).state == .delivered && bed.stored(higher[0]).operation == .note)
            #expect(try await bed.notesInPSA(ticketID: id).count == before + 1)

            let resolved = try bed.accept([bed.event("e5", .resolved)])
            await bed.deliver()
            #expect(try bed.stored(resolved[0]).operation == .resolve)
            let notes = try await bed.notesInPSA(ticketID: id)
            #expect(notes.last?.contains("fired 2 times") == true, "\(notes)")
            #expect(try bed.store.trackedTicket(row: ticket.row)?.acknowledgement == nil)
        }
    }

    @Test("when an acknowledgement ends, one note sums its repeats")
    func endedAcknowledgementIsSummed() async throws {
        try await withDeliveryBed(.autotask) { bed in
            let first = try bed.accept([bed.event("e1")])
            await bed.deliver()
            let ticket = try ticket(of: first[0], bed)
            try bed.store.acknowledge(
                ticketRow: ticket.row, until: Date().addingTimeInterval(3_600), reason: "patching", by: "tech")
            _ = try bed.accept([bed.event("e2"), bed.event("e3"), bed.event("e4")])
            await bed.deliver()
            let before = try await bed.notesInPSA(ticketID: try #require(ticket.ticketID)).count
            #expect(try NoiseControl(store: bed.store).tick(now: Date().addingTimeInterval(2 * 3_600)) == 1)
            await bed.deliver()
            let notes = try await bed.notesInPSA(ticketID: try #require(ticket.ticketID))
            #expect(notes.count == before + 1)
            #expect(notes.last?.contains("acknowledgement has ended") == true)
            #expect(notes.last?.contains("fired 3 times") == true, "\(notes)")
            #expect(try bed.store.trackedTicket(row: ticket.row)?.acknowledgement == nil)
            #expect(try bed.store.auditLog().contains { $0.action == "ticket.ack-ended" })
        }
    }

    // MARK: Maintenance

    @Test(
        "a firing in a maintenance window is suppressed and opens its ticket when the window ends",
        arguments: PSASystem.allCases)
    func maintenanceSuppressesUntilTheWindowEnds(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let opened = try bed.accept([bed.event("b1", target: "before")])
            await bed.deliver()
            let now = Date()
            try bed.store.addMaintenanceWindow(
                scope: .integration(bed.integrationID),
                schedule: .once(DateInterval(start: now.addingTimeInterval(-60), end: now.addingTimeInterval(3_600))),
                reason: "patch night")
            let results = try EventIntake(store: bed.store).accept([
                bed.event("e1"), bed.event("e2"), bed.event("o1", target: "other"),
                bed.event("o2", .resolved, target: "other"),
            ])
            let states = results.map { result -> StoredEvent.State? in
                if case .accepted(.stored(_, let state)) = result { return state }
                return nil
            }
            #expect(states == [.suppressed, .suppressed, .suppressed, .pending])
            // A ticket opened before the window still closes during it.
            let resolve = try bed.accept([bed.event("b2", .resolved, target: "before")])
            await bed.deliver()
            #expect(try bed.stored(resolve[0]).operation == .resolve)
            #expect(try ticket(of: opened[0], bed).state == .closed)
            #expect(try bed.store.trackedTickets().count == 1)
            #expect(try NoiseControl(store: bed.store).tick(now: now) == 0)
            #expect(try bed.store.suppressedKeys(at: Date()).count == 2)

            // After the window: the key still firing opens its ticket; the one that resolved does not.
            #expect(try NoiseControl(store: bed.store).tick(now: now.addingTimeInterval(7_200)) == 2)
            await bed.deliver()
            #expect(try bed.store.trackedTickets().count == 2)
            let tickets = try bed.store.trackedTickets().filter { $0.row != (try? ticket(of: opened[0], bed).row) }
            try #require(tickets.count == 1)
            let created = try await bed.psaTicket(tickets[0].ticketID)
            #expect(created.id == tickets[0].ticketID)
            let late = try #require(try bed.store.events(ofTicket: tickets[0].row).first)
            #expect(late.event.id == "e2")
            #expect(late.event.details.hasPrefix("This alert began during maintenance window #"))
            #expect(try bed.store.suppressedKeys(at: now.addingTimeInterval(7_200)).isEmpty)
            #expect(try NoiseControl(store: bed.store).tick(now: now.addingTimeInterval(7_300)) == 0)
        }
    }
}
