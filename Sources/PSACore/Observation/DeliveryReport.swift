import Foundation

/// One attempt at an outbox item, as the worker hands it to its observers once the outcome is
/// recorded: what was asked, what came of it, and the PSA requests it took.
public struct DeliveryReport: Sendable {
    /// The event as it was claimed, before the attempt.
    public var event: StoredEvent
    public var outcome: Store.DeliveryOutcome
    /// The ticket the attempt left, when it has one.
    public var ticket: TrackedTicket?
    /// The PSA the event was routed to; nil when the integration could not be read.
    public var system: PSASystem?
    /// Every request the attempt sent, token and discovery calls included, in order.
    public var requests: [PSARequestRecord]
    public var duration: Duration
    public var finishedAt: Date

    public init(
        event: StoredEvent, outcome: Store.DeliveryOutcome, ticket: TrackedTicket?, system: PSASystem?,
        requests: [PSARequestRecord], duration: Duration, finishedAt: Date
    ) {
        self.event = event
        self.outcome = outcome
        self.ticket = ticket
        self.system = system
        self.requests = requests
        self.duration = duration
        self.finishedAt = finishedAt
    }
}
