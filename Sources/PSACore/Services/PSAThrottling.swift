import Foundation

/// Which integrations' PSAs are throttling psalink, and until when: each integration's PSA tenant
/// (`BudgetKey`) among the rate budgets the PSA has paused (a 429, or a 503 with `Retry-After`).
/// Integrations that reach one tenant are paused together. The commands and the wizard read it here.
public enum PSAThrottling {
    /// When the pause of each of `integrations` that is paused at `now` ends, by integration id.
    /// An integration whose credentials cannot be read is left out: its tenant is unknown.
    public static func pauses(of integrations: [Integration], in store: Store, at now: Date = Date())
        throws(StoreError) -> [Int64: Date]
    {
        let paused = try store.budgetPauses(at: now)
        guard !paused.isEmpty else { return [:] }
        var pauses: [Int64: Date] = [:]
        for integration in integrations {
            guard let credentials = try? UsableCredentials.of(integration, in: store),
                let until = paused[BudgetKey(credentials)]
            else { continue }
            pauses[integration.id] = until
        }
        return pauses
    }
}
