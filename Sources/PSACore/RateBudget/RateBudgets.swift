import Foundation
import Synchronization

/// The budgets of every PSA tenant the process talks to, one object per tenant, with each
/// one's limit: the tightest `rate-limit` setting of the integrations that reach the tenant,
/// else the vendor's published limit (`RateLimit.standard`). Settings are read again every few
/// seconds, so `serve` follows an admin's `settings set` without a restart.
public final class RateBudgets: Sendable {
    /// The integration-level setting key.
    public static let settingKey = "rate-limit"

    private let store: Store
    private let budgets = Mutex<[BudgetKey: RateBudget]>([:])
    private let limits = Mutex<(read: Date, byKey: [BudgetKey: RateLimit])>((.distantPast, [:]))

    public init(store: Store) {
        self.store = store
    }

    /// The budget of the tenant `credentials` reach.
    public func budget(for credentials: Credentials) -> RateBudget {
        let key = BudgetKey(credentials)
        let system = credentials.system
        return budgets.withLock { budgets in
            if let budget = budgets[key] { return budget }
            let budget = RateBudget(key: key, store: store) { [weak self] in
                self?.limit(of: key) ?? RateLimit.standard(for: system)
            }
            budgets[key] = budget
            return budget
        }
    }

    /// The limit of the tenant `key` names, for a tenant of `system`.
    public func limit(of key: BudgetKey, system: PSASystem) -> RateLimit {
        limit(of: key) ?? RateLimit.standard(for: system)
    }

    /// The limit set for `key`, or nil when no integration of the tenant sets one.
    private func limit(of key: BudgetKey) -> RateLimit? {
        let now = Date()
        if let cached = limits.withLock({ now.timeIntervalSince($0.read) < 5 ? $0.byKey : nil }) {
            return cached[key]
        }
        let byKey = Self.configuredLimits(in: store)
        limits.withLock { $0 = (now, byKey) }
        return byKey[key]
    }

    /// Every tenant's limit from the integrations' `rate-limit` settings: the tightest where two
    /// integrations reach one tenant.
    static func configuredLimits(in store: Store) -> [BudgetKey: RateLimit] {
        guard let values = try? store.integrationSettingValues(forKey: settingKey) else { return [:] }
        var byKey: [BudgetKey: RateLimit] = [:]
        for (integrationID, value) in values {
            guard let limit = RateLimit(parsing: value),
                let (_, credentials) = try? UsableCredentials.ofIntegration(id: integrationID, in: store)
            else { continue }
            let key = BudgetKey(credentials)
            byKey[key] = byKey[key].map { $0.tighter(limit) } ?? limit
        }
        return byKey
    }
}
