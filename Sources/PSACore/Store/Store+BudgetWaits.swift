import Foundation
import GRDB

/// Events that wait for their PSA's rate budget (`StoredEvent.throttledUntil`), as the tickets
/// screens show them.
extension Store {
    /// When the wait of each dedupe key of the integration ends: the latest `throttledUntil` of
    /// its pending events that still wait at `now`.
    public func budgetWaits(ofIntegration id: Int64, at now: Date = Date()) throws(StoreError) -> [String: Date] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT dedupe_key, max(throttled_until) AS until FROM event INDEXED BY event_pending
                    WHERE state = 'pending' AND integration_id = ? AND dedupe_key IS NOT NULL
                        AND throttled_until > ?
                    GROUP BY dedupe_key
                    """, arguments: [id, now])
            return Dictionary(
                rows.compactMap { row in (row["until"] as Date?).map { (row["dedupe_key"] as String, $0) } },
                uniquingKeysWith: max)
        }
    }

    /// The pending events of `key` that no ticket has taken yet: the next changes of the key's
    /// latest ticket (or a new one), oldest first.
    public func unattachedPendingEvents(ofKey key: String) throws(StoreError) -> [StoredEvent] {
        try read { db in
            try Self.fetchEvents(
                db, where: "state = 'pending' AND dedupe_key = ? AND ticket_row IS NULL", arguments: [key])
        }
    }
}
