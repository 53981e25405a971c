import Foundation
import GRDB

/// The outbox: events as received, with their routing, waiting for or done with delivery.
extension Store {
    /// What accepting an event did.
    public enum IngestResult: Sendable, Equatable {
        /// Stored: `pending` for delivery, or `skipped` by its routing.
        case stored(seq: Int64, state: StoredEvent.State)
        /// An event with this id was received before; it is not processed again.
        case duplicate(seq: Int64, state: StoredEvent.State)

        public var seq: Int64 {
            switch self {
            case .stored(let seq, _), .duplicate(let seq, _): return seq
            }
        }
    }

    /// Stores routed events in one transaction, each once by its id. Once this returns, the
    /// events survive a crash.
    /// A firing that a maintenance window covers: stored `suppressed`, delivered to no ticket.
    public struct Suppression: Sendable, Equatable {
        public var windowID: Int64
        /// Which window, why, and until when, as the event's reason says it.
        public var reason: String

        public init(windowID: Int64, reason: String) {
            self.windowID = windowID
            self.reason = reason
        }
    }

    /// Stores routed events in one transaction, each once by its id; those with an entry in
    /// `suppressions` (by index) are suppressed. Once this returns, the events survive a crash.
    public func ingest(
        _ items: [(event: NotificationEvent, routing: RoutingDecision)], suppressions: [Int: Suppression] = [:],
        at now: Date = Date()
    ) throws(StoreError) -> [IngestResult] {
        try write { db in
            try items.enumerated().map { index, item in
                let routing = item.routing
                var companyID: String?
                var reason: String?
                var state = StoredEvent.State.pending
                switch routing.outcome {
                case .ticket(let company, _):
                    companyID = company
                    if let suppression = suppressions[index] {
                        state = .suppressed
                        reason = suppression.reason
                    }
                case .skip(let why):
                    state = .skipped
                    reason = why
                case .hold(let company, let why):
                    state = .held
                    companyID = company
                    reason = why
                }
                try db.execute(
                    sql: """
                        INSERT INTO event (id, body, received_at, state, integration_id, queue_name, account_id,
                            company_id, dedupe_key, settings, reason, operation, held_since, window_id, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
                        """,
                    arguments: [
                        item.event.id,
                        String(decoding: Self.withNotice(item.event, routing.notice).json, as: UTF8.self),
                        now, state.rawValue, routing.integrationID, routing.queueName, item.event.accountID, companyID,
                        routing.dedupeKey, Self.settingsJSON(routing.settings), reason,
                        state == .skipped || state == .suppressed ? DeliveryOperation.none.rawValue : nil,
                        state == .held ? now : nil, state == .suppressed ? suppressions[index]?.windowID : nil, now,
                    ])
                if db.changesCount > 0 { return .stored(seq: db.lastInsertedRowID, state: state) }
                let row = try Row.fetchOne(
                    db, sql: "SELECT seq, state FROM event WHERE id = ?", arguments: [item.event.id])
                guard let row, let existing = StoredEvent.State(rawValue: row["state"]) else {
                    throw StoreError.failed(path: path, detail: "event \(item.event.id) vanished while it was stored")
                }
                return .duplicate(seq: row["seq"], state: existing)
            }
        }
    }

    /// The event as delivered: its details start with the routing's notice, when it has one.
    static func withNotice(_ event: NotificationEvent, _ notice: String?) -> NotificationEvent {
        guard let notice else { return event }
        var noted = event
        noted.details = event.details.isEmpty ? notice : notice + "\n\n" + event.details
        return noted
    }

    /// Leases up to `limit` events that are due: pending, past their next attempt, first of
    /// their dedupe key, and not leased by a live delivery. Each lease counts as an attempt,
    /// so that a process killed mid-delivery still counts it. An event waits behind an earlier
    /// retryable one of its key, which goes first once the PSA answers again: a resolve must
    /// not overtake the firing it resolves.
    public func claimDueEvents(owner: String, now: Date, leaseFor lease: TimeInterval, limit: Int)
        throws(StoreError) -> [StoredEvent]
    {
        try write(durable: false) { db in
            let seqs = try Int64.fetchAll(
                db,
                sql: """
                    SELECT seq FROM event AS e INDEXED BY event_pending
                    WHERE e.state = 'pending'
                        AND (e.next_attempt_at IS NULL OR e.next_attempt_at <= ?)
                        AND (e.lease_until IS NULL OR e.lease_until <= ?)
                        AND NOT EXISTS (
                            SELECT 1 FROM integration AS i WHERE i.id = e.integration_id AND i.paused_at IS NOT NULL)
                        AND NOT EXISTS (
                            SELECT 1 FROM event AS p INDEXED BY event_pending_key
                            WHERE p.state = 'pending' AND p.dedupe_key = e.dedupe_key AND p.seq < e.seq)
                        AND NOT \(Self.behindRetryable)
                    ORDER BY e.seq LIMIT ?
                    """,
                arguments: [now, now, limit])
            guard !seqs.isEmpty else { return [] }
            let list = seqs.map(String.init).joined(separator: ",")
            try db.execute(
                sql: """
                    UPDATE event SET lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
                    WHERE seq IN (\(list))
                    """,
                arguments: [owner, now.addingTimeInterval(lease), now])
            return try Self.fetchEvents(db, where: "seq IN (\(list))", arguments: [])
        }
    }

