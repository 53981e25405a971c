import Foundation

/// The PSA's companies indexed for Auto Match, built once per run: by tenant, by domain, by
/// normalized name, and by word (with one-letter-off spellings) for similar names. Looking an
/// account up touches only the companies that share something with it, so the cost of a run
/// grows with the number of accounts and companies, not with their product.
struct CompanyIndex: Sendable {
    let companies: [PSACompany]
    let names: [NormalizedName]
    let byTenant: [String: [Int]]
    let byDomain: [String: [Int]]
    /// Normalized key, compact key and the other label keys → companies (each company listed once per key).
    let byKey: [String: Postings]
    /// The initials of a name's first words and then its other words ("ssv tech" for Shenzhen
    /// Streaming Video Technology) → companies.
    let byInitials: [String: Postings]
    let byWord: [String: Postings]
    let positionByID: [String: Int]
    /// Long Latin words by their first two letters and length, and by length and last two
    /// letters: a word one letter off (a typo) shares one end with the word it means.
    private let byWordEnds: [String: [FuzzyWord]]
    private let weights: [String: Double]
    private let unknownWeight: Double
    /// Every company's word weights, in the order of its words, end to end: one array rather
    /// than one per company. Company `i`'s start at `weightStarts[i]`.
    private let flatWeights: [Double]
    private let weightStarts: [Int]

    init(_ companies: [PSACompany]) {
        self.companies = companies
        // The initials keys are strings to build for every name: on every core, with the names.
        let folded = companies.map(\.name).parallelMap { name -> (NormalizedName, [String]) in
            let normalized = NormalizedName(name)
            return (normalized, normalized.isOnlyLegalForm ? [] : Self.initialsKeys(normalized.tokens))
        }
        let names = folded.map(\.0)
        self.names = names
        // The tables by name and by word share nothing: each half is built on a core of its own.
        let (lookup, words) = inParallel(
            { NameTables(companies, names: names, initials: folded.map(\.1)) }, { WordTables(names) })
        positionByID = lookup.positionByID
        byTenant = lookup.byTenant
        byDomain = lookup.byDomain
        byKey = lookup.byKey
        byInitials = lookup.byInitials
        byWord = words.byWord
        byWordEnds = words.byWordEnds
        weights = words.weights
        unknownWeight = words.unknownWeight
        flatWeights = words.flatWeights
        weightStarts = words.weightStarts
    }

    /// The companies by ID, tenant, domain, name key and initials.
    private struct NameTables: Sendable {
        var positionByID: [String: Int] = [:]
        var byTenant: [String: [Int]] = [:]
        var byDomain: [String: [Int]] = [:]
        var byKey: [String: Postings] = [:]
        var byInitials: [String: Postings] = [:]

        init(_ companies: [PSACompany], names: [NormalizedName], initials: [[String]]) {
            positionByID.reserveCapacity(companies.count)
            // Rehashing tens of thousands of string keys as the tables grow costs more than the room.
            byKey.reserveCapacity(companies.count * 3)
            byInitials.reserveCapacity(companies.count * 2)
            for (position, company) in companies.enumerated() {
                positionByID[company.id] = position
                for tenant in company.tenantIDs {
                    byTenant[CompanyIndex.tenantKey(tenant), default: []].append(position)
                }
                // The cache holds domains already reduced from websites; only shared ones are left out.
                for domain in company.domains where !CompanyIndex.isSharedDomain(domain) {
                    byDomain[domain.lowercased(), default: []].append(position)
                }
                let name = names[position]
                // Records named "Ltd" or "GmbH" (bad imports) name no company: no name leads to them.
                guard !name.tokens.isEmpty, !name.isOnlyLegalForm else { continue }
                byKey[name.key, default: []].append(position)
                for key in name.labelKeys where key != name.key { byKey[key, default: []].append(position) }
                for key in initials[position] { byInitials[key, default: []].append(position) }
            }
        }
    }

    /// The companies by word, the words by their ends (for typos), and every word's weight.
    private struct WordTables: Sendable {
        var byWord: [String: Postings] = [:]
        var byWordEnds: [String: [FuzzyWord]] = [:]
        var weights: [String: Double] = [:]
        let unknownWeight: Double
        var flatWeights: [Double] = []
        var weightStarts: [Int] = []

        init(_ names: [NormalizedName]) {
            byWord.reserveCapacity(names.count * 2)
            for (position, name) in names.enumerated() where !name.tokens.isEmpty && !name.isOnlyLegalForm {
                for (offset, word) in name.tokens.enumerated() where !name.tokens[..<offset].contains(word) {
                    byWord[word, default: []].append(position)
                }
            }
            for word in byWord.keys {
                guard let fuzzy = FuzzyWord(word) else { continue }
                for key in fuzzy.endKeys(length: fuzzy.bytes.count) { byWordEnds[key, default: []].append(fuzzy) }
            }
            let total = Double(max(1, names.count))
            unknownWeight = log(1 + total)
            // A word's postings hold each company once, so their length is its document frequency.
            weights = byWord.mapValues { postings in log(1 + total / Double(postings.count)) }
            weightStarts.reserveCapacity(names.count + 1)
            for name in names {
                weightStarts.append(flatWeights.count)
                for token in name.tokens {
                    flatWeights.append(CompanyIndex.weight(token, weights: weights, unknownWeight: unknownWeight))
                }
            }
            weightStarts.append(flatWeights.count)
        }
    }

