import Foundation
import GRDB

extension Store {
    /// Counts for `doctor`, in one read.
    public func outboxFacts() throws(StoreError) -> OutboxFacts {
        try read { db in
            let pending = try Row.fetchOne(
                db, sql: "SELECT count(*) AS n, min(received_at) AS oldest FROM event WHERE state = 'pending'")
            let failed = try Row.fetchOne(
                db,
                sql: """
                    SELECT count(*) AS n, coalesce(sum(exhausted = 1 AND retryable = 1), 0) AS retryable
                    FROM event WHERE state = 'failed'
                    """)
            let held = try Int.fetchOne(db, sql: "SELECT count(*) FROM event WHERE state = 'held'") ?? 0
            return OutboxFacts(
                pending: pending?["n"] ?? 0, oldestPendingSince: pending?["oldest"], failed: failed?["n"] ?? 0,
                failedRetryable: failed?["retryable"] ?? 0, held: held)
        }
    }
}