    /// Frees the leases of owners that `isGone` says no longer run, so that their events are
    /// delivered now rather than when the lease runs out.
    public func releaseLeases(ofOwnersWhere isGone: (String) -> Bool) throws(StoreError) {
        let owners = try read { db in
            try String.fetchAll(
                db, sql: "SELECT DISTINCT lease_owner FROM event WHERE state = 'pending' AND lease_owner IS NOT NULL")
        }
        let gone = owners.filter(isGone)
        guard !gone.isEmpty else { return }
        try write(durable: false) { db in
            for owner in gone {
                try db.execute(
                    sql: "UPDATE event SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?",
                    arguments: [owner])
            }
        }
    }

    /// How an event's delivery attempt ended.
    public struct DeliveryOutcome: Sendable, Equatable {
        public var state: StoredEvent.State
        public var operation: DeliveryOperation?
        public var reason: String?
        public var error: String?
        /// For a `pending` outcome: when to try again.
        public var nextAttemptAt: Date?
        /// False when the attempt only found it too early to act (it waits for an earlier
        /// create to settle), so that it does not use up the event's attempts.
        public var countsAsAttempt: Bool
        /// For a `failed` outcome: the attempts ran out on transient answers.
        public var exhausted: Bool
        /// For an `exhausted` outcome: queued again after the integration's next successful
        /// request.
        public var retryable: Bool
        /// For a `pending` outcome: the event waits for its PSA's rate budget until then.
        public var throttledUntil: Date?
        /// For a delivered note: the repeats of the same key (by `seq`) that its note carried,
        /// which are delivered with it.
        public var coalesced: [Int64]
        /// For a delivered resolve or cancel: the ticket's acknowledgement ends with it (its
        /// repeats were summed in the note).
        public var endsAcknowledgement = false

        public init(
            state: StoredEvent.State, operation: DeliveryOperation? = nil, reason: String? = nil,
            error: String? = nil, nextAttemptAt: Date? = nil, countsAsAttempt: Bool = true, exhausted: Bool = false,
            retryable: Bool = false, throttledUntil: Date? = nil, coalesced: [Int64] = []
        ) {
            self.state = state
            self.operation = operation
            self.reason = reason
            self.error = error
            self.nextAttemptAt = nextAttemptAt
            self.countsAsAttempt = countsAsAttempt
            self.exhausted = exhausted
            self.retryable = retryable
            self.throttledUntil = throttledUntil
            self.coalesced = coalesced
        }
    }

