import Foundation
import Testing

@testable import PSACore

@Suite struct TicketLifecycleTests {
    let now = Date(timeIntervalSince1970: 1_795_946_400)
    let settings = TicketSettings(values: [
        .openStatus: "1", .resolvedStatus: "8", .cancelledStatus: "22", .defaultPriority: "3",
        .highPriority: "2", .criticalPriority: "1", .reopenWindow: "2h",
    ])

    func event(_ state: NotificationEvent.State, _ severity: NotificationEvent.Severity? = nil) -> NotificationEvent {
        NotificationEvent(
            id: "e", accountID: "a1", condition: .init(id: "c", type: .usage), severity: severity, state: state,
            target: "t", title: "Disk full")
    }

    func step(_ event: NotificationEvent, _ existing: TicketRecord?, settings: TicketSettings? = nil) -> LifecycleStep {
        TicketLifecycle.step(for: event, existing: existing, settings: settings ?? self.settings, now: now)
    }

    @Test func aFirstFiringCreatesWithTheOpenStatusAndTheSeveritysPriority() {
        #expect(step(event(.firing, .critical), nil) == .create(statusID: "1", priorityID: "1"))
        // A severity without its own priority, and no severity at all, take the default.
        #expect(step(event(.firing, .low), nil) == .create(statusID: "1", priorityID: "3"))
        #expect(step(event(.firing), nil) == .create(statusID: "1", priorityID: "3"))
    }

    @Test func aRepeatAddsANoteAndRaisesThePriorityOnlyWhenTheSeverityRose() {
        let open = TicketRecord(ticketID: "T1", isClosed: false, severity: .high)
        #expect(step(event(.firing, .critical), open) == .addNote(ticketID: "T1", raisePriorityTo: "1"))
        #expect(step(event(.firing, .high), open) == .addNote(ticketID: "T1", raisePriorityTo: nil))
        #expect(step(event(.firing, .low), open) == .addNote(ticketID: "T1", raisePriorityTo: nil))
        #expect(step(event(.firing), open) == .addNote(ticketID: "T1", raisePriorityTo: nil))
    }

    @Test func aFiringAfterACloseReopensWithinTheWindowElseOpensANewTicket() {
        let recent = TicketRecord(
            ticketID: "T1", isClosed: true, closedAt: now.addingTimeInterval(-3_600), severity: .high)
        #expect(step(event(.firing, .critical), recent) == .reopen(ticketID: "T1", statusID: "1", raisePriorityTo: "1"))
        let old = TicketRecord(
            ticketID: "T1", isClosed: true, closedAt: now.addingTimeInterval(-3 * 3_600), severity: .high)
        #expect(step(event(.firing, .high), old) == .create(statusID: "1", priorityID: "2"))
        // Closed at an unknown time: a new ticket, never a guess at the window.
        #expect(
            step(event(.firing), TicketRecord(ticketID: "T1", isClosed: true, severity: nil))
                == .create(statusID: "1", priorityID: "3"))
        // Without a reopen window setting, the default one applies.
        var noWindow = settings
        noWindow[.reopenWindow] = nil
        #expect(
            step(event(.firing), old, settings: noWindow)
                == .reopen(ticketID: "T1", statusID: "1", raisePriorityTo: nil))
    }

    @Test func resolvedAndCancelledCloseAnOpenTicketOnly() {
        let open = TicketRecord(ticketID: "T1", isClosed: false, severity: nil)
        #expect(step(event(.resolved), open) == .resolve(ticketID: "T1", statusID: "8"))
        #expect(step(event(.cancelled), open) == .cancel(ticketID: "T1", statusID: "22"))
        guard case .nothing = step(event(.resolved), nil),
            case .nothing = step(event(.cancelled), TicketRecord(ticketID: "T1", isClosed: true, severity: nil))
        else {
            Issue.record("closing what is not open did something")
            return
        }
    }

    @Test func missingStatusesAreRefusedWithTheKeyNamed() {
        let open = TicketRecord(ticketID: "T1", isClosed: false, severity: nil)
        guard case .refused(let reason) = step(event(.resolved), open, settings: TicketSettings()) else {
            Issue.record("a resolve without a resolved status was not refused")
            return
        }
        #expect(reason.contains("resolved-status"))
        let closed = TicketRecord(ticketID: "T1", isClosed: true, closedAt: now, severity: nil)
        guard case .refused(let reopen) = step(event(.firing), closed, settings: TicketSettings()) else {
            Issue.record("a reopen without an open status was not refused")
            return
        }
        #expect(reopen.contains("open-status"))
    }
}
