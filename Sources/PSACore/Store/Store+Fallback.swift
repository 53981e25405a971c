import Foundation
import GRDB

/// Events that could not become tickets, and the events raised about them (`FallbackTicket`).
extension Store {
    /// Stores `event` (raised about the event `seq`) for delivery and links the two, in one
    /// transaction. Its id is derived from the failed event's, so raising it twice stores it once.
    func ingestFallback(_ event: NotificationEvent, routing: RoutingDecision, for seq: Int64, at now: Date)
        throws(StoreError) -> Bool
    {
        try write { db in
            guard case .ticket(let companyID, _) = routing.outcome else { return false }
            try db.execute(
                sql: """
                    INSERT INTO event (id, body, received_at, state, integration_id, queue_name, account_id,
                        company_id, dedupe_key, settings, fallback_for, updated_at)
                    SELECT ?, ?, ?, 'pending', ?, ?, NULL, ?, ?, ?, id, ? FROM event WHERE seq = ?
                    ON CONFLICT (id) DO NOTHING
                    """,
                arguments: [
                    event.id, String(decoding: event.json, as: UTF8.self), now, routing.integrationID,
                    routing.queueName, companyID, routing.dedupeKey, Self.settingsJSON(routing.settings), now, seq,
                ])
            let stored = db.changesCount > 0
            try db.execute(
                sql: "UPDATE event SET fallback_event = ? WHERE seq = ? AND fallback_event IS NULL",
                arguments: [event.id, seq])
            return stored
        }
    }

    /// Per integration, the events that finally could not become tickets and raised no ticket
    /// about it (no MSP-level customer, or `fallback-ticket=off`): failed for good or refused,
    /// or held longer than `FallbackTicket.heldFor`. The home screen shows them in red.
    public func unreportedFailures(at now: Date = Date()) throws(StoreError) -> [Int64: Int] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT integration_id, count(*) AS n FROM event INDEXED BY event_unreported
                    WHERE fallback_event IS NULL AND fallback_for IS NULL AND (state = 'failed' OR state = 'held')
                        AND dedupe_key IS NOT NULL
                        AND integration_id IS NOT NULL AND id NOT LIKE 'test-%'
                        AND ((state = 'failed' AND retryable = 0) OR (state = 'held' AND held_since < ?))
                    GROUP BY integration_id
                    """, arguments: [now.addingTimeInterval(-FallbackTicket.heldFor)])
            var counts: [Int64: Int] = [:]
            for row in rows { counts[row["integration_id"]] = row["n"] }
            return counts
        }
    }
}
