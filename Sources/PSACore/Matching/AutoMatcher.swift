/// Proposes a PSA company for Nerdio accounts, strongest evidence first: the Microsoft tenant
/// the PSA links to a company, then the tenant's domain, then the name (equal once
/// normalized, then similar). A proposal is confident only when its evidence is strong and
/// clearly ahead of the runner-up; anything less is left for a person to review, because a
/// wrong match sends a customer's tickets to another customer.
public struct AutoMatcher: Sendable {
    public static let candidatesShown = 5
    /// A similar name must score this much to be proposed without review...
    static let confidentSimilarity = 0.86
    /// ...and lead the runner-up by this much.
    static let clearLead = 0.12
    /// Below this, a similar name is not worth a reviewer's time.
    static let reviewSimilarity = 0.6
    /// Similar-name candidates scored per account, out of those sharing a word.
    static let candidatesScored = 24

    private let index: CompanyIndex

    public init(companies: [PSACompany]) {
        index = CompanyIndex(companies)
    }

    public func propose(for account: NerdioAccount) -> MatchProposal {
        var tally = CandidateTally()
        return propose(for: account, tally: &tally)
    }

    /// As `propose(for:)`, with a tally that one worker reuses across its accounts.
    func propose(for account: NerdioAccount, tally: inout CandidateTally) -> MatchProposal {
        let name = NormalizedName(account.name)
        let ranked = similarCompanies(to: name, tally: &tally)
        if let proposal = byTenant(account, ranked: ranked) ?? byDomain(account, ranked: ranked) { return proposal }
        return byName(account, name, ranked: ranked)
    }

    // MARK: Layers

    private func byTenant(_ account: NerdioAccount, ranked: [MatchCandidate]) -> MatchProposal? {
        let linked = index.byTenant[CompanyIndex.tenantKey(account.tenantID)] ?? []
        guard !linked.isEmpty else { return nil }
        return decide(
            account, among: linked, method: .tenantID, confidence: 1, ranked: ranked,
            evidence: "the PSA links tenant \(account.tenantID) to it")
    }

    private func byDomain(_ account: NerdioAccount, ranked: [MatchCandidate]) -> MatchProposal? {
        guard let domain = account.domain.flatMap(CompanyIndex.domainKey), let owners = index.byDomain[domain] else {
            return nil
        }
        return decide(
            account, among: owners, method: .domain, confidence: 0.97, ranked: ranked,
            evidence: "its domain is \(domain), the tenant's domain")
    }

    /// Strong evidence (tenant, domain) names its companies: one active company is confident;
    /// several, or inactive ones only, go to review.
    private func decide(
        _ account: NerdioAccount, among positions: [Int], method: MappingMethod, confidence: Double,
        ranked: [MatchCandidate], evidence: String
    ) -> MatchProposal {
        let candidates = positions.map { candidate($0, score: confidence) }
        let active = candidates.filter(\.isActive)
        if active.count == 1, let best = active.first {
            let runnerUp = ranked.first { $0.companyID != best.companyID }
            return proposal(
                account, .confident, best: best, runnerUp: runnerUp, method: method, confidence: confidence,
                reason: "\(best.companyName) won: \(evidence)" + Self.runnerUpNote(runnerUp),
                candidates: [best] + ranked.filter { $0.companyID != best.companyID })
        }
        let shown =
            (active.isEmpty ? candidates : active)
            + ranked.filter { other in
                !candidates.contains { $0.companyID == other.companyID }
            }
        let reason =
            active.isEmpty
            ? "only inactive companies match (\(evidence)); a person should decide"
            : "\(active.count) active companies match (\(evidence)); a person should decide"
        return proposal(
            account, .needsReview, best: shown.first, runnerUp: shown.dropFirst().first, method: method,
            confidence: active.isEmpty ? confidence / 2 : confidence / Double(active.count), reason: reason,
            candidates: shown)
    }

