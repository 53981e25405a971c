import Foundation

/// Auto Match over an integration's accounts: which accounts it considers, and the mappings
/// that accepting its proposals makes.
public enum AutoMatch {
    /// Proposals for the enabled accounts that have no company yet, in the mappings' order.
    /// Manual mappings, earlier matches and skipped accounts are never touched; accounts gone
    /// from the latest import are left alone. The work is split over the machine's cores.
    public static func proposals(
        for mappings: [AccountMapping], accounts: [NerdioAccount], companies: [PSACompany]
    ) -> [MatchProposal] {
        let byID = Dictionary(accounts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let open = mappings.compactMap { mapping -> NerdioAccount? in
            guard mapping.enabled, mapping.companyID == nil, !mapping.accountMissing else { return nil }
            return byID[mapping.accountID]
        }
        let matcher = AutoMatcher(companies: companies)
        return propose(open, with: matcher)
    }

    /// Runs the matcher over `accounts` on every core; the order of the result is theirs.
    public static func propose(_ accounts: [NerdioAccount], with matcher: AutoMatcher) -> [MatchProposal] {
        accounts.parallelMap(workerState: CandidateTally.init) { tally, account in
            matcher.propose(for: account, tally: &tally)
        }
    }

    /// The mapping that accepting `proposal` makes for `mapping`. A confident proposal keeps
    /// Auto Match's method and confidence; a company a person picked from the candidates (or
    /// from a proposal that needed review) is a manual mapping, since a person decided it.
    public static func accepting(
        _ proposal: MatchProposal, candidate: MatchCandidate? = nil, into mapping: AccountMapping
    ) -> AccountMapping {
        var accepted = mapping
        guard let chosen = candidate ?? proposal.best else { return mapping }
        accepted.companyID = chosen.companyID
        accepted.companyName = chosen.companyName
        accepted.companyIsActive = chosen.isActive
        if candidate == nil, proposal.verdict == .confident {
            accepted.method = proposal.method
            accepted.confidence = proposal.confidence
            accepted.appliedBy = .automatch
        } else {
            accepted.method = .manual
            accepted.confidence = nil
            accepted.appliedBy = .manual
        }
        return accepted
    }
}
