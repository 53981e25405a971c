/// What became of one submitted event, as far as it has gone: rejected, or stored and then
/// waiting, delivered, skipped or failed. The commands, `serve` and the wizard word it.
public struct EventReceipt: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        /// Not stored: it did not parse or cannot be routed, for `reason`; fix it and send it again.
        case rejected(reason: String)
        /// An event with this id was received before; this one was not processed again.
        case duplicate
        /// Stored; where its delivery stands (`pending` while it waits in the outbox).
        case stored(StoredEvent.State)
        /// Stored, but it could not be read back.
        case unreadable
    }

    /// The event's id, when it had one.
    public var id: String?
    public var status: Status
    /// Where it is in the outbox; nil when it was rejected.
    public var seq: Int64?
    /// The event as stored, once read back.
    public var stored: StoredEvent?
    /// The ticket it made or changed, once read back.
    public var ticket: TrackedTicket?

    public init(
        id: String?, status: Status, seq: Int64? = nil, stored: StoredEvent? = nil, ticket: TrackedTicket? = nil
    ) {
        self.id = id
        self.status = status
        self.seq = seq
        self.stored = stored
        self.ticket = ticket
    }

    /// Why it was rejected, skipped or failed, or why it is still waiting (the PSA's last error).
    public var problem: String? {
        if case .rejected(let reason) = status { return reason }
        guard let stored else { return nil }
        switch stored.state {
        case .skipped, .held, .suppressed, .folded, .acknowledged: return stored.lastError ?? stored.reason
        case .pending, .delivered, .failed: return stored.lastError
        }
    }
}