    /// Records an attempt's outcome and the ticket as it now is, in one transaction, and
    /// frees the event's lease. A delivered event proves that its integration's PSA answers
    /// again: the integration's retryable events go back to the outbox in the same transaction.
    public func finishDelivery(
        of seq: Int64, _ outcome: DeliveryOutcome, ticket: TrackedTicket?, at now: Date = Date()
    ) throws(StoreError) {
        let failed = outcome.state == .failed
        try write(durable: false) { db in
            if let ticket { try Self.saveTicket(ticket, db, now: now) }
            try db.execute(
                sql: """
                    UPDATE event SET state = ?, operation = coalesce(?, operation), reason = coalesce(?, reason),
                        last_error = ?, next_attempt_at = ?, ticket_row = coalesce(?, ticket_row),
                        lease_owner = NULL, lease_until = NULL, attempts = max(attempts - ?, 0), exhausted = ?,
                        retryable = ?, throttled_until = ?, updated_at = ?
                    WHERE seq = ?
                    """,
                arguments: [
                    outcome.state.rawValue, outcome.operation?.rawValue, outcome.reason, outcome.error,
                    outcome.nextAttemptAt, ticket?.row, outcome.countsAsAttempt ? 0 : 1, failed && outcome.exhausted,
                    failed && outcome.exhausted && outcome.retryable,
                    outcome.state == .pending ? outcome.throttledUntil : nil, now, seq,
                ])
            if outcome.state == .delivered, !outcome.coalesced.isEmpty {
                // Only repeats still waiting: one delivered meanwhile by another process keeps its own note.
                let list = outcome.coalesced.map(String.init).joined(separator: ",")
                try db.execute(
                    sql: """
                        UPDATE event SET state = 'delivered', operation = 'note', last_error = NULL,
                            coalesced_into = (SELECT id FROM event WHERE seq = ?), ticket_row = coalesce(?, ticket_row),
                            next_attempt_at = NULL, throttled_until = NULL, lease_owner = NULL, lease_until = NULL,
                            updated_at = ?
                        WHERE seq IN (\(list)) AND state = 'pending'
                        """,
                    arguments: [seq, ticket?.row, now])
            }
            if outcome.state == .acknowledged, let row = ticket?.row {
                try db.execute(
                    sql: """
                        UPDATE ticket SET ack_repeats = ack_repeats + 1, ack_first_repeat = coalesce(ack_first_repeat, ?)
                        WHERE id = ? AND ack_until IS NOT NULL
                        """,
                    arguments: [now, row])
            }
            if outcome.endsAcknowledgement, let row = ticket?.row { try Self.clearAcknowledgement(db, ticketRow: row) }
            if outcome.state == .delivered, let row = ticket?.row, ticket?.ticketID != nil {
                // A storm's parent that now exists is the ticket of the events folded into it.
                if let storm = try Int64.fetchOne(
                    db, sql: "SELECT storm_id FROM event WHERE seq = ? AND origin = 'storm'", arguments: [seq])
                {
                    try Self.linkFoldedEvents(db, toParent: row, stormID: storm)
                }
            }
            if outcome.state == .delivered {
                let integration = try Int64.fetchOne(
                    db, sql: "SELECT integration_id FROM event WHERE seq = ?", arguments: [seq])
                if let integration { try Self.requeueRetryable(db, integrationID: integration, now: now) }
            }
        }
    }

    /// The repeats waiting behind event `seq` of `key`: the pending firing events that follow it
    /// without a resolve or cancel between, at most `limit`, oldest first. A note on the
    /// ticket can carry them all when the PSA's budget is short.
    public func waitingRepeats(after seq: Int64, key: String, limit: Int = 1_000) throws(StoreError) -> [StoredEvent] {
        let following = try read { db in
            try Self.fetchEvents(
                db, where: "dedupe_key = ? AND state = 'pending' AND seq > ? AND lease_owner IS NULL",
                arguments: [key, seq])
        }
        return Array(following.prefix { $0.event.state == .firing }.prefix(limit))
    }

    /// Puts the integration's retryable events back in the outbox, each as a first attempt of
    /// a new round, after a successful request to its PSA. Returns how many.
    @discardableResult
    public func requeueRetryableEvents(ofIntegration integrationID: Int64, at now: Date = Date()) throws(StoreError)
        -> Int
    {
        try write(durable: false) { db in try Self.requeueRetryable(db, integrationID: integrationID, now: now) }
    }

    @discardableResult
    private static func requeueRetryable(_ db: Database, integrationID: Int64, now: Date) throws -> Int {
        // `last_error` stays: it says why the event is being tried again.
        try db.execute(
            sql: """
                UPDATE event INDEXED BY event_exhausted
                SET state = 'pending', exhausted = 0, retryable = 0, rounds = rounds + 1, attempts = 0,
                    next_attempt_at = NULL, updated_at = ?
                WHERE exhausted = 1 AND retryable = 1 AND integration_id = ?
                """,
            arguments: [now, integrationID])
        return db.changesCount
    }

