import PSACore

/// The fuzzy matcher people reach for: token-sort ratio (words lower-cased, punctuation dropped,
/// sorted, then 2 × the longest common subsequence over both lengths, as rapidfuzz and fuzzywuzzy
/// compute it) between the account and every active company, the best one proposed when its ratio
/// reaches a threshold and no other company ties it.
///
/// Scoring every company for every account would take minutes, so only companies sharing a word
/// with the account are scored, its rarer words when it has any: a company sharing no word at all
/// could reach a threshold chosen for precision 0.99 only through typos in every word.
public struct FuzzyBaseline: Sendable {
    private let ids: [String]
    private let sorted: [[UInt8]]
    private let byWord: [String: [Int]]

    /// Words on more companies than this are used to find candidates only when the account has no rarer one.
    static let commonWord = 300

    public init(companies: [PSACompany]) {
        let active = companies.filter(\.isActive)
        ids = active.map(\.id)
        var sorted: [[UInt8]] = []
        var byWord: [String: [Int]] = [:]
        for (position, company) in active.enumerated() {
            let words = Self.words(company.name)
            sorted.append(Array(words.sorted().joined(separator: " ").utf8))
            for word in Set(words) { byWord[word, default: []].append(position) }
        }
        self.sorted = sorted
        self.byWord = byWord
    }

    /// The best company and its ratio (0...1); nil when none shares a word or two tie at the top.
    public func best(for account: NerdioAccount) -> (companyID: String, ratio: Double)? {
        let words = Self.words(account.name)
        guard !words.isEmpty else { return nil }
        let target = Array(words.sorted().joined(separator: " ").utf8)
        let rare = Set(words).filter { (byWord[$0]?.count ?? 0) <= Self.commonWord }
        let used = rare.isEmpty ? [words.min { (byWord[$0]?.count ?? 0) < (byWord[$1]?.count ?? 0) }!] : Array(rare)
        var seen = Set<Int>()
        var best: (position: Int, ratio: Double)?
        var tie = false
        for word in used {
            for position in byWord[word] ?? [] where seen.insert(position).inserted {
                let ratio = Self.ratio(target, sorted[position])
                if let current = best, ratio <= current.ratio {
                    if ratio == current.ratio { tie = true }
                    continue
                }
                best = (position, ratio)
                tie = false
            }
        }
        guard let best, !tie else { return nil }
        return (ids[best.position], best.ratio)
    }

    /// The lowest ratio at which the proposals of `scored` (one per case, nil for none) reach
    /// `precision`: the threshold is chosen on one part and applied to another.
    public static func threshold(
        forPrecision precision: Double, cases: [EvaluationCase], scored: [(companyID: String, ratio: Double)?]
    ) -> Double {
        let proposals = zip(cases, scored).compactMap { evaluationCase, best in
            best.map { (ratio: $0.ratio, correct: $0.companyID == evaluationCase.expectedCompanyID) }
        }.sorted { $0.ratio > $1.ratio }
        var correct = 0
        var threshold = 1.0
        var index = 0
        while index < proposals.count {
            // Proposals with one ratio stand or fall together.
            var end = index
            var groupCorrect = 0
            while end < proposals.count, proposals[end].ratio == proposals[index].ratio {
                if proposals[end].correct { groupCorrect += 1 }
                end += 1
            }
            if Double(correct + groupCorrect) / Double(end) >= precision {
                threshold = proposals[index].ratio
            }
            correct += groupCorrect
            index = end
        }
        return threshold
    }

    /// Lower-case words of letters and digits (accents kept, as fuzzy tools leave them).
    static func words(_ name: String) -> [String] {
        name.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    /// 2 × LCS / (|a| + |b|): the normalized indel similarity.
    static func ratio(_ a: [UInt8], _ b: [UInt8]) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 1 }
        let upperBound = 2 * Double(min(a.count, b.count)) / Double(a.count + b.count)
        if upperBound == 0 { return 0 }
        var previous = [Int](repeating: 0, count: b.count + 1)
        var current = previous
        for i in 1...a.count {
            for j in 1...b.count {
                current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : max(previous[j], current[j - 1])
            }
            swap(&previous, &current)
        }
        return 2 * Double(previous[b.count]) / Double(a.count + b.count)
    }

    /// The ratio of two names as written, for tests.
    public static func tokenSortRatio(_ a: String, _ b: String) -> Double {
        ratio(
            Array(words(a).sorted().joined(separator: " ").utf8), Array(words(b).sorted().joined(separator: " ").utf8))
    }
}
