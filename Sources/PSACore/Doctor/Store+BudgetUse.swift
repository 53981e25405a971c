import Foundation
import GRDB

extension Store {
    /// How many requests of `key`'s budget were sent after `since`, by any process.
    public func budgetRequests(of key: BudgetKey, since: Date) throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM rate_budget_request WHERE key = ? AND at > ?",
                arguments: [key.rawValue, since.timeIntervalSince1970]) ?? 0
        }
    }
}
