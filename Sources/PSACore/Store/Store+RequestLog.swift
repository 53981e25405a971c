import Foundation
import GRDB

/// One stored PSA request of a delivery attempt, as a ticket's request log shows it.
public struct RequestLogEntry: Sendable, Equatable {
    public var id: Int64
    /// The event whose delivery sent it.
    public var eventSeq: Int64
    /// The ticket of that event, once known.
    public var ticketRow: Int64?
    public var integrationID: Int64?
    /// The request; its duration is kept to the millisecond.
    public var request: PSARequestRecord

    public init(id: Int64, eventSeq: Int64, ticketRow: Int64?, integrationID: Int64?, request: PSARequestRecord) {
        self.id = id
        self.eventSeq = eventSeq
        self.ticketRow = ticketRow
        self.integrationID = integrationID
        self.request = request
    }
}

extension Store {
    /// How much of the request log is kept: it explains recent deliveries, it is not an archive.
    public struct RequestLogBounds: Sendable, Equatable {
        /// Rows per ticket, and per event that has no ticket.
        public var perTicket: Int
        /// Rows in all: the newest are kept.
        public var total: Int

        public init(perTicket: Int = 50, total: Int = 20_000) {
            self.perTicket = perTicket
            self.total = total
        }
    }

    /// Saves the requests one delivery attempt of event `seq` sent, oldest first, and prunes the
    /// log to `bounds`. `ticketRow` is the ticket the attempt left; when nil the event's own
    /// ticket, if the store knows one, is used. Once the event has a ticket, its earlier rows
    /// that had none are linked to it.
    ///
    /// Not durable: it is bookkeeping, and losing the last rows with the machine's power loses
    /// nothing a delivery needs.
    public func saveRequests(
        _ records: [PSARequestRecord], ofEvent seq: Int64, ticketRow: Int64?, integrationID: Int64?,
        bounds: RequestLogBounds = RequestLogBounds()
    ) throws(StoreError) {
        guard !records.isEmpty else { return }
        try write(durable: false) { db in
            let ticket =
                try ticketRow
                ?? Int64.fetchOne(db, sql: "SELECT ticket_row FROM event WHERE seq = ?", arguments: [seq])
            let insert = try db.makeStatement(
                sql: """
                    INSERT INTO request_log (event_seq, ticket_row, integration_id, method, host, path, status,
                        failure, started_at, duration_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for record in records {
                try insert.execute(arguments: [
                    seq, ticket, integrationID, record.method, record.host, record.path, record.status,
                    record.failure, record.startedAt, Self.milliseconds(record.duration),
                ])
            }
            if let ticket {
                try db.execute(
                    sql: "UPDATE request_log SET ticket_row = ? WHERE event_seq = ? AND ticket_row IS NULL",
                    arguments: [ticket, seq])
                try Self.keepNewest(db, bounds.perTicket, where: "ticket_row = ?", arguments: [ticket])
            } else {
                try Self.keepNewest(
                    db, bounds.perTicket, where: "event_seq = ? AND ticket_row IS NULL", arguments: [seq])
            }
            // Ids only grow, so the newest `total` rows all have an id above max(id) - total:
            // one range delete of the oldest rows, with no count of the table.
            try db.execute(
                sql: "DELETE FROM request_log WHERE id <= (SELECT max(id) FROM request_log) - ?",
                arguments: [bounds.total])
        }
    }

    /// The ticket's requests, newest first: those its deliveries sent, and those of its events
    /// that were saved before the ticket was known.
    public func requestLog(ofTicket row: Int64, limit: Int = 50) throws(StoreError) -> [RequestLogEntry] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM request_log WHERE ticket_row = ?
                    UNION ALL
                    SELECT r.* FROM event AS e JOIN request_log AS r ON r.event_seq = e.seq
                    WHERE e.ticket_row = ? AND r.ticket_row IS NULL
                    ORDER BY id DESC LIMIT ?
                    """,
                arguments: [row, row, limit]
            ).map(Self.requestLogEntry)
        }
    }

    /// The requests of event `seq`'s deliveries, newest first.
    public func requestLog(ofEvent seq: Int64, limit: Int = 50) throws(StoreError) -> [RequestLogEntry] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM request_log WHERE event_seq = ? ORDER BY id DESC LIMIT ?",
                arguments: [seq, limit]
            ).map(Self.requestLogEntry)
        }
    }

    /// Deletes the rows matching `condition` but the newest `count`, through the index on
    /// (`condition`'s column, id): it reads `count` index entries, not the table.
    private static func keepNewest(
        _ db: Database, _ count: Int, where condition: String, arguments: StatementArguments
    ) throws {
        guard count > 0 else {
            try db.execute(sql: "DELETE FROM request_log WHERE \(condition)", arguments: arguments)
            return
        }
        // Fewer than `count` rows: nothing to delete.
        guard
            let oldestKept = try Int64.fetchOne(
                db, sql: "SELECT id FROM request_log WHERE \(condition) ORDER BY id DESC LIMIT 1 OFFSET ?",
                arguments: arguments + [count - 1])
        else { return }
        try db.execute(
            sql: "DELETE FROM request_log WHERE \(condition) AND id < ?", arguments: arguments + [oldestKept])
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(0, seconds * 1_000 + attoseconds / 1_000_000_000_000_000)
    }

    private static func requestLogEntry(_ row: Row) -> RequestLogEntry {
        let milliseconds: Int64 = row["duration_ms"]
        return RequestLogEntry(
            id: row["id"], eventSeq: row["event_seq"], ticketRow: row["ticket_row"],
            integrationID: row["integration_id"],
            request: PSARequestRecord(
                method: row["method"], path: row["path"], host: row["host"], status: row["status"],
                failure: row["failure"], startedAt: row["started_at"], duration: .milliseconds(milliseconds)))
    }
}
