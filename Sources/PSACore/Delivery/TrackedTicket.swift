import Foundation

/// A ticket psalink opened in a PSA, as psalink last knew it. One dedupe key may have had
/// several over time: a firing after the reopen window opens a new one.
public struct TrackedTicket: Sendable, Equatable {
    public enum State: String, Sendable, Codable, CaseIterable {
        /// The create was sent and its answer not yet recorded: the PSA may or may not have it.
        case creating
        case open
        case closed
        /// The create was refused or gave up; `lastError` says why.
        case failed
    }

    public var row: Int64
    public var integrationID: Int64
    public var dedupeKey: String
    /// What the PSA ticket carries to be found again (`ExternalReference`).
    public var externalReference: String
    public var queueName: String?
    public var accountID: String?
    public var companyID: String
    /// The PSA's id; nil until the create's answer is recorded.
    public var ticketID: String?
    public var ticketNumber: String?
    public var title: String
    /// Made by "Send test ticket".
    public var isTest: Bool
    public var state: State
    /// The highest severity the key's events have had on this ticket.
    public var severity: NotificationEvent.Severity?
    public var closedAt: Date?
    /// When psalink last knew the PSA's state of the ticket (created, read or changed it).
    public var checkedAt: Date?
    /// For a `creating` row: the PSA is searched for the ticket only after this, when no
    /// request that may still create it can be running.
    public var lookupAfter: Date?
    /// The event whose create made this row.
    public var createdByEvent: Int64?
    /// The last operation's error, while it stands.
    public var lastError: String?
    /// Set when the PSA no longer has the ticket: the key's next firing opens a new one.
    public var gone: Gone?
    /// On a ticket opened because the key's earlier one was gone: that one's number (or id).
    public var replaces: String?
    /// A technician merged psalink's ticket (this number or id) into the one the row now follows.
    public var mergedFrom: String?
    /// Set while, or just after, an admin acknowledged the ticket: repeats of its key add no
    /// notes until `until`, and are counted instead. Only `Store.acknowledge` and
    /// `Store.unacknowledge` (and the worker's summary) change it; `saveTicket` leaves it alone.
    public var acknowledgement: TicketAcknowledgement?
    public var createdAt: Date
    public var updatedAt: Date

    /// Why a ticket psalink opened is no longer the key's.
    public enum Gone: String, Sendable, Codable {
        /// Deleted in the PSA (it answers 404, or no item), or merged into a ticket that is.
        case deleted
    }

    public init(
        row: Int64, integrationID: Int64, dedupeKey: String, externalReference: String, queueName: String?,
        accountID: String?, companyID: String, ticketID: String?, ticketNumber: String?, title: String,
        isTest: Bool, state: State, severity: NotificationEvent.Severity?, closedAt: Date?, checkedAt: Date?,
        lookupAfter: Date? = nil, createdByEvent: Int64?, lastError: String?, gone: Gone? = nil,
        replaces: String? = nil, mergedFrom: String? = nil, acknowledgement: TicketAcknowledgement? = nil,
        createdAt: Date, updatedAt: Date
    ) {
        self.row = row
        self.integrationID = integrationID
        self.dedupeKey = dedupeKey
        self.externalReference = externalReference
        self.queueName = queueName
        self.accountID = accountID
        self.companyID = companyID
        self.ticketID = ticketID
        self.ticketNumber = ticketNumber
        self.title = title
        self.isTest = isTest
        self.state = state
        self.severity = severity
        self.closedAt = closedAt
        self.checkedAt = checkedAt
        self.lookupAfter = lookupAfter
        self.createdByEvent = createdByEvent
        self.lastError = lastError
        self.gone = gone
        self.replaces = replaces
        self.mergedFrom = mergedFrom
        self.acknowledgement = acknowledgement
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// How lists group tickets (`tickets list --state`, the wizard's browser).
    public enum ListState: String, Sendable, CaseIterable {
        /// Open in the PSA, or a create not yet answered.
        case open
        case closed
        /// A create that gave up, or a ticket whose last change failed: what the admin must act on.
        case failed
    }

    /// How people refer to the ticket: its number, else its id.
    public var reference: String? { ticketNumber ?? ticketID }

    public var listState: ListState {
        if state == .failed || lastError != nil { return .failed }
        return state == .closed ? .closed : .open
    }

    /// What the lifecycle needs to decide an event's step; nil when there is no PSA ticket to
    /// change (a create that failed, one still unconfirmed, or one gone from the PSA).
    public var record: TicketRecord? {
        guard let ticketID, gone == nil, state == .open || state == .closed else { return nil }
        return TicketRecord(ticketID: ticketID, isClosed: state == .closed, closedAt: closedAt, severity: severity)
    }
}

/// An admin's word that a ticket is being worked on: until `until`, repeats of its key are
/// counted (`repeats`, the first at `firstRepeat`) instead of each adding a note, and the count
/// is summed in one note when the acknowledgement ends or the key resolves.
public struct TicketAcknowledgement: Sendable, Equatable {
    public var until: Date
    public var reason: String
    /// The OS user who acknowledged it, as the audit log names them.
    public var by: String
    public var at: Date
    public var repeats: Int
    public var firstRepeat: Date?

    public init(until: Date, reason: String, by: String, at: Date, repeats: Int = 0, firstRepeat: Date? = nil) {
        self.until = until
        self.reason = reason
        self.by = by
        self.at = at
        self.repeats = repeats
        self.firstRepeat = firstRepeat
    }

    /// Whether repeats are still being held back at `now`; once false, the worker's summary
    /// note is due (when `repeats` > 0) and the columns are cleared.
    public func isActive(at now: Date) -> Bool { until > now }
}
