/// One company Auto Match considered for an account, with how well it fits (0...1).
public struct MatchCandidate: Sendable, Equatable, Codable {
    public var companyID: String
    public var companyName: String
    public var isActive: Bool
    public var score: Double

    public init(companyID: String, companyName: String, isActive: Bool, score: Double) {
        self.companyID = companyID
        self.companyName = companyName
        self.isActive = isActive
        self.score = score
    }

    /// The command line's JSON spells IDs as `companyId`, as the mappings beside them do.
    enum CodingKeys: String, CodingKey {
        case companyID = "companyId"
        case companyName, isActive, score
    }
}

/// What Auto Match says about one account: a confident proposal, candidates for a person to
/// review, or nothing that fits.
public struct MatchProposal: Sendable, Equatable {
    public enum Verdict: String, Sendable, Codable {
        /// Strong evidence and clearly ahead of the runner-up: may be accepted in bulk.
        case confident
        /// Something fits, but not surely enough to map without a person.
        case needsReview = "needs-review"
        case noMatch = "no-match"
    }

    public var accountID: String
    public var accountName: String
    public var verdict: Verdict
    /// The best candidate; nil when nothing fits.
    public var best: MatchCandidate?
    public var runnerUp: MatchCandidate?
    /// How the best candidate was found.
    public var method: MappingMethod?
    /// The confidence in the best candidate (0...1).
    public var confidence: Double
    /// Why it won, or why a person should look, in one sentence.
    public var reason: String
    /// The candidates worth showing a reviewer, best first (at most `AutoMatcher.candidatesShown`).
    public var candidates: [MatchCandidate]

    public init(
        accountID: String, accountName: String, verdict: Verdict, best: MatchCandidate?, runnerUp: MatchCandidate?,
        method: MappingMethod?, confidence: Double, reason: String, candidates: [MatchCandidate]
    ) {
        self.accountID = accountID
        self.accountName = accountName
        self.verdict = verdict
        self.best = best
        self.runnerUp = runnerUp
        self.method = method
        self.confidence = confidence
        self.reason = reason
        self.candidates = candidates
    }

    /// The company to map to when the proposal is accepted without review.
    public var confidentCompanyID: String? { verdict == .confident ? best?.companyID : nil }
}
