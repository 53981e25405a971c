import Foundation
import GRDB

/// What noise control hands back to delivery once its time has passed (`NoiseControl`):
/// acknowledgements that ended with repeats to sum, and keys suppressed by maintenance whose
/// windows are over. Each is one transaction with the work it queues.
extension Store {
    /// Acknowledgements whose end has passed: the repeats they held back are summed in one note
    /// on the ticket (queued like an event, `origin` note), the acknowledgement is cleared and
    /// its end audited. Returns how many notes were queued.
    @discardableResult
    public func endAcknowledgements(at now: Date = Date()) throws(StoreError) -> Int {
        try write { db in
            let ended = try Row.fetchAll(
                db,
                sql: """
                    SELECT t.*, e.integration_id AS event_integration, e.queue_name AS event_queue,
                        e.settings AS event_settings
                    FROM ticket AS t INDEXED BY ticket_ack LEFT JOIN event AS e ON e.seq = t.created_by_event
                    WHERE t.ack_until IS NOT NULL AND t.ack_until <= ?
                    """,
                arguments: [now])
            var queued = 0
            for row in ended {
                guard let ticket = Self.trackedTicket(row), let acknowledgement = ticket.acknowledgement else {
                    continue
                }
                try Self.clearAcknowledgement(db, ticketRow: ticket.row)
                try Self.audit(
                    db, "ticket.ack-ended", target: ticket.reference.map { "#\($0)" } ?? "ticket row \(ticket.row)",
                    old: "until \(acknowledgement.until.ISO8601Format())",
                    new: "\(acknowledgement.repeats) repeat(s) summed", at: now)
                guard acknowledgement.repeats > 0, ticket.state == .open else { continue }
                let note = NotificationEvent(
                    id: "psalink-ack-\(ticket.row)-\(Int(acknowledgement.at.timeIntervalSince1970))",
                    accountID: ticket.accountID,
                    condition: .init(id: "psalink-acknowledgement", type: .task, name: "Acknowledgement ended"),
                    severity: nil, state: .firing, target: "", title: ticket.title,
                    details: "The acknowledgement has ended.\n" + TicketText.acknowledgedRepeats(acknowledgement))
                try db.execute(
                    sql: """
                        INSERT INTO event (id, body, received_at, state, integration_id, queue_name, account_id,
                            company_id, dedupe_key, settings, origin, updated_at)
                        VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, 'note', ?) ON CONFLICT (id) DO NOTHING
                        """,
                    arguments: [
                        note.id, String(decoding: note.json, as: UTF8.self), now, ticket.integrationID,
                        ticket.queueName, ticket.accountID, ticket.companyID, ticket.dedupeKey,
                        (row["event_settings"] as String?) ?? Self.settingsJSON(TicketSettings()), now,
                    ])
                queued += db.changesCount
            }
            return queued
        }
    }

    static func clearAcknowledgement(_ db: Database, ticketRow: Int64) throws {
        try db.execute(
            sql: """
                UPDATE ticket SET ack_until = NULL, ack_reason = NULL, ack_by = NULL, ack_at = NULL, ack_repeats = 0,
                    ack_first_repeat = NULL
                WHERE id = ?
                """,
            arguments: [ticketRow])
    }

    /// Per dedupe key, the latest event a maintenance window suppressed that has not been looked
    /// at since its window ended.
    public func keysAwaitingMaintenanceEnd() throws(StoreError) -> [StoredEvent] {
        try read { db in
            try Self.fetchEvents(
                db,
                where: """
                    seq IN (SELECT max(seq) FROM event INDEXED BY event_suppressed
                        WHERE state = 'suppressed' AND suppression_ended IS NULL GROUP BY dedupe_key)
                    """, arguments: [])
        }
    }

    /// The window over `latest`'s key has ended: when nothing has come for the key since (no
    /// resolve, no firing that went through), the key is still firing and `latest` goes to the
    /// outbox now, its text starting with when it began during maintenance. Either way the key's
    /// suppressed events are settled (they stay `suppressed` in the history). Returns whether
    /// `latest` was sent on.
    @discardableResult
    public func endSuppression(of latest: StoredEvent, at now: Date = Date()) throws(StoreError) -> Bool {
        guard let key = latest.dedupeKey else { return false }
        return try write { db in
            let later =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM event WHERE dedupe_key = ? AND seq > ? AND state <> 'suppressed'",
                    arguments: [key, latest.seq]) ?? 0
            let first: Date =
                try Date.fetchOne(
                    db,
                    sql: """
                        SELECT min(received_at) FROM event
                        WHERE dedupe_key = ? AND state = 'suppressed' AND suppression_ended IS NULL
                        """,
                    arguments: [key]) ?? latest.receivedAt
            try db.execute(
                sql: """
                    UPDATE event SET suppression_ended = ?, updated_at = ?
                    WHERE dedupe_key = ? AND state = 'suppressed' AND suppression_ended IS NULL AND seq <= ?
                    """,
                arguments: [now, now, key, latest.seq])
            guard later == 0 else { return false }
            let window = try Row.fetchOne(
                db, sql: "SELECT id, reason FROM maintenance_window WHERE id = ?", arguments: [latest.windowID])
            let which = window.map { "maintenance window #\($0["id"] as Int64) (\($0["reason"] as String))" }
            let notice =
                "This alert began during \(which ?? "a maintenance window") at \(first.ISO8601Format()) and was "
                + "still firing when the window ended; psalink opened the ticket then."
            try db.execute(
                sql: """
                    UPDATE event SET state = 'pending', body = ?, reason = ?, operation = NULL, next_attempt_at = NULL,
                        updated_at = ?
                    WHERE seq = ?
                    """,
                arguments: [
                    String(decoding: Self.withNotice(latest.event, notice).json, as: UTF8.self),
                    "began during \(which ?? "maintenance"); sent when the window ended", now, latest.seq,
                ])
            return true
        }
    }
}
