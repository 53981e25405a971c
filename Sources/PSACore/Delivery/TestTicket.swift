import Foundation

/// "Send test ticket": an event of psalink's own that opens a ticket, marked as a test, for
/// the MSP-level customer or a chosen account, through the same routing, outbox and delivery
/// as real events. Each test has its own target, so it always opens a new ticket.
public enum TestTicket {
    public static let conditionID = "psalink-test"

    /// The firing event of a new test; `accountID` nil means the MSP-level customer.
    public static func firing(accountID: String?, now: Date = Date()) -> NotificationEvent {
        let test = "test-" + UUID().uuidString.lowercased()
        return NotificationEvent(
            id: test, accountID: accountID,
            condition: .init(id: conditionID, type: .task, name: "psalink test ticket"), severity: nil, state: .firing,
            target: test, title: "psalink test ticket: please close",
            details:
                "A test from psalink's \"Send test ticket\", to show that tickets reach this PSA. It needs no action.",
            occurredAt: now)
    }

    /// The event that closes the test `firing` opened, with the resolved status.
    public static func closing(_ firing: NotificationEvent, now: Date = Date()) -> NotificationEvent {
        var closing = firing
        closing.id = firing.id + "-closed"
        closing.state = .resolved
        closing.title = "psalink test ticket: closed by psalink"
        closing.occurredAt = now
        return closing
    }

    public static func isTest(_ event: NotificationEvent) -> Bool { event.condition.id == conditionID }
}
