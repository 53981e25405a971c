import Foundation

/// An event as psalink keeps it: what was received, where it was routed, and how its
/// delivery went.
public struct StoredEvent: Sendable, Equatable {
    public enum State: String, Sendable, Codable, CaseIterable {
        /// Waiting in the outbox for its turn or its next attempt.
        case pending
        /// Its lifecycle step reached the PSA (or needed no PSA call).
        case delivered
        /// Routed to no ticket (a skipped or unmapped account), or nothing to change.
        case skipped
        /// Gave up: `lastError` says why. When `retryable`, only for now: it goes back to the
        /// outbox once its integration's PSA answers again.
        case failed
        /// Its account's company is gone, inactive or merged and the integration holds such
        /// events (`broken-mapping=hold`): it waits, undelivered, until the account is remapped.
        case held
        /// Fired inside a maintenance window that covers it: no ticket and no note. When the
        /// window ends, a key still firing opens its ticket then.
        case suppressed
        /// A new key folded into its customer's storm ticket as a note, instead of a ticket of its own.
        case folded
        /// A repeat of a ticket acknowledged until a later time: counted, no note.
        case acknowledged
    }

    /// Work psalink queues by itself, rather than an event as received.
    public enum Origin: String, Sendable, Codable {
        /// A storm's parent ticket: the create with the first folded alert, each later fold's
        /// note, and the summary that resolves it. A firing on a closed parent reopens it as
        /// any firing does.
        case storm
        /// A note on the key's ticket while it is open (a storm's key that resolved, an
        /// acknowledgement's sum); nothing when the ticket is closed.
        case note
    }

    /// Delivery order: per dedupe key, the lowest pending `seq` goes first.
    public var seq: Int64
    public var event: NotificationEvent
    public var receivedAt: Date
    public var state: State
    public var integrationID: Int64?
    public var queueName: String?
    public var companyID: String?
    public var dedupeKey: String?
    /// The routed settings, fixed when the event was accepted.
    public var settings: TicketSettings
    /// Why it was skipped or did nothing.
    public var reason: String?
    /// What it did to the ticket: create, note, reopen, resolve, cancel.
    public var operation: DeliveryOperation?
    /// The `ticket` row it created or changed.
    public var ticketRow: Int64?
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastError: String?
    public var updatedAt: Date
    /// For a failed event: its attempts ran out on transient answers (the PSA down or
    /// overloaded), not on a refusal.
    public var exhausted: Bool
    /// For a failed event: it is queued again, its attempts reset, after the next successful
    /// request to its integration.
    public var retryable: Bool
    /// How often it was queued again after its attempts ran out.
    public var rounds: Int
    /// For a pending event: it waits for its PSA's rate budget until then (no attempt used).
    public var throttledUntil: Date?
    /// For a delivered repeat: the id of the event whose note carried it, with the other
    /// repeats that waited for the budget at the same time.
    public var coalescedInto: String?
    /// For a held event: since when.
    public var heldSince: Date?
    /// For an event psalink raised about another that could not become a ticket: that one's id.
    public var fallbackFor: String?
    /// For an event that could not become a ticket: the id of the event raised about it.
    public var fallbackEvent: String?
    /// Nil for an event as received; what psalink queued it for otherwise. Its text is the
    /// note as written (`event.details`).
    public var origin: Origin?
    /// A folded event's storm, or the storm a `storm` event works on.
    public var stormID: Int64?
    /// A suppressed event's maintenance window.
    public var windowID: Int64?

    /// Ran out of attempts in every round: only the admin's retry sends it again.
    public var failedForGood: Bool { state == .failed && exhausted && !retryable }

    public init(
        seq: Int64, event: NotificationEvent, receivedAt: Date, state: State, integrationID: Int64?,
        queueName: String?, companyID: String?, dedupeKey: String?, settings: TicketSettings, reason: String?,
        operation: DeliveryOperation?, ticketRow: Int64?, attempts: Int, nextAttemptAt: Date?, lastError: String?,
        updatedAt: Date, exhausted: Bool = false, retryable: Bool = false, rounds: Int = 0,
        throttledUntil: Date? = nil, coalescedInto: String? = nil, heldSince: Date? = nil, fallbackFor: String? = nil,
        fallbackEvent: String? = nil, origin: Origin? = nil, stormID: Int64? = nil, windowID: Int64? = nil
    ) {
        self.seq = seq
        self.event = event
        self.receivedAt = receivedAt
        self.state = state
        self.integrationID = integrationID
        self.queueName = queueName
        self.companyID = companyID
        self.dedupeKey = dedupeKey
        self.settings = settings
        self.reason = reason
        self.operation = operation
        self.ticketRow = ticketRow
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.updatedAt = updatedAt
        self.exhausted = exhausted
        self.retryable = retryable
        self.rounds = rounds
        self.throttledUntil = throttledUntil
        self.coalescedInto = coalescedInto
        self.heldSince = heldSince
        self.fallbackFor = fallbackFor
        self.fallbackEvent = fallbackEvent
        self.origin = origin
        self.stormID = stormID
        self.windowID = windowID
    }
}

/// The change an event made to its ticket, as `events send --json` reports it.
public enum DeliveryOperation: String, Sendable, Codable, CaseIterable {
    case create, note, reopen, resolve, cancel
    /// Nothing to change (a resolve with no open ticket) or no ticket (a skipped account).
    case none
}
