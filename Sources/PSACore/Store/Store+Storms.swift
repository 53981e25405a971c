import Foundation
import GRDB

/// Alert storms (DESIGN §6, `StormBreaker`): the breaker's count of new tickets per customer,
/// the storms, the keys folded into them, and the work each fold queues on the storm's parent
/// ticket. Every decision is one transaction with what it queues, so that a process killed at
/// any point neither opens a second parent nor loses a fold.
extension Store {
    /// What the breaker decided about a ticket that would open (a create or a reopen).
    public enum StormAdmission: Sendable, Equatable {
        /// The ticket opens; it is counted for its customer.
        case open
        /// Folded into storm `stormID`: its parent ticket gets a note about it.
        case folded(stormID: Int64)
        /// A repeat of a key already folded into storm `stormID`: counted there, no note.
        case repeatFolded(stormID: Int64)
    }

    /// Whom a storm is about: the PSA company, or for events the MSP-level customer takes by
    /// fallback, the company and the account, so that those are counted apart from the MSP's own.
    public struct StormCustomer: Sendable, Equatable {
        public var companyID: String
        public var bucket: String
        /// The customer as the parent's title names it.
        public var name: String
    }

    /// The storm customer of an event routed to `companyID`.
    public func stormCustomer(integrationID: Int64, companyID: String, accountID: String?) throws(StoreError)
        -> StormCustomer
    {
        try read { db in
            let company = try String.fetchOne(
                db, sql: "SELECT name FROM psa_company WHERE integration_id = ? AND company_id = ?",
                arguments: [integrationID, companyID])
            let companyName = company ?? "company #\(companyID)"
            guard let accountID else {
                return StormCustomer(companyID: companyID, bucket: companyID, name: companyName)
            }
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT m.company_id, a.name FROM account AS a
                    LEFT JOIN mapping AS m ON m.account_id = a.id AND m.integration_id = ?
                    WHERE a.id = ?
                    """,
                arguments: [integrationID, accountID])
            let mappedTo: String? = row?["company_id"]
            guard mappedTo != companyID else {
                return StormCustomer(companyID: companyID, bucket: companyID, name: companyName)
            }
            let account: String = row?["name"] ?? accountID
            return StormCustomer(
                companyID: companyID, bucket: "\(companyID)|account:\(accountID)",
                name: "\(account) (at \(companyName))")
        }
    }

    /// The breaker's decision for `stored`, whose step would open a ticket for `key`, carried out:
    /// counted as a new ticket, or folded (the event `folded`, the note for the parent queued,
    /// a storm begun when this is one ticket more than `limit` allows).
    public func admitNewTicket(
        _ stored: StoredEvent, key: String, customer: StormCustomer, limit: StormLimit, at now: Date = Date()
    ) throws(StoreError) -> StormAdmission {
        guard let integrationID = stored.integrationID else { return .open }
        return try write { db in
            // Counted already: the process that counted it was killed before its create landed.
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM new_ticket WHERE event_seq = ?", arguments: [stored.seq])
                ?? false
            {
                return .open
            }
            if let folded = try Int64.fetchOne(
                db,
                sql: """
                    SELECT k.storm_id FROM storm_key AS k JOIN storm AS s ON s.id = k.storm_id
                    WHERE k.dedupe_key = ? AND s.state <> 'closed' ORDER BY k.storm_id DESC LIMIT 1
                    """,
                arguments: [key])
            {
                let resolved =
                    try Bool.fetchOne(
                        db, sql: "SELECT resolved FROM storm_key WHERE storm_id = ? AND dedupe_key = ?",
                        arguments: [folded, key]) ?? false
                try db.execute(
                    sql: """
                        UPDATE storm_key SET repeats = repeats + ?, resolved = 0 WHERE storm_id = ? AND dedupe_key = ?
                        """,
                    arguments: [resolved ? 0 : 1, folded, key])
                try Self.markFolded(db, stored, stormID: folded, now: now)
                // A key that resolved during the storm and fires again is news for the parent.
                guard resolved else { return .repeatFolded(stormID: folded) }
                try Self.queueStormWork(
                    db, stormID: folded, about: stored, origin: .storm, suffix: "again",
                    text: StormBreaker.foldedAgainText(stored.event), now: now)
                return .folded(stormID: folded)
            }
            var stormID = try Int64.fetchOne(
                db, sql: "SELECT id FROM storm WHERE integration_id = ? AND bucket = ? AND state = 'active'",
                arguments: [integrationID, customer.bucket])
            if stormID == nil {
                let earlier = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT n.event_seq, n.at FROM new_ticket AS n
                        WHERE n.integration_id = ? AND n.bucket = ? AND n.at > ? AND n.event_seq <> ? ORDER BY n.at
                        """,
                    arguments: [integrationID, customer.bucket, now.addingTimeInterval(-limit.window), stored.seq])
                guard earlier.count >= limit.tickets else {
                    try db.execute(
                        sql: """
                            INSERT INTO new_ticket (event_seq, integration_id, bucket, at) VALUES (?, ?, ?, ?)
                            ON CONFLICT (event_seq) DO NOTHING
                            """,
                        arguments: [stored.seq, integrationID, customer.bucket, now])
                    return .open
                }
                let since: Date = earlier.first?["at"] ?? now
                try db.execute(
                    sql: """
                        INSERT INTO storm (integration_id, company_id, bucket, customer, state, started_at, last_new_at,
                            window_seconds, parent_key, alerts)
                        VALUES (?, ?, ?, ?, 'active', ?, ?, ?, '', ?)
                        """,
                    arguments: [
                        integrationID, customer.companyID, customer.bucket, customer.name, since, now,
                        Int(limit.window), earlier.count,
                    ])
                let id = db.lastInsertedRowID
                try db.execute(
                    sql: "UPDATE storm SET parent_key = ? WHERE id = ?",
                    arguments: [StormBreaker.parentKey(integrationID: integrationID, stormID: id), id])
                stormID = id
                let opened = try Self.ticketsOpened(db, seqs: earlier.map { $0["event_seq"] })
                try Self.foldNewKey(
                    db, stored, key: key, stormID: id, now: now,
                    text: StormBreaker.parentText(
                        customer: customer.name, limit: limit, openedBefore: opened, first: stored.event))
                return .folded(stormID: id)
            }
            let id = stormID!
            try Self.foldNewKey(
                db, stored, key: key, stormID: id, now: now, text: StormBreaker.foldedText(stored.event))
            return .folded(stormID: id)
        }
    }

    /// A key that resolved or was cancelled with no ticket of its own while it is folded into a
    /// storm that is not over: the parent hears of it, and a storm that was only waiting for its
    /// keys to resolve resolves its parent. Returns the storm, or nil when the key is in none.
    public func foldResolution(_ stored: StoredEvent, key: String, at now: Date = Date()) throws(StoreError) -> Int64? {
        try write { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT s.id, s.state FROM storm_key AS k JOIN storm AS s ON s.id = k.storm_id
                        WHERE k.dedupe_key = ? AND s.state <> 'closed' ORDER BY k.storm_id DESC LIMIT 1
                        """,
                    arguments: [key])
            else { return nil }
            let stormID: Int64 = row["id"]
            try db.execute(
                sql: "UPDATE storm_key SET resolved = 1 WHERE storm_id = ? AND dedupe_key = ?",
                arguments: [stormID, key])
            try Self.markFolded(db, stored, stormID: stormID, now: now)
            try Self.queueStormWork(
                db, stormID: stormID, about: stored, origin: .note, suffix: "resolved",
                text: StormBreaker.resolvedKeyText(stored.event), now: now)
            if (row["state"] as String) == "quiet" { try Self.concludeIfResolved(db, stormID: stormID, now: now) }
            return stormID
        }
    }

    /// Storms whose customer has been quiet for their window: each gets its summary, and its
    /// parent resolves when every folded key has; otherwise it waits (`quiet`) for the keys
    /// still firing. Returns how many storms ended their active phase.
    @discardableResult
    public func settleQuietStorms(at now: Date = Date()) throws(StoreError) -> Int {
        try write { db in
            let quiet = try Row.fetchAll(
                db, sql: "SELECT id, last_new_at, window_seconds FROM storm WHERE state = 'active'"
            ).filter { row in
                let last: Date = row["last_new_at"]
                let window: Int = row["window_seconds"]
                return last.addingTimeInterval(TimeInterval(window)) <= now
            }
            for row in quiet {
                let stormID: Int64 = row["id"]
                try db.execute(sql: "UPDATE storm SET state = 'quiet' WHERE id = ?", arguments: [stormID])
                if try !Self.concludeIfResolved(db, stormID: stormID, now: now) {
                    let summary = try Self.stormSummary(db, stormID: stormID)
                    try Self.queueStormWork(
                        db, stormID: stormID, about: nil, origin: .note, suffix: "quiet",
                        text: StormBreaker.quietText(summary), now: now)
                }
            }
            return quiet.count
        }
    }

    /// What a storm's notes say about it.
    struct StormSummary {
        var customer: String
        var startedAt: Date
        var window: TimeInterval
        var alerts: Int
        var keys: [(title: String, key: String, resolved: Bool, repeats: Int)]
    }

    private static func stormSummary(_ db: Database, stormID: Int64) throws -> StormSummary {
        let storm = try Row.fetchOne(db, sql: "SELECT * FROM storm WHERE id = ?", arguments: [stormID])
        let keys = try Row.fetchAll(
            db, sql: "SELECT * FROM storm_key WHERE storm_id = ? ORDER BY folded_at, dedupe_key", arguments: [stormID]
        ).map { row in
            (
                title: row["title"] as String, key: row["dedupe_key"] as String, resolved: row["resolved"] as Bool,
                repeats: row["repeats"] as Int
            )
        }
        return StormSummary(
            customer: storm?["customer"] ?? "", startedAt: storm?["started_at"] ?? Date(),
            window: TimeInterval(storm?["window_seconds"] ?? 0), alerts: storm?["alerts"] ?? 0, keys: keys)
    }

    /// A quiet storm whose keys have all resolved: its parent resolves with the summary and the
    /// storm is over. Returns whether it was.
    @discardableResult
    private static func concludeIfResolved(_ db: Database, stormID: Int64, now: Date) throws -> Bool {
        let firing =
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM storm_key WHERE storm_id = ? AND resolved = 0", arguments: [stormID])
            ?? 0
        guard firing == 0 else { return false }
        let summary = try stormSummary(db, stormID: stormID)
        try queueStormWork(
            db, stormID: stormID, about: nil, origin: .storm, suffix: "end", state: .resolved,
            text: StormBreaker.resolvedText(summary), now: now)
        try db.execute(
            sql: "UPDATE storm SET state = 'closed', closed_at = ? WHERE id = ?", arguments: [now, stormID])
        return true
    }

    private static func foldNewKey(
        _ db: Database, _ stored: StoredEvent, key: String, stormID: Int64, now: Date, text: String
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO storm_key (storm_id, dedupe_key, title, folded_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (storm_id, dedupe_key) DO NOTHING
                """,
            arguments: [stormID, key, stored.event.title, now])
        try db.execute(
            sql: "UPDATE storm SET alerts = alerts + 1, last_new_at = ? WHERE id = ?", arguments: [now, stormID])
        try markFolded(db, stored, stormID: stormID, now: now)
        try queueStormWork(db, stormID: stormID, about: stored, origin: .storm, suffix: nil, text: text, now: now)
    }

    /// The event is done: folded into the storm, its ticket the parent once that exists.
    private static func markFolded(_ db: Database, _ stored: StoredEvent, stormID: Int64, now: Date) throws {
        let parent = try parentTicketRow(db, stormID: stormID)
        let customer = try String.fetchOne(db, sql: "SELECT customer FROM storm WHERE id = ?", arguments: [stormID])
        try db.execute(
            sql: """
                UPDATE event SET state = 'folded', storm_id = ?, operation = 'none', reason = ?, last_error = NULL,
                    next_attempt_at = NULL, lease_owner = NULL, lease_until = NULL, throttled_until = NULL,
                    ticket_row = coalesce(?, ticket_row), updated_at = ?
                WHERE seq = ?
                """,
            arguments: [
                stormID, "folded into the storm ticket for \(customer ?? "its customer") (storm \(stormID))", parent,
                now, stored.seq,
            ])
    }

    private static func parentTicketRow(_ db: Database, stormID: Int64) throws -> Int64? {
        try Int64.fetchOne(
            db,
            sql: """
                SELECT t.id FROM ticket AS t JOIN storm AS s ON t.dedupe_key = s.parent_key
                WHERE s.id = ? AND t.psa_ticket_id IS NOT NULL ORDER BY t.id DESC LIMIT 1
                """,
            arguments: [stormID])
    }

    /// Queues work on the storm's parent key: the create or a note (`storm`), or a note only
    /// while the parent is open (`note`). It takes the routing (settings, queue, company) of the
    /// storm's first folded event, so the parent lands where that alert's ticket would have.
    private static func queueStormWork(
        _ db: Database, stormID: Int64, about stored: StoredEvent?, origin: StoredEvent.Origin, suffix: String?,
        state: NotificationEvent.State = .firing, text: String, now: Date
    ) throws {
        guard let storm = try Row.fetchOne(db, sql: "SELECT * FROM storm WHERE id = ?", arguments: [stormID]),
            let first = try Row.fetchOne(
                db,
                sql: """
                    SELECT queue_name, settings, account_id, body FROM event
                    WHERE storm_id = ? AND state = 'folded' AND origin IS NULL ORDER BY seq LIMIT 1
                    """,
                arguments: [stormID])
        else { return }
        let firstEvent = (first["body"] as String?).flatMap { NotificationEvent(json: Data($0.utf8)) }
        // Per folded event and step, or once per storm for its summaries: queued twice, stored once.
        let id = ["psalink-storm", "\(stormID)", stored.map { "\($0.seq)" }, suffix].compactMap { $0 }.joined(
            separator: "-")
        let event = StormBreaker.event(
            id: id, stormID: stormID, customer: storm["customer"], alerts: storm["alerts"],
            since: storm["started_at"], about: stored?.event ?? firstEvent, state: state, text: text)
        try db.execute(
            sql: """
                INSERT INTO event (id, body, received_at, state, integration_id, queue_name, account_id, company_id,
                    dedupe_key, settings, origin, storm_id, updated_at)
                VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
                """,
            arguments: [
                event.id, String(decoding: event.json, as: UTF8.self), now, storm["integration_id"],
                first["queue_name"], first["account_id"], storm["company_id"], storm["parent_key"], first["settings"],
                origin.rawValue, stormID, now,
            ])
    }

    /// The tickets the events `seqs` opened, as the parent's text names them.
    private static func ticketsOpened(_ db: Database, seqs: [Int64]) throws -> [String] {
        guard !seqs.isEmpty else { return [] }
        let list = seqs.map(String.init).joined(separator: ",")
        return try Row.fetchAll(
            db,
            sql: """
                SELECT t.ticket_number, t.psa_ticket_id, t.title FROM event AS e JOIN ticket AS t ON t.id = e.ticket_row
                WHERE e.seq IN (\(list)) ORDER BY e.seq
                """
        ).map { row in
            let reference: String? = row["ticket_number"] ?? row["psa_ticket_id"]
            // Its create may still be in flight: the storm began while it was being opened.
            return (reference.map { "#\($0) " } ?? "(being opened) ") + (row["title"] as String)
        }
    }

    /// Once the parent ticket exists, the events folded into its storm name it as their ticket.
    static func linkFoldedEvents(_ db: Database, toParent ticketRow: Int64, stormID: Int64) throws {
        try db.execute(
            sql: "UPDATE event SET ticket_row = ? WHERE storm_id = ? AND state = 'folded' AND ticket_row IS NULL",
            arguments: [ticketRow, stormID])
    }

    /// The storms psalink knows, newest first (the Tickets screen and `psalink-benchmarks noise`).
    public func storms(limit: Int = 100) throws(StoreError) -> [Storm] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM storm ORDER BY id DESC LIMIT ?", arguments: [limit]).map { row in
                Storm(
                    id: row["id"], integrationID: row["integration_id"], companyID: row["company_id"],
                    customer: row["customer"], state: Storm.State(rawValue: row["state"]) ?? .closed,
                    startedAt: row["started_at"], lastNewAt: row["last_new_at"], alerts: row["alerts"],
                    parentKey: row["parent_key"],
                    keys: try Int.fetchOne(
                        db, sql: "SELECT count(*) FROM storm_key WHERE storm_id = ?", arguments: [row["id"] as Int64])
                        ?? 0)
            }
        }
    }
}

/// A storm as the store keeps it.
public struct Storm: Sendable, Equatable {
    public enum State: String, Sendable {
        /// New keys fold into its parent.
        case active
        /// Its customer was quiet for the window; it waits for the keys still firing to resolve.
        case quiet
        case closed
    }

    public var id: Int64
    public var integrationID: Int64
    public var companyID: String
    public var customer: String
    public var state: State
    public var startedAt: Date
    public var lastNewAt: Date
    /// Alerts counted: the tickets opened before it began and the keys folded into it.
    public var alerts: Int
    public var parentKey: String
    /// Keys folded into it.
    public var keys: Int
}
