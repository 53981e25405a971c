import Foundation

/// The PSA's companies indexed for Auto Match, built once per run: by tenant, by domain, by
/// normalized name, and by word (with one-letter-off spellings) for similar names. Looking an
/// account up touches only the companies that share something with it, so the cost of a run
/// grows with the number of accounts and companies, not with their product.
struct CompanyIndex: Sendable {
    let companies: [PSACompany]
    let names: [NormalizedName]
    private(set) var byTenant: [String: [Int]] = [:]
    private(set) var byDomain: [String: [Int]] = [:]
    /// Normalized key, compact key and full key → companies (each company listed once per key).
    private(set) var byKey: [String: [Int]] = [:]
    private(set) var byWord: [String: [Int]] = [:]
    private(set) var positionByID: [String: Int] = [:]
    /// A word with one letter deleted → the indexed words it comes from.
    private var byDeletion: [String: [String]] = [:]
    private let weights: [String: Double]
    private let unknownWeight: Double
    /// Each company's word weights, in the order of its words.
    private(set) var wordWeights: [[Double]] = []

    init(_ companies: [PSACompany]) {
        self.companies = companies
        names = companies.map { NormalizedName($0.name) }
        var documentFrequency: [String: Int] = [:]
        for (position, company) in companies.enumerated() {
            positionByID[company.id] = position
            for tenant in company.tenantIDs { byTenant[Self.tenantKey(tenant), default: []].append(position) }
            for domain in company.domains {
                if let key = Self.domainKey(domain) { byDomain[key, default: []].append(position) }
            }
            let name = names[position]
            guard !name.tokens.isEmpty else { continue }
            for key in Set([name.key, name.compactKey, name.fullKey]) { byKey[key, default: []].append(position) }
            for word in Set(name.tokens) {
                byWord[word, default: []].append(position)
                documentFrequency[word, default: 0] += 1
            }
        }
        for word in byWord.keys where word.unicodeScalars.count >= Self.minimumFuzzyLength {
            for variant in Self.deletions(of: word) { byDeletion[variant, default: []].append(word) }
        }
        let total = Double(max(1, companies.count))
        unknownWeight = log(1 + total)
        weights = documentFrequency.mapValues { frequency in log(1 + total / Double(frequency)) }
        wordWeights = names.map { $0.tokens.map(weight) }
    }

    /// Words shorter than this must be spelled exactly: one letter off in a short word makes another word.
    static let minimumFuzzyLength = 5

    /// How much a word tells companies apart: rare words much, words many companies share little.
    func weight(_ word: String) -> Double {
        let base = weights[word] ?? unknownWeight
        return NameVocabulary.generic.contains(word) ? base * 0.2 : base
    }

    /// Words on more companies than this are not used to find candidates while the name has
    /// rarer ones: they would bring thousands of companies that the rarer words rule out.
    static let commonWordPostings = 400

    /// The companies sharing a word, or a word one letter off, with the account's name, those
    /// sharing the most telling words first.
    func candidates(for name: NormalizedName, limit: Int) -> [Int] {
        var related: [(word: String, weight: Double)] = []
        for word in Set(name.tokens) {
            var forms = [word]
            if word.unicodeScalars.count >= Self.minimumFuzzyLength {
                forms += byDeletion[word] ?? []
                for variant in Self.deletions(of: word) {
                    if byWord[variant] != nil { forms.append(variant) }
                    forms += byDeletion[variant] ?? []
                }
            }
            let wordWeight = weight(word)
            for form in Set(forms) { related.append((form, wordWeight)) }
        }
        let rare = related.filter { (byWord[$0.word]?.count ?? 0) <= Self.commonWordPostings }
        let used = rare.isEmpty ? Array(related.sorted { $0.weight > $1.weight }.prefix(1)) : rare
        var shared: [Int: Double] = [:]
        for (word, wordWeight) in used {
            for position in byWord[word] ?? [] { shared[position, default: 0] += wordWeight }
        }
        guard shared.count > limit else { return Array(shared.keys) }
        return shared.sorted { $0.value > $1.value || $0.value == $1.value && $0.key < $1.key }.prefix(limit).map(\.key)
    }

    static func tenantKey(_ tenant: String) -> String {
        tenant.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// A domain as compared: lower-case, without "www." or a trailing dot; nil for mail
    /// providers and Microsoft's own domains, which many companies share.
    static func domainKey(_ domain: String) -> String? {
        var key = domain.trimmingCharacters(in: .whitespaces).lowercased()
        if let scheme = key.range(of: "://") { key = String(key[scheme.upperBound...]) }
        if let slash = key.firstIndex(of: "/") { key = String(key[..<slash]) }
        if let at = key.lastIndex(of: "@") { key = String(key[key.index(after: at)...]) }
        if key.hasPrefix("www.") { key.removeFirst(4) }
        while key.hasSuffix(".") { key.removeLast() }
        guard key.contains("."), !key.hasPrefix("."), !key.contains(" ") else { return nil }
        if NameVocabulary.sharedDomains.contains(key)
            || NameVocabulary.sharedDomains.contains(where: { key.hasSuffix("." + $0) })
        {
            return nil
        }
        return key
    }

    static func deletions(of word: String) -> [String] {
        let scalars = Array(word.unicodeScalars)
        return scalars.indices.map { skipped in
            var variant = String.UnicodeScalarView()
            for (index, scalar) in scalars.enumerated() where index != skipped { variant.append(scalar) }
            return String(variant)
        }
    }
}