    private func byName(_ account: NerdioAccount, _ name: NormalizedName, ranked: [MatchCandidate]) -> MatchProposal {
        guard Self.letterCount(account.name) >= 2, !name.tokens.isEmpty, !Self.isOnlyLegalForm(name) else {
            return proposal(
                account, .noMatch, best: nil, runnerUp: nil, method: nil, confidence: 0,
                reason: "the name is too short or only a legal form to match by", candidates: [])
        }
        let exact = exactMatches(name)
        let activeExact = exact.filter { index.companies[$0].isActive }
        if !activeExact.isEmpty {
            // Several companies with the same name: when the account names its legal form, the one
            // company with that form (and region) wins; else one whose region also matches.
            let literal =
                name.legalForm.isEmpty ? [] : activeExact.filter { index.names[$0].literalKey == name.literalKey }
            let regional = activeExact.filter { index.names[$0].fullKey == name.fullKey }
            let specific = activeExact.count == 1 ? activeExact : literal.count == 1 ? literal : regional
            if specific.count == 1, let winner = specific.first, !qualifiersConflict(name, index.names[winner]) {
                let best = candidate(winner, score: 0.97)
                let runnerUp = ranked.first { $0.companyID != best.companyID }
                return proposal(
                    account, .confident, best: best, runnerUp: runnerUp, method: .name, confidence: 0.97,
                    reason: "\(best.companyName) won: the same name once case, accents, punctuation and legal "
                        + "forms are set aside" + Self.runnerUpNote(runnerUp),
                    candidates: [best] + ranked.filter { $0.companyID != best.companyID })
            }
            let shown = activeExact.map { candidate($0, score: 0.97) }
            return proposal(
                account, .needsReview, best: shown.first, runnerUp: shown.dropFirst().first, method: .name,
                confidence: 0.97 / Double(max(1, shown.count)),
                reason: shown.count > 1
                    ? "\(shown.count) active companies have this name; a person should decide"
                    : "the name matches but the region or department differs; a person should decide",
                candidates: shown)
        }
        let active = ranked.filter(\.isActive)
        if Self.allowsSimilarity(name), let best = active.first, best.score >= Self.confidentSimilarity {
            let runnerUp = active.dropFirst().first
            let lead = best.score - (runnerUp?.score ?? 0)
            if lead >= Self.clearLead, let position = position(of: best),
                isSafeSimilarity(name, index.names[position]), !runnerUpAlsoFits(name, runnerUp)
            {
                return proposal(
                    account, .confident, best: best, runnerUp: runnerUp, method: .similarName, confidence: best.score,
                    reason: "\(best.companyName) won: a similar name (\(Self.percent(best.score)))"
                        + Self.runnerUpNote(runnerUp), candidates: active)
            }
        }
        let inactiveExact = exact.map { candidate($0, score: 0.97) }
        let shown = Array((active + inactiveExact + ranked.filter { !$0.isActive }).prefix(Self.candidatesShown))
        guard let best = shown.first, best.score >= Self.reviewSimilarity else {
            return proposal(
                account, .noMatch, best: nil, runnerUp: shown.first, method: nil, confidence: 0,
                reason: "no company has a similar enough name", candidates: shown)
        }
        let why =
            !best.isActive
            ? "only an inactive company fits" : "the best name (\(Self.percent(best.score))) is not clearly ahead"
        return proposal(
            account, .needsReview, best: best, runnerUp: shown.dropFirst().first,
            method: best.score >= 0.97 ? .name : .similarName, confidence: best.score,
            reason: why + "; a person should decide", candidates: shown)
    }

    // MARK: Names

    private func exactMatches(_ name: NormalizedName) -> [Int] {
        var seen = Set<Int>()
        var found: [Int] = []
        for key in [name.key, name.compactKey, name.fullKey] {
            for position in index.byKey[key] ?? [] where seen.insert(position).inserted { found.append(position) }
        }
        return found
    }

    /// "Contoso (UK)" and "Contoso (US)" are different companies, even with equal names.
    private func qualifiersConflict(_ account: NormalizedName, _ company: NormalizedName) -> Bool {
        !account.qualifiers.isEmpty && !company.qualifiers.isEmpty && Set(account.qualifiers) != Set(company.qualifiers)
    }

    /// A similar name may be proposed only when no telling word is on one side alone:
    /// "Contoso" is not "Contoso Pharmaceuticals".
    private func isSafeSimilarity(_ account: NormalizedName, _ company: NormalizedName) -> Bool {
        guard !qualifiersConflict(account, company) else { return false }
        let similarity = NameSimilarity(account.tokens, company.tokens, weight: index.weight)
        return similarity.largestUnmatchedShare < 0.5
    }

