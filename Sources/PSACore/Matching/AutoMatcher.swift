/// Proposes a PSA company for Nerdio accounts, strongest evidence first: the Microsoft tenant
/// the PSA links to a company, then the tenant's domain, then, for an account named by its
/// domain, the domain's label; then the name: equal once normalized, initials of the first words,
/// the name plus words no company has (a site, a department), then a similar name.
///
/// A proposal is confident only when no other active company is as plausible once region
/// qualifiers and legal forms are set aside, because a wrong match sends a customer's tickets to
/// another customer. "As plausible" means, with regions and legal forms set aside:
/// - for an equal name, initials or the name plus extra words: another company reached the same
///   way (the same words); "Harbour Media Limited" beside "Harbour Media (NZ) Limited" and
///   "Harbour Media Canada Inc", or "X Inc" beside "X GmbH";
/// - for a similar name: another company whose words score within `clearLead` of the best's;
/// - for a domain label: another company whose name, words joined, is the label too.
/// The one exception is a region the account names itself: "Harbour Media NZ" is Harbour Media
/// (NZ) Limited even beside Harbour Media Canada Inc, as the other does not carry that region.
/// A legal form never singles a company out: the same company is often entered twice with two.
public struct AutoMatcher: Sendable {
    public static let candidatesShown = 5
    /// A similar name must score this much to be proposed without review...
    static let confidentSimilarity = 0.86
    /// ...and lead every other company by this much, their words compared without regions and
    /// legal forms.
    static let clearLead = 0.12
    /// Below this, a similar name is not worth a reviewer's time.
    static let reviewSimilarity = 0.6
    /// Similar-name candidates scored per account, out of those sharing a word.
    static let candidatesScored = 24
    /// Confidence of the name layers that are not an equal name: at least `AccountMapping.confidentFrom`,
    /// so that an accepted proposal counts as mapped.
    static let initialsConfidence = 0.9
    static let extraWordsConfidence = 0.92
    static let domainLabelConfidence = 0.95
    /// A domain label shorter than this ("ab") is some company's initials as often as its name.
    static let shortestConfidentLabel = 3

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
        let domainName = DomainName(accountName: account.name)
        if let domainName {
            if let proposal = byTenant(account, ranked: []) ?? byDomain(account, named: domainName, ranked: []) {
                return proposal
            }
            return byDomainLabel(account, domainName)
        }
        let name = NormalizedName(account.name)
        let ranked = similarCompanies(to: name, tally: &tally)
        if let proposal = byTenant(account, ranked: ranked.map(\.candidate))
            ?? byDomain(account, named: nil, ranked: ranked.map(\.candidate))
        {
            return proposal
        }
        return byName(account, name, ranked: ranked)
    }

    // MARK: Tenant and domain

    private func byTenant(_ account: NerdioAccount, ranked: [MatchCandidate]) -> MatchProposal? {
        let linked = index.byTenant[CompanyIndex.tenantKey(account.tenantID)] ?? []
        guard !linked.isEmpty else { return nil }
        return decide(
            account, among: linked, method: .tenantID, confidence: 1, ranked: ranked,
            evidence: "the PSA links tenant \(account.tenantID) to it")
    }

    /// The account's domain, or its name when that is a domain, among the companies' domains.
    private func byDomain(_ account: NerdioAccount, named domainName: DomainName?, ranked: [MatchCandidate])
        -> MatchProposal?
    {
        if let domain = account.domain.flatMap(CompanyIndex.domainKey), let owners = index.byDomain[domain] {
            return decide(
                account, among: owners, method: .domain, confidence: 0.97, ranked: ranked,
                evidence: "its domain is \(domain), the tenant's domain")
        }
        if case .domain(_, let named) = domainName, let domain = CompanyIndex.domainKey(named),
            let owners = index.byDomain[domain]
        {
            return decide(
                account, among: owners, method: .domain, confidence: 0.97, ranked: ranked,
                evidence: "its domain is \(domain), the account's name")
        }
        return nil
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

    // MARK: Domain label

    /// An account named by its tenant's domain: the label against the companies' names with their
    /// words joined, with and without the legal form ("contosoltd" is Contoso Ltd, "contoso" too).
    /// Only a label that fits one active company is confident.
    private func byDomainLabel(_ account: NerdioAccount, _ domainName: DomainName) -> MatchProposal {
        let label: String
        let domain: String
        switch domainName {
        case .invalid(let why):
            return noMatch(account, why + "; no proposal")
        case .domain(let chosen, let whole):
            label = chosen.filter { $0 != "-" }
            domain = whole
        }
        if label.isEmpty {
            return noMatch(account, "the label of \(domain) is empty once its hyphens are set aside; no proposal")
        }
        if label.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
            return noMatch(account, "the label of \(domain) is only digits; no proposal")
        }
        if NameVocabulary.joinedLegalForms.contains(label) {
            return noMatch(account, "the label of \(domain) is only a legal form; no proposal")
        }
        var found = labelMatches(label)
        var used = label
        // "contoso2" when "contoso" was taken: the digits are not part of the name.
        let stripped = String(label.reversed().drop { $0.isNumber }.reversed())
        if found.isEmpty, stripped != label, stripped.count >= Self.shortestConfidentLabel {
            found = labelMatches(stripped)
            used = stripped
        }
        // "greenfieldlegalplc" names Greenfield Legal PLC before Greenfield Legal AS - North: the
        // company whose legal form the label spells, then those without a region or site, come first.
        let ranked = found.enumerated().sorted { left, right in
            let a = labelRank(left.element, used)
            let b = labelRank(right.element, used)
            return a != b ? a < b : left.offset < right.offset
        }
        let candidates = ranked.map { candidate($0.element, score: Self.domainLabelConfidence) }
        let active = candidates.filter(\.isActive)
        if active.count == 1, let best = active.first, used.count >= Self.shortestConfidentLabel {
            let runnerUp = candidates.first { $0.companyID != best.companyID }
            return proposal(
                account, .confident, best: best, runnerUp: runnerUp, method: .domainLabel,
                confidence: Self.domainLabelConfidence,
                reason: "\(best.companyName) won: domain label \(used) is its name with the words joined"
                    + Self.runnerUpNote(runnerUp), candidates: candidates)
        }
        guard let best = active.first ?? candidates.first else {
            return noMatch(account, "domain label \(used): no company's name, words joined, is \(used)")
        }
        let why =
            active.count > 1
            ? "domain label \(used) fits \(active.count) active companies"
            : active.isEmpty ? "domain label \(used) fits only inactive companies" : "domain label \(used) is too short"
        let shown = active + candidates.filter { !$0.isActive }
        return proposal(
            account, .needsReview, best: best, runnerUp: shown.dropFirst().first, method: .domainLabel,
            confidence: Self.domainLabelConfidence / Double(max(1, active.count)),
            reason: why + "; a person should decide", candidates: shown)
    }

    /// 0 for a company whose name and legal form, joined, are the label; then 1 for one without
    /// qualifiers ("(DE)", "- North"), 2 for the rest.
    private func labelRank(_ position: Int, _ label: String) -> Int {
        let name = index.names[position]
        let form = name.writtenLegalForm.joined()
        if !form.isEmpty, name.labelKeys.contains(where: { $0 + form == label }) { return 0 }
        return name.qualifiers.isEmpty ? 1 : 2
    }

    /// Companies whose words joined are `label`, or `label` less a legal form at its end.
    private func labelMatches(_ label: String) -> [Int] {
        var found: [Int] = []
        func add(_ stem: Substring) {
            for position in index.byKey[String(stem)] ?? []
            where index.names[position].labelKeys.contains(where: { $0 == stem }) && !found.contains(position) {
                found.append(position)
            }
        }
        add(label[...])
        let bytes = label.utf8.count
        guard bytes > 2 else { return found }
        for length in stride(from: min(NameVocabulary.longestJoinedLegalForm, bytes - 2), through: 2, by: -1) {
            let cut = label.index(label.endIndex, offsetBy: -length)
            if NameVocabulary.joinedLegalForms.contains(String(label[cut...])) { add(label[..<cut]) }
        }
        return found
    }

    // MARK: Names

    private func byName(_ account: NerdioAccount, _ name: NormalizedName, ranked: [ScoredCandidate])
        -> MatchProposal
    {
        if let why = Self.unusableName(account.name, name) { return noMatch(account, why) }
        let exact = exactMatches(name)
        if let proposal = decideByWords(account, name, exact, ranked: ranked, layer: .sameName) {
            return proposal
        }
        if let initials = initialsMatches(name),
            let proposal = decideByWords(account, name, initials, ranked: ranked, layer: .initials)
        {
            return proposal
        }
        if let (positions, extras) = extraWordsMatches(name),
            let proposal = decideByWords(account, name, positions, ranked: ranked, layer: .extraWords(extras))
        {
            return proposal
        }
        return bySimilarity(account, name, exact: exact, ranked: ranked)
    }

    /// Why a name cannot be matched by, for the review; nil when it can.
    static func unusableName(_ written: String, _ name: NormalizedName) -> String? {
        if name.tokens.isEmpty { return "the name is empty once punctuation and spacing are set aside; no proposal" }
        if name.isOnlyDigits { return "the name is only digits; no proposal" }
        if name.isOnlyLegalForm { return "the name is only a legal form; no proposal" }
        if letterCount(written) < 2 { return "the name is too short to match by; no proposal" }
        if name.tokens.allSatisfy({ NameVocabulary.generic.contains($0) }) {
            return "the name has only words many companies share; no proposal"
        }
        return nil
    }

    /// How a layer found its companies by their words, for the reason.
    private enum WordLayer {
        case sameName, initials
        case extraWords([String])
    }

    /// Companies reached by their words (equal, initials, the name plus extra words): one active
    /// company is confident unless the regions conflict; among several, a region the account names
    /// may single one out, and otherwise a person decides, told whether the companies differ by
    /// region or by legal form. nil when only inactive companies were reached, so that similar
    /// names may still be tried.
    private func decideByWords(
        _ account: NerdioAccount, _ name: NormalizedName, _ positions: [Int], ranked: [ScoredCandidate],
        layer: WordLayer
    ) -> MatchProposal? {
        let active = positions.filter { index.companies[$0].isActive }
        guard !active.isEmpty else { return nil }
        let (method, confidence): (MappingMethod, Double) =
            switch layer {
            case .sameName: (.name, 0.97)
            case .initials: (.similarName, Self.initialsConfidence)
            case .extraWords: (.similarName, Self.extraWordsConfidence)
            }
        var contenders = active
        var singledOut = false
        if !name.regions.isEmpty, active.count > 1 {
            let carrying = active.filter { index.names[$0].regions == name.regions }
            if !carrying.isEmpty, carrying.count < active.count {
                contenders = carrying
                singledOut = true
            }
        }
        // Thousands of companies may share one name: compare the few ranked ones by position.
        let reached = Set(positions)
        let others = ranked.map(\.candidate).filter { other in
            self.position(of: other).map { !reached.contains($0) } ?? true
        }
        if contenders.count == 1, let winner = contenders.first {
            let company = index.names[winner]
            let best = candidate(winner, score: confidence)
            let sibling = active.first { $0 != winner }.map { candidate($0, score: confidence) }
            let runnerUp = sibling ?? others.first
            if Self.regionsConflict(name, company) {
                return proposal(
                    account, .needsReview, best: best, runnerUp: runnerUp, method: method, confidence: confidence / 2,
                    reason: "the name matches but the region differs (\(Self.regionList(name.regions)) / "
                        + "\(Self.regionList(company.regions))); a person should decide",
                    candidates: [best] + others)
            }
            var evidence: String
            switch layer {
            case .sameName:
                evidence = "the same name once case, accents, punctuation, legal forms and regions are set aside"
            case .initials:
                evidence = "\(name.tokens[0].uppercased()) are the initials of its first words"
            case .extraWords(let extras):
                evidence =
                    "its name with \"\(extras.joined(separator: " "))\" added, words no company's name has "
                    + "(a site or department)"
            }
            if singledOut {
                evidence +=
                    "; the region (\(Self.regionList(name.regions))) singles it out among "
                    + "\(active.count) companies with this name"
            } else if !name.legalForm.isEmpty, !company.legalForm.isEmpty, name.legalForm != company.legalForm {
                evidence +=
                    "; the legal form differs (\(name.legalForm.joined(separator: " ")) / "
                    + "\(company.legalForm.joined(separator: " ")))"
            }
            return proposal(
                account, .confident, best: best, runnerUp: runnerUp, method: method, confidence: confidence,
                reason: "\(best.companyName) won: \(evidence)" + Self.runnerUpNote(runnerUp),
                candidates: [best] + (sibling.map { [$0] } ?? []) + others)
        }
        let shown = contenders.prefix(Self.candidatesShown).map {
            candidate($0, score: confidence / Double(contenders.count))
        }
        let names = contenders.prefix(64).map { index.names[$0] }
        let why: String
        if Set(names.map(\.regions)).count > 1 {
            why = "same name in \(Set(names.map(\.regions)).count) regions"
        } else if Set(names.map(\.legalForm)).count > 1 {
            why = "legal form differs between \(contenders.count) companies with this name (the same company twice?)"
        } else {
            why = "\(contenders.count) active companies have this name"
        }
        return proposal(
            account, .needsReview, best: shown.first, runnerUp: shown.dropFirst().first, method: method,
            confidence: confidence / Double(contenders.count), reason: why + "; a person should decide",
            candidates: shown + others)
    }

    /// Similar names: confident only for a high score that leads every other active company's,
    /// their words compared without regions and legal forms, by `clearLead`.
    private func bySimilarity(
        _ account: NerdioAccount, _ name: NormalizedName, exact: [Int], ranked: [ScoredCandidate]
    ) -> MatchProposal {
        let active = ranked.filter(\.candidate.isActive)
        if Self.allowsSimilarity(name), let best = active.first, best.candidate.score >= Self.confidentSimilarity,
            let position = position(of: best.candidate)
        {
            let rival = active.dropFirst().first { other in
                other.words >= best.words - Self.clearLead && !singlesOut(name, position, over: other.candidate)
            }
            let runnerUp = active.dropFirst().first?.candidate
            if rival == nil, isSafeSimilarity(name, index.names[position]), !runnerUpAlsoFits(name, runnerUp),
                !Self.isShortOneWordVariant(name, index.names[position])
            {
                return proposal(
                    account, .confident, best: best.candidate, runnerUp: runnerUp, method: .similarName,
                    confidence: best.candidate.score,
                    reason: "\(best.candidate.companyName) won: a similar name (\(Self.percent(best.candidate.score)))"
                        + Self.runnerUpNote(runnerUp), candidates: active.map(\.candidate))
            }
        }
        let inactiveExact = exact.map { candidate($0, score: 0.97) }
        let shown = Array(
            (active.map(\.candidate) + inactiveExact + ranked.map(\.candidate).filter { !$0.isActive })
                .prefix(Self.candidatesShown))
        guard let best = shown.first, best.score >= Self.reviewSimilarity else {
            return proposal(
                account, .noMatch, best: nil, runnerUp: shown.first, method: nil, confidence: 0,
                reason: "no company has a similar enough name", candidates: shown)
        }
        let why: String
        if !best.isActive {
            why = "only an inactive company fits"
        } else if let second = active.dropFirst().first, second.words >= active[0].words - Self.clearLead {
            why =
                "\(second.candidate.companyName) is as plausible once regions and legal forms are set aside "
                + "(\(Self.percent(second.words)) against \(Self.percent(active[0].words)))"
        } else {
            why = "the best name (\(Self.percent(best.score))) is not clearly ahead"
        }
        return proposal(
            account, .needsReview, best: best, runnerUp: shown.dropFirst().first,
            method: best.score >= 0.97 ? .name : .similarName, confidence: best.score,
            reason: why + "; a person should decide", candidates: shown)
    }

    /// "SITTI" and "SIRTI", "Taracom" and "Teracom" are two companies: in a one-word name, a
    /// letter replaced is a typo only in a word of eight letters or more, a letter dropped, added
    /// or two swapped only from six.
    private static func isShortOneWordVariant(_ account: NormalizedName, _ company: NormalizedName) -> Bool {
        guard account.tokens.count == 1, company.tokens.count == 1, account.compactKey != company.compactKey else {
            return false
        }
        let shorter = min(account.compactKey.utf8.count, company.compactKey.utf8.count)
        let replaced =
            account.compactKey.utf8.count == company.compactKey.utf8.count
            && zip(account.compactKey.utf8, company.compactKey.utf8).filter { $0 != $1 }.count == 1
        return shorter < (replaced ? 8 : 6)
    }

    /// A region the account names that `position` carries and `other` does not.
    private func singlesOut(_ name: NormalizedName, _ position: Int, over other: MatchCandidate) -> Bool {
        guard !name.regions.isEmpty, index.names[position].regions == name.regions,
            let otherPosition = self.position(of: other)
        else { return false }
        return index.names[otherPosition].regions != name.regions
    }

    private func exactMatches(_ name: NormalizedName) -> [Int] {
        var seen = Set<Int>()
        var found: [Int] = []
        for key in [name.key, name.compactKey] {
            for position in index.byKey[key] ?? [] where seen.insert(position).inserted { found.append(position) }
        }
        return found
    }

    /// "SSV Technology" for Shenzhen Streaming Video Technology: the account's first word is
    /// the initials of the company's first words.
    private func initialsMatches(_ name: NormalizedName) -> [Int]? {
        guard let first = name.tokens.first, (2...4).contains(first.utf8.count),
            first.utf8.allSatisfy({ (0x61...0x7A).contains($0) }),
            name.tokens.count >= 2 || first.utf8.count >= 3,
            let found = index.byInitials[name.key]
        else { return nil }
        // "DAI AG" beside DAI Partners AG: a company whose name has the letters as a word and
        // every other word of the account is as plausible as any whose initials they are.
        if index.isKnownWord(first),
            (index.byWord[first] ?? []).contains(where: { position in
                NameSimilarity(name.tokens, index.names[position].tokens, weight: index.weight).coversAccount
            })
        {
            return nil
        }
        return Array(found)
    }

    /// "Contoso Sydney 2" for Contoso Ltd: the company's words, then words that are weak
    /// evidence: a number, a site or department word, a legal form, or a word no company's name
    /// has. A word some company's name has says which company is meant, so it ends the search.
    private func extraWordsMatches(_ name: NormalizedName) -> ([Int], [String])? {
        let tokens = name.tokens
        guard tokens.count >= 2 else { return nil }
        var cut = tokens.count
        while cut > 1 {
            cut -= 1
            let extras = Array(tokens[cut...])
            guard extras.allSatisfy({ isWeakExtra($0, among: extras) }) else { return nil }
            // "Transtechnik GmbH & Co. KG Holzkirchen": the legal form before the extra words.
            let stem = NormalizedName.removingLegalForms(Array(tokens[..<cut])).rest
            guard stem.contains(where: { !NameVocabulary.generic.contains($0) }) else { return nil }
            let key = stem.joined(separator: " ")
            let found = (index.byKey[key] ?? []).filter { index.names[$0].key == key }
            if !found.isEmpty { return (found, extras) }
        }
        return nil
    }

    private func isWeakExtra(_ word: String, among extras: [String]) -> Bool {
        if word.utf8.allSatisfy({ (0x30...0x39).contains($0) }) { return true }
        if NameVocabulary.siteWords.contains(word) || NameVocabulary.joinedLegalForms.contains(word) { return true }
        // "Finance" names a department only beside "Dept", "Team" or "Office": alone it may be
        // another company's business.
        if NameVocabulary.qualifierWords.contains(word), extras.contains(where: NameVocabulary.siteWords.contains) {
            return true
        }
        return !index.isKnownWord(word) && index.typos(of: word).isEmpty
    }

    /// "Contoso (UK)" and "Contoso (US)" are different companies, even with equal names.
    private static func regionsConflict(_ account: NormalizedName, _ company: NormalizedName) -> Bool {
        !account.regions.isEmpty && !company.regions.isEmpty && account.regions != company.regions
    }

    private static func regionList(_ regions: [String]) -> String {
        regions.isEmpty ? "none" : regions.map { $0.uppercased() }.joined(separator: ", ")
    }

    /// A similar name may be proposed only when no telling word is on one side alone:
    /// "Contoso" is not "Contoso Pharmaceuticals".
    private func isSafeSimilarity(_ account: NormalizedName, _ company: NormalizedName) -> Bool {
        guard !Self.regionsConflict(account, company) else { return false }
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

    /// Similar (not equal) names are judged only for Latin-script names of some length: in
    /// short names and in scripts where one character is a word, one character off is another
    /// company.
    private static func allowsSimilarity(_ name: NormalizedName) -> Bool {
        name.compactKey.unicodeScalars.count >= 4 && name.compactKey.unicodeScalars.allSatisfy(\.isASCII)
    }

    /// A candidate with the score shown (`candidate.score`: words, then regions and legal forms)
    /// and the score of its words alone, which "as plausible" compares.
    struct ScoredCandidate {
        var candidate: MatchCandidate
        var words: Double
    }

    /// Companies that share a word (or a word one letter off) with the name, best first.
    private func similarCompanies(to name: NormalizedName, tally: inout CandidateTally) -> [ScoredCandidate] {
        guard !name.tokens.isEmpty else { return [] }
        let weights = name.tokens.map(index.weight)
        return index.candidates(for: name, limit: Self.candidatesScored, tally: &tally)
            .map { position in
                let other = index.names[position]
                let words = NameSimilarity(name.tokens, weights[...], other.tokens, index.wordWeights(of: position))
                    .score
                return ScoredCandidate(
                    candidate: candidate(position, score: words * Self.affixFactor(name, other)), words: words)
            }
            .filter { $0.candidate.score > 0 }
            .sorted {
                $0.candidate.score > $1.candidate.score
                    || $0.candidate.score == $1.candidate.score && $0.candidate.companyID < $1.candidate.companyID
            }
    }

    /// Regions and legal forms tell apart companies whose words are alike: the same ones on
    /// both sides cost nothing, one side only a little, different ones more.
    static func affixFactor(_ account: NormalizedName, _ company: NormalizedName) -> Double {
        var factor = 1.0
        switch (account.regions.isEmpty, company.regions.isEmpty) {
        case (true, true): break
        case (false, false): factor *= account.regions == company.regions ? 1 : 0.75
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

    private func noMatch(_ account: NerdioAccount, _ reason: String) -> MatchProposal {
        proposal(
            account, .noMatch, best: nil, runnerUp: nil, method: nil, confidence: 0, reason: reason, candidates: [])
    }

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
