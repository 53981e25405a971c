import Foundation

/// How much of one PSA tenant's rate budget is spent, as the store has it.
public struct RateBudgetFacts: Sendable, Equatable {
    public var limit: RateLimit
    /// Requests sent within the last `limit.seconds`, by every psalink process on the database.
    public var usedInWindow: Int
    /// Until when the PSA holds psalink back (a 429, or a 503 with Retry-After).
    public var pausedUntil: Date?
    /// Autotask's own report of the hour's requests (all integrations), with psalink's since.
    public var reportedUsage: (count: Int, threshold: Int)?

    public init(limit: RateLimit, usedInWindow: Int, pausedUntil: Date?, reportedUsage: (count: Int, threshold: Int)?) {
        self.limit = limit
        self.usedInWindow = usedInWindow
        self.pausedUntil = pausedUntil
        self.reportedUsage = reportedUsage
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.limit == rhs.limit && lhs.usedInWindow == rhs.usedInWindow && lhs.pausedUntil == rhs.pausedUntil
            && lhs.reportedUsage?.count == rhs.reportedUsage?.count
            && lhs.reportedUsage?.threshold == rhs.reportedUsage?.threshold
    }

    /// Reads the facts of the tenant `credentials` reach. Reads only: nothing is taken from the budget.
    public static func gather(for credentials: Credentials, in store: Store, at now: Date = Date())
        throws(StoreError) -> RateBudgetFacts
    {
        let key = BudgetKey(credentials)
        let limit = RateBudgets(store: store).limit(of: key, system: credentials.system)
        let used = try store.budgetRequests(of: key, since: now.addingTimeInterval(-Double(limit.seconds)))
        let paused = try store.budgetPauses(at: now)[key]
        let usage = try store.budgetUsage(of: key).map { ($0.usage.count + $0.sentSince, $0.usage.threshold) }
        return RateBudgetFacts(limit: limit, usedInWindow: used, pausedUntil: paused, reportedUsage: usage)
    }
}
