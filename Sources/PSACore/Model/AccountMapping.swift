import Foundation

/// How an account came to be mapped to its PSA customer. Everything but `manual` is Auto Match's.
public enum MappingMethod: String, Hashable, Sendable, Codable, CaseIterable {
    case manual
    case tenantID = "tenant-id"
    case domain
    /// The account's name is a tenant domain whose label is one company's name, words joined.
    case domainLabel = "domain-label"
    case name
    case similarName = "similar-name"
}

/// Who applied a mapping's company: a person (`mapping set`, the wizard, an import), Auto Match
/// accepted by a person (`mapping automatch --apply`, the wizard's review), or a sync applying
/// Auto Match's confident proposal on its own (`psalink sync`, `serve --sync-every`).
public enum MappingAppliedBy: String, Hashable, Sendable, Codable, CaseIterable {
    case manual
    case automatch
    case sync
}

/// Where an account stands for one integration, as filters and `--json` name it (DESIGN §4).
public enum MappingStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Enabled, and its company is in the cache and active.
    case mapped
    /// Enabled, with no company: events about it are skipped or sent to the MSP-level customer.
    case unmapped
    /// Disabled by the admin: never gets tickets, whatever company it keeps.
    case skipped
    /// Has a company that a person should look at before tickets rely on it.
    case needsReview = "needs-review"
    /// An Auto Match suggestion not yet accepted; the store never produces it.
    case proposed
}

/// Why a mapping needs review.
public enum MappingReviewReason: String, Hashable, Sendable, Codable {
    /// The company is no longer among the PSA's companies as last fetched.
    case companyNotInCache = "company-not-in-cache"
    case companyInactive = "company-inactive"
    /// The PSA merged the company into another (`psa_company.merged_into`).
    case companyMerged = "company-merged"
    /// Auto Match was not sure enough; a manual mapping is never questioned for this.
    case lowConfidence = "low-confidence"

    /// The company itself is broken (gone, inactive or merged), rather than the match unsure:
    /// events then follow the integration's `broken-mapping` policy.
    public var isBrokenCompany: Bool { self != .lowConfidence }
}

/// One Nerdio account's mapping for one integration, joined with the cached company it names.
public struct AccountMapping: Hashable, Sendable {
    /// The confidence from which an automatic mapping counts as mapped without review.
    ///
    /// Auto Match proposes only clearly confident matches, so anything under this is a guess a
    /// person should confirm; an automatic method without a confidence is treated the same way.
    public static let confidentFrom = 0.9

    public var accountID: String
    public var accountName: String
    /// The account was absent from the latest import or sync; its mapping is kept.
    public var accountMissing: Bool
    /// False when the admin skipped the account.
    public var enabled: Bool
    public var companyID: String?
    /// The company's name in the cache; nil when there is no company or it is not cached any more.
    public var companyName: String?
    /// Whether the cached company is active; nil when there is no company or it is not cached.
    public var companyIsActive: Bool?
    public var method: MappingMethod?
    public var confidence: Double?
    /// The company the PSA merged the mapped company into, where the cache says so.
    public var companyMergedInto: String?
    /// Who applied the company; nil when there is none.
    public var appliedBy: MappingAppliedBy?

    public init(
        accountID: String, accountName: String, accountMissing: Bool = false, enabled: Bool = true,
        companyID: String? = nil, companyName: String? = nil, companyIsActive: Bool? = nil,
        method: MappingMethod? = nil, confidence: Double? = nil, companyMergedInto: String? = nil,
        appliedBy: MappingAppliedBy? = nil
    ) {
        self.accountID = accountID
        self.accountName = accountName
        self.accountMissing = accountMissing
        self.enabled = enabled
        self.companyID = companyID
        self.companyName = companyName
        self.companyIsActive = companyIsActive
        self.method = method
        self.confidence = confidence
        self.companyMergedInto = companyMergedInto
        self.appliedBy = appliedBy
    }

    public var status: MappingStatus {
        guard enabled else { return .skipped }
        guard companyID != nil else { return .unmapped }
        return reviewReason == nil ? .mapped : .needsReview
    }

    /// Why an enabled, mapped account needs review; nil when it does not (or has no company).
    public var reviewReason: MappingReviewReason? {
        guard enabled, companyID != nil else { return nil }
        guard let companyIsActive else { return .companyNotInCache }
        if companyMergedInto != nil { return .companyMerged }
        guard companyIsActive else { return .companyInactive }
        if let method, method != .manual, (confidence ?? 0) < Self.confidentFrom { return .lowConfidence }
        return nil
    }
}

/// The MSP's own company in the PSA: used for MSP-scope events and, only when the admin chose
/// so, for events about accounts that have no mapping.
public struct MSPCustomer: Hashable, Sendable {
    public var companyID: String
    /// The company's name in the cache; nil when it is not cached any more.
    public var companyName: String?
    public var fallbackForUnmapped: Bool

    public init(companyID: String, companyName: String? = nil, fallbackForUnmapped: Bool = false) {
        self.companyID = companyID
        self.companyName = companyName
        self.fallbackForUnmapped = fallbackForUnmapped
    }
}
