/// How alike two normalized names are, word by word: each word of one name is paired with the
/// most alike unused word of the other, in any order, and the pairs are weighted by how much
/// their words tell companies apart. 1 means the same words; a typo, a dropped common word or
/// a changed order cost little; a distinctive word on one side only costs a lot.
struct NameSimilarity {
    var score: Double
    /// The most telling word (relative to the name's strongest) that the other name lacks.
    var largestUnmatchedShare: Double

    /// How alike two words are: the same, one letter off (or two swapped) in a long word, or one
    /// an abbreviation (prefix of four letters or more) of the other.
    static func wordSimilarity(_ a: String, _ b: String) -> Double {
        if a == b { return 1 }
        // In scripts where one character is a word, one character off is another word.
        guard a.unicodeScalars.allSatisfy(\.isASCII), b.unicodeScalars.allSatisfy(\.isASCII) else { return 0 }
        let left = Array(a.unicodeScalars)
        let right = Array(b.unicodeScalars)
        let shorter = min(left.count, right.count)
        if shorter >= CompanyIndex.minimumFuzzyLength, abs(left.count - right.count) <= 1,
            isOneEditApart(left, right)
        {
            return 0.9
        }
        if shorter >= 4, left.count != right.count,
            left.count < right.count ? right.starts(with: left) : left.starts(with: right)
        {
            return 0.8
        }
        return 0
    }

    /// One insertion, deletion, substitution or swap of neighbours.
    static func isOneEditApart(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
        if a.count == b.count {
            let differences = a.indices.filter { a[$0] != b[$0] }
            if differences.count == 1 { return true }
            if differences.count == 2, differences[1] == differences[0] + 1 {
                return a[differences[0]] == b[differences[1]] && a[differences[1]] == b[differences[0]]
            }
            return false
        }
        let (long, short) = a.count > b.count ? (a, b) : (b, a)
        var index = 0
        while index < short.count, short[index] == long[index] { index += 1 }
        return short[index...].elementsEqual(long[(index + 1)...])
    }

    init(_ account: [String], _ company: [String], weight: (String) -> Double) {
        self.init(account, account.map(weight), company, company.map(weight))
    }

    /// With each word's weight given, for callers that score one name against many.
    init(_ account: [String], _ accountWeights: [Double], _ company: [String], _ companyWeights: [Double]) {
        let total = accountWeights.reduce(0, +) + companyWeights.reduce(0, +)
        guard total > 0 else {
            score = 0
            largestUnmatchedShare = 1
            return
        }
        // Best pairs first, so that an exact pair is never taken by a weaker one.
        var pairs: [(account: Int, company: Int, similarity: Double)] = []
        for (i, a) in account.enumerated() {
            for (j, c) in company.enumerated() {
                let similarity = Self.wordSimilarity(a, c)
                if similarity > 0 { pairs.append((i, j, similarity)) }
            }
        }
        pairs.sort { $0.similarity > $1.similarity || $0.similarity == $1.similarity && $0.account < $1.account }
        var accountUsed = [Bool](repeating: false, count: account.count)
        var companyUsed = [Bool](repeating: false, count: company.count)
        var matched = 0.0
        for pair in pairs where !accountUsed[pair.account] && !companyUsed[pair.company] {
            accountUsed[pair.account] = true
            companyUsed[pair.company] = true
            matched += pair.similarity * (accountWeights[pair.account] + companyWeights[pair.company])
        }
        score = matched / total
        let strongest = max(accountWeights.max() ?? 0, companyWeights.max() ?? 0)
        var largest = 0.0
        for (index, used) in accountUsed.enumerated() where !used { largest = max(largest, accountWeights[index]) }
        for (index, used) in companyUsed.enumerated() where !used { largest = max(largest, companyWeights[index]) }
        largestUnmatchedShare = strongest > 0 ? largest / strongest : 0
    }
}
