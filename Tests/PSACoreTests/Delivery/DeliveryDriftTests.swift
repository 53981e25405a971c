import Foundation
import PSASandbox
import Testing

@testable import PSACore

/// Tickets that change in the PSA under psalink: deleted, merged, closed by a technician.
extension DeliveryWorkerTests {
    @Test(
        "a note refused because the ticket was deleted opens a new ticket naming the old one",
        arguments: PSASystem.allCases)
    func deletedTicketIsReplaced(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let (key, old) = try await bed.openTicket()
            try await bed.technician("delete", ticket: try #require(old.ticketID))

            let repeated = try bed.accept([bed.event("e2")])
            await bed.deliver()
            let event = try bed.stored(repeated[0])
            #expect(event.state == .delivered, "\(event.lastError ?? "")")
            #expect(event.operation == .create)
            #expect(
                event.reason?.contains("was deleted in the PSA; opened a new ticket") == true, "\(event.reason ?? "")")
            let rows = try bed.tickets(forKey: key)
            #expect(rows.count == 2)
            #expect(rows.last?.gone == .deleted && rows.last?.state == .closed)
            let new = try #require(rows.first)
            #expect(new.state == .open && new.gone == nil)
            #expect(new.replaces == old.reference)
            #expect(new.ticketID != old.ticketID)
            #expect(try await bed.ticketsInPSA(reference: new.externalReference) == 1)

            // The next repeat notes on the new ticket.
            let third = try bed.accept([bed.event("e3")])
            await bed.deliver()
            #expect(try bed.stored(third[0]).operation == .note)
            #expect(try bed.tickets(forKey: key).count == 2)
        }
    }

    @Test("a read before a note finds the ticket deleted and opens a new one", arguments: PSASystem.allCases)
    func staleReadFindsTheTicketDeleted(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let (key, old) = try await bed.openTicket()
            try await bed.technician("delete", ticket: try #require(old.ticketID))

            let repeated = try bed.accept([bed.event("e2")])
            await bed.worker(stateCheckInterval: 0).drain(until: Date().addingTimeInterval(20))
            let event = try bed.stored(repeated[0])
            #expect(event.state == .delivered && event.operation == .create, "\(event.lastError ?? "")")
            #expect(event.attempts == 1)
            #expect(try bed.tickets(forKey: key).first?.replaces == old.reference)
        }
    }

    @Test("a failed read of a deleted ticket is retried, then the new ticket opens", arguments: PSASystem.allCases)
    func failedReadIsRetried(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let (key, old) = try await bed.openTicket()
            let id = try #require(old.ticketID)
            try await bed.technician("delete", ticket: id)

            // The read before the note meets a 502, then a dropped connection.
            bed.sandbox.faults.inject(.status(502), count: 1, pathContains: "ickets/\(id)")
            bed.sandbox.faults.inject(.dropConnection, count: 1, pathContains: "ickets/\(id)")
            let repeated = try bed.accept([bed.event("e2")])
            await bed.worker(stateCheckInterval: 0).drain(until: Date().addingTimeInterval(20))
            bed.sandbox.faults.clear()
            let event = try bed.stored(repeated[0])
            #expect(event.state == .delivered && event.operation == .create, "\(event.lastError ?? "")")
            #expect(event.attempts == 3)
            #expect(try bed.tickets(forKey: key).count == 2)
        }
    }

    @Test("a failed read after a refused note is retried, then the new ticket opens")
    func failedReadAfterARefusalIsRetried() async throws {
        try await withDeliveryBed(.halo) { bed in
            let (_, opened) = try await bed.openTicket()
            let id = try #require(opened.ticketID)
            try await bed.technician("delete", ticket: id)

            // HaloPSA notes go to /api/Actions: the fault meets only the read after the refusal.
            bed.sandbox.faults.inject(.status(503), count: 1, pathContains: "/api/Tickets/\(id)")
            let repeated = try bed.accept([bed.event("e2")])
            await bed.deliver()
            bed.sandbox.faults.clear()
            let event = try bed.stored(repeated[0])
            #expect(event.state == .delivered && event.operation == .create, "\(event.lastError ?? "")")
            #expect(event.attempts == 2)
            #expect(event.reason?.contains("was deleted in the PSA") == true)
        }
    }

    @Test("a 500 on a resolve's note after its status landed retries the resolve", arguments: PSASystem.allCases)
    func ownStatusChangeIsNotDrift(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let (_, opened) = try await bed.openTicket()
            let id = try #require(opened.ticketID)
            // ConnectWise and Autotask set the status first, then add the note.
            bed.sandbox.faults.inject(.status(500), count: 1, pathContains: system == .halo ? "/api/Actions" : "otes")
            let resolved = try bed.accept([bed.event("e2", .resolved)])
            await bed.deliver()
            bed.sandbox.faults.clear()
            let event = try bed.stored(resolved[0])
            #expect(
                event.state == .delivered && event.operation == .resolve, "\(event.reason ?? event.lastError ?? "")")
            #expect(event.attempts == 2 && event.reason == nil)
            #expect(try await bed.psaTicket(id).isClosed)
            #expect(try await bed.notesInPSA(ticketID: id).last?.contains("Resolved") == true)
        }
    }

    @Test("a resolve of a deleted ticket is skipped and says why", arguments: PSASystem.allCases)
    func resolveOfADeletedTicketIsSkipped(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let (key, old) = try await bed.openTicket()
            try await bed.technician("delete", ticket: try #require(old.ticketID))

            let resolved = try bed.accept([bed.event("e2", .resolved)])
            await bed.deliver()
            let event = try bed.stored(resolved[0])
            #expect(event.state == .skipped, "\(event.lastError ?? "")")
            #expect(event.reason?.hasPrefix("ticket #\(old.reference ?? "") was deleted in the PSA") == true)
            #expect(try bed.tickets(forKey: key).first?.gone == .deleted)
        }
    }

    @Test("a technician's close within the reopen window is reopened", arguments: PSASystem.allCases)
    func technicianCloseIsReopened(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let (key, opened) = try await bed.openTicket()
            let ticketID = try #require(opened.ticketID)
            try await bed.technician("close", ticket: ticketID)

            let repeated = try bed.accept([bed.event("e2")])
            await bed.worker(stateCheckInterval: 0).drain(until: Date().addingTimeInterval(20))
            let event = try bed.stored(repeated[0])
            #expect(event.state == .delivered, "\(event.lastError ?? "")")
            #expect(event.operation == .reopen)
            #expect(event.reason?.contains("was closed in the PSA; within the reopen window") == true)
            #expect(try await bed.psaTicket(ticketID).isClosed == false)
            #expect(try bed.tickets(forKey: key).count == 1)
        }
    }

    @Test("a note the PSA refuses on a technician-closed ticket reopens it", arguments: PSASystem.allCases)
    func refusedNoteOnAClosedTicketReopens(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let (_, opened) = try await bed.openTicket()
            let ticketID = try #require(opened.ticketID)
            try await bed.technician("close", ticket: ticketID, ["refuseNotes": true])

            let repeated = try bed.accept([bed.event("e2")])
            await bed.deliver()
            let event = try bed.stored(repeated[0])
            #expect(event.state == .delivered, "\(event.lastError ?? "")")
            #expect(event.operation == .reopen, "\(event.lastError ?? "")")
            #expect(try await bed.psaTicket(ticketID).isClosed == false)
            #expect(try await bed.notesInPSA(ticketID: ticketID).last?.contains("e2") == true)
        }
    }

    @Test(
        "each connector reads when the PSA closed a ticket, and what it was merged into", arguments: PSASystem.allCases)
    func connectorsReadTheCloseDateAndTheMerge(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let seqs = try bed.accept([bed.event("e1"), bed.event("e2", target: "hostpool/hp-2")])
            await bed.deliver()
            let events = try bed.stored(seqs)
            let keys = try events.map { try #require($0.dedupeKey) }
            let ids = try keys.map { try #require(try bed.tickets(forKey: $0).first?.ticketID) }
            let open = try await bed.psaTicket(ids[0])
            #expect(open.closedAt == nil && open.mergedInto == nil)

            let before = Date().addingTimeInterval(-5)
            try await bed.technician("close", ticket: ids[0])
            let closed = try await bed.psaTicket(ids[0])
            let closedAt = try #require(closed.closedAt)
            #expect(closed.isClosed && closedAt >= before && closedAt <= Date().addingTimeInterval(5))

            guard system != .autotask else { return }
            try await bed.technician("merge", ticket: ids[1], ["into": ids[0]])
            #expect(try await bed.psaTicket(ids[1]).mergedInto == ids[0])
        }
    }

    @Test("PSA times are read with or without a zone and fractional seconds")
    func psaDates() {
        let expected = Date(timeIntervalSince1970: 1_796_119_200)  // 2026-12-01T10:00:00Z
        #expect(PSADate.parse("2026-12-01T10:00:00Z") == expected)
        #expect(PSADate.parse("2026-12-01T10:00:00") == expected)
        #expect(PSADate.parse("2026-12-01T11:00:00+01:00") == expected)
        #expect(PSADate.parse("2026-12-01T10:00:00.250Z") == expected.addingTimeInterval(0.25))
        #expect(PSADate.parse("") == nil && PSADate.parse("yesterday") == nil && PSADate.parse(nil) == nil)
    }

    @Test("a technician's close past the reopen window opens a new ticket", arguments: PSASystem.allCases)
    func technicianClosePastTheWindow(system: PSASystem) async throws {
        try await withDeliveryBed(system, settings: ["reopen-window": "0m"]) { bed in
            let (key, opened) = try await bed.openTicket()
            let ticketID = try #require(opened.ticketID)
            try await bed.technician("close", ticket: ticketID)

            let repeated = try bed.accept([bed.event("e2")])
            await bed.worker(stateCheckInterval: 0).drain(until: Date().addingTimeInterval(20))
            let event = try bed.stored(repeated[0])
            #expect(event.state == .delivered && event.operation == .create, "\(event.lastError ?? "")")
            #expect(event.reason?.contains("past the reopen window, opened a new ticket") == true)
            let rows = try bed.tickets(forKey: key)
            #expect(rows.count == 2 && rows.last?.gone == nil && rows.first?.replaces == nil)
        }
    }

    @Test(
        "a merged ticket is followed: the note goes to the ticket it was merged into",
        arguments: [PSASystem.halo, .connectwise])
    func mergedTicketIsFollowed(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            let seqs = try bed.accept([bed.event("e1"), bed.event("other", target: "hostpool/hp-2")])
            await bed.deliver()
            let events = try bed.stored(seqs)
            let key = try #require(events[0].dedupeKey)
            let merged = try #require(try bed.tickets(forKey: key).first)
            let otherKey = try #require(events[1].dedupeKey)
            let survivor = try #require(try bed.tickets(forKey: otherKey).first?.ticketID)
            try await bed.technician("merge", ticket: try #require(merged.ticketID), ["into": survivor])

            let repeated = try bed.accept([bed.event("e2")])
            await bed.worker(stateCheckInterval: 0).drain(until: Date().addingTimeInterval(20))
            let event = try bed.stored(repeated[0])
            #expect(event.state == .delivered && event.operation == .note, "\(event.lastError ?? "")")
            #expect(event.reason?.contains("was merged into #\(survivor)") == true, "\(event.reason ?? "")")
            let row = try #require(try bed.tickets(forKey: key).first)
            #expect(row.ticketID == survivor && row.mergedFrom == merged.reference && row.state == .open)
            #expect(try await bed.notesInPSA(ticketID: survivor).last?.contains("e2") == true)

            // The resolve closes the ticket the key now follows.
            let resolved = try bed.accept([bed.event("e3", .resolved)])
            await bed.deliver()
            #expect(try bed.stored(resolved[0]).operation == .resolve)
            #expect(try await bed.psaTicket(survivor).isClosed)
        }
    }
}

extension DeliveryBed {
    /// Opens a ticket with a firing of the bed's condition: its dedupe key and psalink's row.
    func openTicket() async throws -> (key: String, row: TrackedTicket) {
        let seqs = try accept([event("e1")])
        await deliver()
        let key = try #require(try stored(seqs[0]).dedupeKey)
        return (key, try #require(try tickets(forKey: key).first))
    }

    /// Changes a ticket in the PSA as a technician would, through the sandbox's
    /// `POST /sandbox/tickets`.
    func technician(_ action: String, ticket: String, _ extra: [String: Any] = [:]) async throws {
        var body: [String: Any] = ["action": action, "psa": system.rawValue, "ticket": ticket]
        body.merge(extra) { _, new in new }
        let response = try await HTTPClient().send(
            HTTPRequest(
                method: .post, url: endpoints.baseURL + "/sandbox/tickets",
                headers: ["Content-Type": "application/json"], body: try JSONSerialization.data(withJSONObject: body)))
        #expect(response.status == 200, "\(String(decoding: response.body, as: UTF8.self))")
    }
}