    /// The integrations (not paused) that have retryable events, each with when the latest of
    /// them failed: when the worker last heard its PSA fail.
    public func retryableFailures() throws(StoreError) -> [Int64: Date] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.integration_id AS id, max(e.updated_at) AS at FROM event AS e INDEXED BY event_exhausted
                    WHERE e.exhausted = 1 AND e.retryable = 1 AND e.integration_id IS NOT NULL AND NOT EXISTS (
                        SELECT 1 FROM integration AS i WHERE i.id = e.integration_id AND i.paused_at IS NOT NULL)
                    GROUP BY e.integration_id
                    """)
            var failures: [Int64: Date] = [:]
            for row in rows {
                if let id: Int64 = row["id"], let at: Date = row["at"] { failures[id] = at }
            }
            return failures
        }
    }

    /// Puts a failed event back in the outbox, as a first attempt with all its rounds ahead:
    /// the admin asked for it.
    public func retryEvent(_ seq: Int64, at now: Date = Date()) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE event SET state = 'pending', attempts = 0, next_attempt_at = NULL, last_error = NULL,
                        exhausted = 0, retryable = 0, rounds = 0, updated_at = ?
                    WHERE seq = ? AND state = 'failed' AND dedupe_key IS NOT NULL
                    """,
                arguments: [now, seq])
            guard db.changesCount > 0 else { throw StoreError.eventNotRetryable(seq) }
        }
    }

    public func events(seqs: [Int64]) throws(StoreError) -> [StoredEvent] {
        guard !seqs.isEmpty else { return [] }
        let list = seqs.map(String.init).joined(separator: ",")
        return try read { db in try Self.fetchEvents(db, where: "seq IN (\(list))", arguments: []) }
    }

    /// The events that made or changed a ticket, oldest first.
    public func events(ofTicket row: Int64) throws(StoreError) -> [StoredEvent] {
        try read { db in try Self.fetchEvents(db, where: "ticket_row = ?", arguments: [row]) }
    }

    /// Pending events, and the earliest time one of them is due. Events of a paused
    /// integration wait for it and are not counted. Events behind a retryable one of their key
    /// are counted but have no time: they are due when that one is delivered or fails for good.
    public func pendingEvents() throws(StoreError) -> (count: Int, nextDue: Date?) {
        try read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT count(*) AS n,
                        min(CASE WHEN NOT \(Self.behindRetryable) THEN coalesce(e.next_attempt_at, e.received_at) END)
                            AS due
                    FROM event AS e INDEXED BY event_pending WHERE e.state = 'pending' AND NOT EXISTS (
                        SELECT 1 FROM integration AS i WHERE i.id = e.integration_id AND i.paused_at IS NOT NULL)
                    """)
            return (row?["n"] ?? 0, row?["due"])
        }
    }

    /// SQL: the event `e` waits behind an earlier retryable event of its dedupe key.
    private static let behindRetryable = """
        EXISTS (
            SELECT 1 FROM event AS r INDEXED BY event_retryable_key
            WHERE r.retryable = 1 AND r.dedupe_key = e.dedupe_key AND r.seq < e.seq)
        """

    static func fetchEvents(_ db: Database, where condition: String, arguments: StatementArguments) throws
        -> [StoredEvent]
    {
        try Row.fetchAll(db, sql: "SELECT * FROM event WHERE \(condition) ORDER BY seq", arguments: arguments)
            .compactMap(storedEvent)
    }

    private static func storedEvent(_ row: Row) -> StoredEvent? {
        let body: String = row["body"]
        guard let event = NotificationEvent(json: Data(body.utf8)),
            let state = StoredEvent.State(rawValue: row["state"])
        else { return nil }
        let operation: String? = row["operation"]
        return StoredEvent(
            seq: row["seq"], event: event, receivedAt: row["received_at"], state: state,
            integrationID: row["integration_id"], queueName: row["queue_name"], companyID: row["company_id"],
            dedupeKey: row["dedupe_key"], settings: settings(fromJSON: row["settings"]), reason: row["reason"],
            operation: operation.flatMap(DeliveryOperation.init(rawValue:)), ticketRow: row["ticket_row"],
            attempts: row["attempts"], nextAttemptAt: row["next_attempt_at"], lastError: row["last_error"],
            updatedAt: row["updated_at"], exhausted: row["exhausted"], retryable: row["retryable"],
            rounds: row["rounds"], throttledUntil: row["throttled_until"], coalescedInto: row["coalesced_into"],
            heldSince: row["held_since"], fallbackFor: row["fallback_for"], fallbackEvent: row["fallback_event"],
            origin: (row["origin"] as String?).flatMap(StoredEvent.Origin.init(rawValue:)), stormID: row["storm_id"],
            windowID: row["window_id"])
    }

    static func settingsJSON(_ settings: TicketSettings) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: settings.stored, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    private static func settings(fromJSON text: String?) -> TicketSettings {
        guard let text, let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
        else { return TicketSettings() }
        return TicketSettings(stored: object)
    }
}
