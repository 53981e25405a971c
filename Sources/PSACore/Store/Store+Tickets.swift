import Foundation
import GRDB

/// The tickets psalink opened, as it last knew them.
extension Store {
    /// Which tickets `trackedTickets` lists.
    public struct TicketFilter: Sendable, Equatable {
        public var integrationID: Int64?
        public var queueName: String?
        /// The SQL below is `TrackedTicket.listState` as a condition.
        public var state: TrackedTicket.ListState?

        public init(integrationID: Int64? = nil, queueName: String? = nil, state: TrackedTicket.ListState? = nil) {
            self.integrationID = integrationID
            self.queueName = queueName
            self.state = state
        }
    }

    /// Tickets by the filter, most recently changed first.
    public func trackedTickets(_ filter: TicketFilter = TicketFilter(), limit: Int? = nil) throws(StoreError)
        -> [TrackedTicket]
    {
        var conditions = ["1 = 1"]
        var arguments: StatementArguments = []
        if let id = filter.integrationID {
            conditions.append("integration_id = ?")
            arguments += [id]
        }
        if let queue = filter.queueName {
            conditions.append("queue_name = ? COLLATE NOCASE")
            arguments += [queue]
        }
        switch filter.state {
        case .open?: conditions.append("state IN ('open', 'creating') AND last_error IS NULL")
        case .closed?: conditions.append("state = 'closed' AND last_error IS NULL")
        case .failed?: conditions.append("(state = 'failed' OR last_error IS NOT NULL)")
        case nil: break
        }
        let sql =
            "SELECT * FROM ticket WHERE \(conditions.joined(separator: " AND ")) ORDER BY updated_at DESC, id DESC"
            + (limit.map { " LIMIT \($0)" } ?? "")
        return try read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap(Self.trackedTicket) }
    }

    public func trackedTicket(row: Int64) throws(StoreError) -> TrackedTicket? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM ticket WHERE id = ?", arguments: [row]).flatMap(Self.trackedTicket)
        }
    }

    /// The key's newest ticket, and the PSA ids of all its tickets (to tell a ticket found by
    /// its external reference from the key's earlier ones).
    public func latestTicket(forKey key: String) throws(StoreError) -> (latest: TrackedTicket?, knownIDs: Set<String>) {
        try read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM ticket WHERE dedupe_key = ? ORDER BY id DESC", arguments: [key])
            let tickets = rows.compactMap(Self.trackedTicket)
            return (tickets.first, Set(tickets.compactMap(\.ticketID)))
        }
    }

    /// Records a create about to be sent, and counts it as the event's attempt, before any
    /// HTTP call: a crash after this leaves a `creating` row to be looked up in the PSA.
    public func beginCreate(_ ticket: TrackedTicket, at now: Date = Date()) throws(StoreError) -> TrackedTicket {
        try write { db in
            var saved = ticket
            saved.state = .creating
            saved.updatedAt = now
            if saved.row == 0 {
                saved.createdAt = now
                try db.execute(
                    sql: """
                        INSERT INTO ticket (integration_id, dedupe_key, external_reference, queue_name, account_id,
                            company_id, title, is_test, state, severity, lookup_after, created_by_event, replaces,
                            created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'creating', ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        saved.integrationID, saved.dedupeKey, saved.externalReference, saved.queueName,
                        saved.accountID, saved.companyID, saved.title, saved.isTest, saved.severity?.rawValue,
                        saved.lookupAfter, saved.createdByEvent, saved.replaces, now, now,
                    ])
                saved.row = db.lastInsertedRowID
            } else {
                try Self.saveTicket(saved, db, now: now)
            }
            if let event = saved.createdByEvent {
                try db.execute(sql: "UPDATE event SET ticket_row = ? WHERE seq = ?", arguments: [saved.row, event])
            }
            return saved
        }
    }

    /// Records what psalink learned of a ticket outside a delivery's outcome: that the PSA no
    /// longer has it, before the key's new ticket is created.
    public func saveTicket(_ ticket: TrackedTicket, at now: Date = Date()) throws(StoreError) {
        try write { db in try Self.saveTicket(ticket, db, now: now) }
    }

    /// Leaves the ack columns as stored: an acknowledgement made while a delivery was under way
    /// must survive the delivery saving the ticket it read before.
    static func saveTicket(_ ticket: TrackedTicket, _ db: Database, now: Date) throws {
        try db.execute(
            sql: """
                UPDATE ticket SET psa_ticket_id = ?, ticket_number = ?, title = ?, state = ?, severity = ?,
                    closed_at = ?, checked_at = ?, lookup_after = ?, created_by_event = ?, last_error = ?, company_id = ?,
                    queue_name = ?, gone = ?, replaces = ?, merged_from = ?, updated_at = ?
                WHERE id = ?
                """,
            arguments: [
                ticket.ticketID, ticket.ticketNumber, ticket.title, ticket.state.rawValue, ticket.severity?.rawValue,
                ticket.closedAt, ticket.checkedAt, ticket.lookupAfter, ticket.createdByEvent, ticket.lastError,
                ticket.companyID, ticket.queueName, ticket.gone?.rawValue, ticket.replaces, ticket.mergedFrom, now,
                ticket.row,
            ])
    }

    static func trackedTicket(_ row: Row) -> TrackedTicket? {
        guard let state = TrackedTicket.State(rawValue: row["state"]) else { return nil }
        let severity: String? = row["severity"]
        return TrackedTicket(
            row: row["id"], integrationID: row["integration_id"], dedupeKey: row["dedupe_key"],
            externalReference: row["external_reference"], queueName: row["queue_name"],
            accountID: row["account_id"], companyID: row["company_id"], ticketID: row["psa_ticket_id"],
            ticketNumber: row["ticket_number"], title: row["title"], isTest: row["is_test"], state: state,
            severity: severity.flatMap(NotificationEvent.Severity.init(rawValue:)), closedAt: row["closed_at"],
            checkedAt: row["checked_at"], lookupAfter: row["lookup_after"], createdByEvent: row["created_by_event"],
            lastError: row["last_error"], gone: (row["gone"] as String?).flatMap(TrackedTicket.Gone.init(rawValue:)),
            replaces: row["replaces"], mergedFrom: row["merged_from"], acknowledgement: acknowledgement(row),
            createdAt: row["created_at"], updatedAt: row["updated_at"])
    }

    /// The ack columns of a `SELECT *` row; nil when the ticket is not acknowledged.
    private static func acknowledgement(_ row: Row) -> TicketAcknowledgement? {
        guard let until: Date = row["ack_until"] else { return nil }
        return TicketAcknowledgement(
            until: until, reason: row["ack_reason"] ?? "", by: row["ack_by"] ?? "", at: row["ack_at"] ?? until,
            repeats: row["ack_repeats"] ?? 0, firstRepeat: row["ack_first_repeat"])
    }
}
