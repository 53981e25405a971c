import Foundation
import GRDB

/// A dedupe key whose events a maintenance window is holding back now: they are recorded
/// (state `suppressed`), never delivered while the window lasts.
public struct SuppressedKey: Sendable, Equatable {
    public var dedupeKey: String
    public var integrationID: Int64?
    public var accountID: String?
    /// The title of the key's latest suppressed event.
    public var title: String
    /// The window that suppressed the latest event; nil once that window was removed.
    public var windowID: Int64?
    /// The window's reason, while the window exists.
    public var windowReason: String?
    /// When the first of the key's events still suppressed arrived.
    public var since: Date
    /// How many of the key's events are suppressed.
    public var count: Int

    public init(
        dedupeKey: String, integrationID: Int64?, accountID: String?, title: String, windowID: Int64?,
        windowReason: String?, since: Date, count: Int
    ) {
        self.dedupeKey = dedupeKey
        self.integrationID = integrationID
        self.accountID = accountID
        self.title = title
        self.windowID = windowID
        self.windowReason = windowReason
        self.since = since
        self.count = count
    }
}

/// Acknowledging a ticket until a time (DESIGN §6, noise control): while it lasts, the
/// delivery worker counts the key's repeats instead of adding a note for each.
extension Store {
    /// Who acknowledges, as the audit log names them: the OS user running psalink.
    public static var actor: String { AuditActor.current }

    /// Acknowledges an open ticket until `until`. Acknowledging one already acknowledged moves
    /// its end and reason but keeps the repeats counted so far: they have not been summed in a
    /// note yet, and the summary when the new acknowledgement ends must include them.
    public func acknowledge(ticketRow: Int64, until: Date, reason: String, by: String, at now: Date = Date())
        throws(StoreError)
    {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw .emptyAcknowledgementReason }
        guard until > now else { throw .acknowledgementNotInFuture(until: until) }
        try write { db in
            let (ticket, target) = try Self.ticketForAcknowledgement(ticketRow, db)
            if let refusal = Self.refusal(ticket) {
                throw StoreError.cannotAcknowledge(ticket: target.label, refusal: refusal)
            }
            let previous = ticket.acknowledgement
            try db.execute(
                sql: """
                    UPDATE ticket SET ack_until = ?, ack_reason = ?, ack_by = ?, ack_at = ?,
                        ack_repeats = CASE WHEN ack_until IS NULL THEN 0 ELSE ack_repeats END,
                        ack_first_repeat = CASE WHEN ack_until IS NULL THEN NULL ELSE ack_first_repeat END
                    WHERE id = ?
                    """,
                arguments: [until, reason, by, now, ticketRow])
            let new = TicketAcknowledgement(until: until, reason: reason, by: by, at: now)
            try Self.audit(
                db, "ticket.ack", target: target.audit, old: previous.map(Self.auditText), new: Self.auditText(new),
                at: now)
        }
    }

    /// Ends a ticket's acknowledgement now. With repeats counted, the columns stay (`ack_until`
    /// set to `now`) so that the delivery worker, which owns the PSA side, posts the one note
    /// that sums them and then clears the columns; this call makes no PSA request. With none
    /// counted there is nothing to sum, so the columns are cleared here.
    public func unacknowledge(ticketRow: Int64, by: String, at now: Date = Date()) throws(StoreError) {
        try write { db in
            let (ticket, target) = try Self.ticketForAcknowledgement(ticketRow, db)
            guard let previous = ticket.acknowledgement, previous.isActive(at: now) else {
                throw StoreError.cannotAcknowledge(ticket: target.label, refusal: .notAcknowledged)
            }
            if previous.repeats > 0 {
                try db.execute(sql: "UPDATE ticket SET ack_until = ? WHERE id = ?", arguments: [now, ticketRow])
            } else {
                try db.execute(
                    sql: """
                        UPDATE ticket SET ack_until = NULL, ack_reason = NULL, ack_by = NULL, ack_at = NULL,
                            ack_repeats = 0, ack_first_repeat = NULL
                        WHERE id = ?
                        """,
                    arguments: [ticketRow])
            }
            try Self.audit(
                db, "ticket.unack", target: target.audit, old: Self.auditText(previous),
                new: "ended by \(by); \(previous.repeats) repeat(s) to sum", at: now)
        }
    }

    /// Per dedupe key, what maintenance is suppressing now, the longest suppressed first.
    public func suppressedKeys(at now: Date = Date()) throws(StoreError) -> [SuppressedKey] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT event.dedupe_key, event.integration_id, event.account_id,
                        json_extract(event.body, '$.title') AS title, event.window_id,
                        maintenance_window.reason AS window_reason, grouped.since, grouped.n
                    FROM (
                        SELECT dedupe_key, max(seq) AS last, min(received_at) AS since, count(*) AS n
                        FROM event
                        WHERE state = 'suppressed' AND suppression_ended IS NULL AND dedupe_key IS NOT NULL
                            AND received_at <= ?
                        GROUP BY dedupe_key
                    ) AS grouped
                    JOIN event ON event.seq = grouped.last
                    LEFT JOIN maintenance_window ON maintenance_window.id = event.window_id
                    ORDER BY grouped.since, event.dedupe_key
                    """,
                arguments: [now])
            return rows.map { row in
                SuppressedKey(
                    dedupeKey: row["dedupe_key"], integrationID: row["integration_id"], accountID: row["account_id"],
                    title: row["title"] ?? "", windowID: row["window_id"], windowReason: row["window_reason"],
                    since: row["since"], count: row["n"])
            }
        }
    }

    private struct AcknowledgementTarget {
        /// How messages name the ticket: `#` and its number or id, else its row.
        var label: String
        /// How the audit log names it, like other entries: the integration, then the ticket.
        var audit: String
    }

    private static func ticketForAcknowledgement(_ row: Int64, _ db: Database) throws -> (
        TrackedTicket, AcknowledgementTarget
    ) {
        guard
            let ticket = try Row.fetchOne(db, sql: "SELECT * FROM ticket WHERE id = ?", arguments: [row])
                .flatMap(trackedTicket)
        else { throw StoreError.ticketNotFound(row: row) }
        let label = ticket.reference.map { "#\($0)" } ?? "row \(row)"
        let integration =
            try String.fetchOne(
                db, sql: "SELECT display_name FROM integration WHERE id = ?", arguments: [ticket.integrationID])
            ?? "integration \(ticket.integrationID)"
        return (ticket, AcknowledgementTarget(label: label, audit: "\(integration) / \(label)"))
    }

    private static func refusal(_ ticket: TrackedTicket) -> AcknowledgementRefusal? {
        if ticket.gone != nil { return .gone }
        switch ticket.state {
        case .open: return nil
        case .closed: return .closed
        case .failed: return .failed
        case .creating: return .creating
        }
    }

    private static func auditText(_ ack: TicketAcknowledgement) -> String {
        "until=\(ack.until.formatted(.iso8601)) by=\(ack.by) reason=\(String(reflecting: ack.reason))"
    }
}
