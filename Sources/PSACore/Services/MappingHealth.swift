import Foundation

/// Whether each mapping's company is still fit for tickets, from the company cache as last
/// refreshed: gone from the PSA, inactive or merged makes the mapping `needs-review` with that
/// reason, and its events follow the integration's `broken-mapping` policy. Each change is
/// recorded and audited; a company renamed in the PSA keeps its mapping (the name shown is
/// the cache's). Run after every companies refresh and sync.
public struct MappingHealth: Sendable {
    let store: Store

    public init(store: Store) { self.store = store }

    /// What a review found.
    public struct Summary: Sendable, Equatable {
        /// Mappings that need review now, for any reason (low confidence included).
        public var needsReview: Int
        /// Mappings whose company's health changed since the last review.
        public var changes: Int
    }

    /// Compares each mapping's company with the cache and records what changed.
    @discardableResult
    public func review(integrationID: Int64, now: Date = Date()) throws(StoreError) -> Summary {
        let mappings = try store.mappings(forIntegration: integrationID)
        let recorded = try store.recordedMappingHealth(forIntegration: integrationID)
        let changes = Self.changes(mappings, recorded: recorded)
        try store.recordMappingHealth(changes, forIntegration: integrationID, at: now)
        return Summary(needsReview: mappings.filter { $0.status == .needsReview }.count, changes: changes.count)
    }

    /// The mappings whose company's health differs from what was recorded. Only the company's
    /// own state counts: a low-confidence match is a review of the match, not of the company.
    static func changes(_ mappings: [AccountMapping], recorded: [String: MappingReviewReason])
        -> [Store.MappingHealthChange]
    {
        mappings.compactMap { mapping in
            let now = mapping.reviewReason.flatMap { $0.isBrokenCompany ? $0 : nil }
            let before = recorded[mapping.accountID]
            return now == before ? nil : Store.MappingHealthChange(accountID: mapping.accountID, old: before, new: now)
        }
    }
}