    /// How many letters and digits a name has as written: "ß" is one, though it folds to "ss".
    static func letterCount(_ name: String) -> Int {
        name.unicodeScalars.prefix(NormalizedName.maximumScalars).reduce(0) { count, scalar in
            scalar.properties.isAlphabetic || scalar.properties.numericType != nil ? count + 1 : count
        }
    }

    /// "Lozubane" next to "Lozubane Systems" and "Lozubane Stavební": when the runner-up also
    /// holds every word of the account's name, the account may mean either.
    private func runnerUpAlsoFits(_ name: NormalizedName, _ runnerUp: MatchCandidate?) -> Bool {
        guard let runnerUp, let position = position(of: runnerUp) else { return false }
        return NameSimilarity(name.tokens, index.names[position].tokens, weight: index.weight).coversAccount
    }

    private static func isOnlyLegalForm(_ name: NormalizedName) -> Bool {
        name.isOnlyLegalForm || name.tokens.allSatisfy { NameVocabulary.generic.contains($0) }
    }

    /// Similar (not equal) names are judged only for Latin-script names of some length: in
    /// short names and in scripts where one character is a word, one character off is another
    /// company.
    private static func allowsSimilarity(_ name: NormalizedName) -> Bool {
        name.compactKey.unicodeScalars.count >= 4 && name.compactKey.unicodeScalars.allSatisfy(\.isASCII)
    }

    /// Companies that share a word (or a word one letter off) with the name, best first.
    private func similarCompanies(to name: NormalizedName, tally: inout CandidateTally) -> [MatchCandidate] {
        guard !name.tokens.isEmpty else { return [] }
        let weights = name.tokens.map(index.weight)
        return index.candidates(for: name, limit: Self.candidatesScored, tally: &tally)
            .map { position in
                let other = index.names[position]
                let words = NameSimilarity(name.tokens, weights[...], other.tokens, index.wordWeights(of: position))
                    .score
                return candidate(position, score: words * Self.affixFactor(name, other))
            }
            .filter { $0.score > 0 }
            .sorted { $0.score > $1.score || $0.score == $1.score && $0.companyID < $1.companyID }
    }

    /// Regions and legal forms tell apart companies whose words are alike: the same ones on
    /// both sides cost nothing, one side only a little, different ones more.
    static func affixFactor(_ account: NormalizedName, _ company: NormalizedName) -> Double {
        var factor = 1.0
        switch (account.qualifiers.isEmpty, company.qualifiers.isEmpty) {
        case (true, true): break
        case (false, false): factor *= Set(account.qualifiers) == Set(company.qualifiers) ? 1 : 0.75
        default: factor *= 0.92
        }
        if !account.legalForm.isEmpty, !company.legalForm.isEmpty, account.legalForm != company.legalForm {
            factor *= 0.92
        }
        return factor
    }

    // MARK: Helpers

    private func candidate(_ position: Int, score: Double) -> MatchCandidate {
        let company = index.companies[position]
        return MatchCandidate(
            companyID: company.id, companyName: company.name, isActive: company.isActive, score: score)
    }

    private func position(of candidate: MatchCandidate) -> Int? { index.positionByID[candidate.companyID] }

    private func proposal(
        _ account: NerdioAccount, _ verdict: MatchProposal.Verdict, best: MatchCandidate?, runnerUp: MatchCandidate?,
        method: MappingMethod?, confidence: Double, reason: String, candidates: [MatchCandidate]
    ) -> MatchProposal {
        MatchProposal(
            accountID: account.id, accountName: account.name, verdict: verdict, best: best, runnerUp: runnerUp,
            method: method, confidence: confidence, reason: reason,
            candidates: Array(candidates.prefix(Self.candidatesShown)))
    }

    private static func runnerUpNote(_ runnerUp: MatchCandidate?) -> String {
        guard let runnerUp else { return "; no other company comes close" }
        let inactive = runnerUp.isActive ? "" : ", inactive"
        return "; runner-up \(runnerUp.companyName) (\(percent(runnerUp.score))\(inactive))"
    }

    /// A score as people read it: "87%".
    public static func percent(_ score: Double) -> String { "\(Int((score * 100).rounded()))%" }
}