    /// "Shenzhen Streaming Video Technology" is also "ss video tech" and "ssv tech": the initials
    /// of its first two or three words, then the rest; initials alone ("abc" for a name of three
    /// words) only from three words: two letters alone are some other company's name as often as not.
    static func initialsKeys(_ tokens: [String]) -> [String] {
        guard tokens.count >= 2 else { return [] }
        var keys: [String] = []
        var initials = ""
        for count in 1...min(3, tokens.count) {
            guard let first = tokens[count - 1].utf8.first, (0x61...0x7A).contains(first) else { break }
            initials.append(Character(Unicode.Scalar(first)))
            guard count >= 2, count < tokens.count || count >= 3 else { continue }
            keys.append(([initials] + tokens[count...]).joined(separator: " "))
        }
        return keys
    }

    /// Some company's name has this word (or it is a legal form's): such a word says which company
    /// is meant, where a word no company has names a site or a department.
    func isKnownWord(_ word: String) -> Bool { byWord[word] != nil }

    /// Words shorter than this must be spelled exactly: one letter off in a short word makes another word.
    static let minimumFuzzyLength = 5

    /// The weights of company `position`'s words.
    func wordWeights(of position: Int) -> ArraySlice<Double> {
        flatWeights[weightStarts[position]..<weightStarts[position + 1]]
    }

    /// How much a word tells companies apart: rare words much, words many companies share little.
    func weight(_ word: String) -> Double {
        Self.weight(word, weights: weights, unknownWeight: unknownWeight)
    }

    fileprivate static func weight(_ word: String, weights: [String: Double], unknownWeight: Double) -> Double {
        let base = weights[word] ?? unknownWeight
        return NameVocabulary.generic.contains(word) ? base * 0.2 : base
    }

    /// Words on more companies than this are not used to find candidates while the name has
    /// rarer ones: they would bring thousands of companies that the rarer words rule out.
    static let commonWordPostings = 400

    /// The companies sharing a word, or a word one letter off, with the account's name, those
    /// sharing the most telling words first.
    func candidates(for name: NormalizedName, limit: Int, tally: inout CandidateTally) -> [Int] {
        var related: [(word: String, weight: Double)] = []
        for word in Set(name.tokens) {
            let wordWeight = weight(word)
            related.append((word, wordWeight))
            for typo in typos(of: word) { related.append((typo, wordWeight)) }
        }
        let rare = related.filter { (byWord[$0.word]?.count ?? 0) <= Self.commonWordPostings }
        let used = rare.isEmpty ? Array(related.sorted { $0.weight > $1.weight }.prefix(2)) : rare
        tally.reset(count: companies.count)
        for (word, wordWeight) in used {
            for position in byWord[word] ?? [] { tally.add(wordWeight, to: position) }
        }
        let touched = tally.touched
        let shared = tally.scores
        guard touched.count > limit else { return touched }
        // The `limit` best, kept sorted while scanning: most companies never enter.
        var best: [Int] = []
        best.reserveCapacity(limit + 1)
        func ranksAbove(_ a: Int, _ b: Int) -> Bool { shared[a] > shared[b] || shared[a] == shared[b] && a < b }
        for position in touched {
            if best.count == limit, let last = best.last, !ranksAbove(position, last) { continue }
            let place = best.firstIndex { ranksAbove(position, $0) } ?? best.count
            best.insert(position, at: place)
            if best.count > limit { best.removeLast() }
        }
        return best
    }

    static func tenantKey(_ tenant: String) -> String {
        tenant.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// A domain as compared: lower-case, without "www." or a trailing dot; nil for mail
    /// providers and Microsoft's own domains, which many companies share.
    static func domainKey(_ domain: String) -> String? {
        guard let key = PSACompany.domains(fromWebsite: domain).first, !isSharedDomain(key) else { return nil }
        return key
    }

    static func isSharedDomain(_ domain: String) -> Bool {
        NameVocabulary.sharedDomains.contains(domain)
            || NameVocabulary.sharedDomains.contains { domain.hasSuffix("." + $0) }
    }

    /// The indexed words one letter off `word` (inserted, deleted, replaced or two swapped).
    func typos(of word: String) -> [String] {
        guard let fuzzy = FuzzyWord(word) else { return [] }
        var found = Set<String>()
        let length = fuzzy.bytes.count
        for otherLength in (length - 1)...(length + 1) {
            for key in fuzzy.endKeys(length: otherLength) {
                for other in byWordEnds[key] ?? [] where other.word != word && !found.contains(other.word) {
                    if NameSimilarity.isOneEditApart(fuzzy.bytes, other.bytes) { found.insert(other.word) }
                }
            }
        }
        return Array(found)
    }
}

/// A word long enough, and in Latin letters, for a typo to be told from another word.
struct FuzzyWord: Sendable {
    let word: String
    let bytes: [UInt8]

    init?(_ word: String) {
        let bytes = Array(word.utf8)
        guard bytes.count >= CompanyIndex.minimumFuzzyLength, bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        self.word = word
        self.bytes = bytes
    }

    /// The buckets of words of `length` that share this word's first two or last two letters.
    func endKeys(length: Int) -> [String] {
        let first = String(decoding: bytes.prefix(2), as: UTF8.self)
        let last = String(decoding: bytes.suffix(2), as: UTF8.self)
        return ["\(first)<\(length)", "\(length)>\(last)"]
    }
}

/// A dense tally of how much each company shares with one account's name, reused from one
/// account to the next by the same worker: clearing only the companies touched is far cheaper
/// than a fresh array per account.
struct CandidateTally {
    private(set) var scores: [Double] = []
    private(set) var touched: [Int] = []

    init() {}

    mutating func reset(count: Int) {
        if scores.count != count {
            scores = [Double](repeating: 0, count: count)
        } else {
            for position in touched { scores[position] = 0 }
        }
        touched.removeAll(keepingCapacity: true)
    }

    mutating func add(_ weight: Double, to position: Int) {
        if scores[position] == 0 { touched.append(position) }
        scores[position] += weight
    }
}
