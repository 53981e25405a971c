import Foundation
import GRDB

/// The rate budgets' shared state (migration v6). Every call is one short transaction, not
/// durable: a process killed after a commit keeps it, and a power cut at worst forgets a few
/// requests of the last second.
extension Store {
    /// Margin added to every window: the PSA's clock and ours do not tick together.
    static let budgetMargin: TimeInterval = 0.1

    /// Takes one request from `key`'s budget at `now`, or says until when to wait.
    public func takeFromBudget(
        _ key: BudgetKey, limit: RateLimit, priority: RequestPriority, usagePaced: Bool, now: Date = Date()
    ) throws(StoreError) -> BudgetDecision {
        let t = now.timeIntervalSince1970
        let window = Double(limit.seconds) + Self.budgetMargin
        return try write(durable: false) { db -> BudgetDecision in
            // The log is kept for the window and the usage report's age, whichever is longer.
            try db.execute(
                sql: "DELETE FROM rate_budget_request WHERE key = ? AND at < ?",
                arguments: [key.rawValue, t - max(window, 600)])
            let state = try Row.fetchOne(db, sql: "SELECT * FROM rate_budget WHERE key = ?", arguments: [key.rawValue])
            if let pausedUntil: Double = state?["paused_until"], pausedUntil > t {
                return .wait(until: Date(timeIntervalSince1970: pausedUntil), because: .paused)
            }
            let allowed = max(1, Int((Double(limit.count) * priority.share).rounded(.down)))
            let inWindow =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM rate_budget_request WHERE key = ? AND at > ?",
                    arguments: [key.rawValue, t - window]) ?? 0
            if inWindow >= allowed {
                // The request that must leave the window before this one may go.
                let leaving =
                    try Double.fetchOne(
                        db,
                        sql: "SELECT at FROM rate_budget_request WHERE key = ? AND at > ? ORDER BY at LIMIT 1 OFFSET ?",
                        arguments: [key.rawValue, t - window, inWindow - allowed]) ?? t
                return .wait(until: Date(timeIntervalSince1970: leaving + window), because: .window)
            }
            if usagePaced, let usage = Self.usage(state) {
                let since =
                    try Int.fetchOne(
                        db, sql: "SELECT count(*) FROM rate_budget_request WHERE key = ? AND at >= ?",
                        arguments: [key.rawValue, usage.observedAt.timeIntervalSince1970]) ?? 0
                switch UsagePacing.pace(
                    priority: priority, projected: usage.count + since, threshold: usage.threshold,
                    timeframe: usage.timeframe)
                {
                case .free:
                    break
                case .spaced(let interval):
                    let last =
                        try Double.fetchOne(
                            db, sql: "SELECT max(at) FROM rate_budget_request WHERE key = ?", arguments: [key.rawValue])
                    if let last, t < last + interval {
                        return .wait(until: Date(timeIntervalSince1970: last + interval), because: .usage)
                    }
                case .stopped:
                    // Until the report is read again: the PSA's window moves on.
                    let next = usage.observedAt.addingTimeInterval(
                        UsagePacing.maximumAge(of: usage, projected: usage.count))
                    return .wait(until: max(next, now.addingTimeInterval(1)), because: .usage)
                }
            }
            try db.execute(
                sql: "INSERT INTO rate_budget_request (key, at, priority) VALUES (?, ?, ?)",
                arguments: [key.rawValue, t, priority.rawValue])
            return .granted(BudgetGrant(id: db.lastInsertedRowID, at: now))
        }
    }

    /// Records how the PSA answered a granted request.
    public func finishBudgetRequest(
        _ grant: BudgetGrant, of key: BudgetKey, answer: BudgetAnswer, now: Date = Date()
    ) throws(StoreError) {
        let t = now.timeIntervalSince1970
        try write(durable: false) { db in
            try db.execute(
                sql: "UPDATE rate_budget_request SET at = max(at, ?) WHERE id = ?", arguments: [t, grant.id])
            switch answer {
            case .unanswered:
                break
            case .answered:
                try db.execute(
                    sql: "UPDATE rate_budget SET backoff_level = 0 WHERE key = ? AND backoff_level > 0",
                    arguments: [key.rawValue])
            case .throttled(let retryAfter):
                try db.execute(sql: "INSERT OR IGNORE INTO rate_budget (key) VALUES (?)", arguments: [key.rawValue])
                let state = try Row.fetchOne(
                    db, sql: "SELECT * FROM rate_budget WHERE key = ?", arguments: [key.rawValue])
                var level: Int = state?["backoff_level"] ?? 0
                let pausedUntil: Double = state?["paused_until"] ?? 0
                let until: Double
                if let retryAfter {
                    until = t + max(retryAfter, 0)
                } else {
                    // Requests sent before the last pause began answer for it, not for a new one:
                    // eight 429s in flight at once are one back-off step, not eight.
                    let pausedAt: Double? = state?["paused_at"]
                    if pausedAt.map({ grant.at.timeIntervalSince1970 >= $0 }) ?? true { level += 1 }
                    until = t + Self.backOff(level: max(level, 1))
                }
                try db.execute(
                    sql: "UPDATE rate_budget SET paused_until = ?, paused_at = ?, backoff_level = ? WHERE key = ?",
                    arguments: [max(pausedUntil, until), t, level, key.rawValue])
            }
        }
    }

    /// The whole-PSA wait after the `level`th 429 in a row without `Retry-After`: 2 s doubling
    /// to 5 minutes, as the retry policy's own back-off.
    static func backOff(level: Int) -> TimeInterval {
        min(2 * pow(2, Double(min(level - 1, 20))), 300)
    }

    /// Keeps the PSA's usage report for every process to pace by.
    public func recordBudgetUsage(_ usage: BudgetUsage, of key: BudgetKey) throws(StoreError) {
        try write(durable: false) { db in
            try db.execute(
                sql: """
                    INSERT INTO rate_budget (key, usage_count, usage_threshold, usage_timeframe, usage_observed_at)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (key) DO UPDATE SET usage_count = excluded.usage_count,
                        usage_threshold = excluded.usage_threshold, usage_timeframe = excluded.usage_timeframe,
                        usage_observed_at = excluded.usage_observed_at
                    """,
                arguments: [
                    key.rawValue, usage.count, usage.threshold, usage.timeframe,
                    usage.observedAt.timeIntervalSince1970,
                ])
        }
    }

    /// The last usage report of `key`'s PSA, with the requests sent since it was read.
    public func budgetUsage(of key: BudgetKey) throws(StoreError) -> (usage: BudgetUsage, sentSince: Int)? {
        try read { db in
            let state = try Row.fetchOne(db, sql: "SELECT * FROM rate_budget WHERE key = ?", arguments: [key.rawValue])
            guard let usage = Self.usage(state) else { return nil }
            let since =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM rate_budget_request WHERE key = ? AND at >= ?",
                    arguments: [key.rawValue, usage.observedAt.timeIntervalSince1970]) ?? 0
            return (usage, since)
        }
    }

    /// The budgets paused at `now`, each with when its pause ends.
    public func budgetPauses(at now: Date = Date()) throws(StoreError) -> [BudgetKey: Date] {
        try read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT key, paused_until FROM rate_budget WHERE paused_until > ?",
                arguments: [now.timeIntervalSince1970])
            var pauses: [BudgetKey: Date] = [:]
            for row in rows {
                let until: Double = row["paused_until"]
                pauses[BudgetKey(rawValue: row["key"])] = Date(timeIntervalSince1970: until)
            }
            return pauses
        }
    }

    private static func usage(_ state: Row?) -> BudgetUsage? {
        guard let state, let count: Int = state["usage_count"], let threshold: Int = state["usage_threshold"],
            let timeframe: Double = state["usage_timeframe"], let observed: Double = state["usage_observed_at"]
        else { return nil }
        return BudgetUsage(
            count: count, threshold: threshold, timeframe: timeframe, observedAt: Date(timeIntervalSince1970: observed))
    }
}
