import Foundation
import GRDB

/// Events held because their account's company is gone, inactive or merged
/// (`broken-mapping=hold`), and what becomes of them once that changes.
extension Store {
    /// Every held event, oldest first.
    public func heldEvents() throws(StoreError) -> [StoredEvent] {
        try read { db in try Self.fetchEvents(db, where: "state = 'held'", arguments: []) }
    }

    /// How many events are held, per integration.
    public func heldEventCounts() throws(StoreError) -> [Int64: Int] {
        try read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT integration_id, count(*) AS n FROM event WHERE state = 'held' GROUP BY integration_id")
            var counts: [Int64: Int] = [:]
            for row in rows { if let id: Int64 = row["integration_id"] { counts[id] = row["n"] } }
            return counts
        }
    }

    /// Ends a held event's wait by routing it again: to the outbox for the company `routing`
    /// names (its text starting with the routing's notice), or skipped for its reason. A
    /// routing that still holds changes nothing. Returns whether the event was still held.
    @discardableResult
    public func releaseHeldEvent(_ held: StoredEvent, routing: RoutingDecision, at now: Date = Date())
        throws(StoreError) -> Bool
    {
        try write { db in
            let body = String(decoding: Self.withNotice(held.event, routing.notice).json, as: UTF8.self)
            switch routing.outcome {
            case .hold:
                return false
            case .ticket(let companyID, _):
                try db.execute(
                    sql: """
                        UPDATE event SET state = 'pending', company_id = ?, body = ?, settings = ?, reason = NULL,
                            held_since = NULL, next_attempt_at = NULL, updated_at = ?
                        WHERE seq = ? AND state = 'held'
                        """,
                    arguments: [companyID, body, Self.settingsJSON(routing.settings), now, held.seq])
            case .skip(let reason):
                try db.execute(
                    sql: """
                        UPDATE event SET state = 'skipped', reason = ?, operation = 'none', held_since = NULL,
                            updated_at = ?
                        WHERE seq = ? AND state = 'held'
                        """,
                    arguments: [reason, now, held.seq])
            }
            return db.changesCount > 0
        }
    }
}
