/// How alike two normalized names are, word by word: each word of one name is paired with the
/// most alike unused word of the other, in any order, and the pairs are weighted by how much
/// their words tell companies apart. 1 means the same words; a typo, a dropped common word or
/// a changed order cost little; a distinctive word on one side only costs a lot.
struct NameSimilarity {
    var score: Double
    /// The most telling word (relative to the name's strongest) that the other name lacks.
    var largestUnmatchedShare: Double
    /// Every word of the account's name found a partner in the company's.
    var coversAccount = false

    /// How alike two words are: the same, one letter off (or two swapped) in a long word, or one
    /// an abbreviation (prefix of four letters or more) of the other.
    static func wordSimilarity(_ a: String, _ b: String) -> Double {
        if a == b { return 1 }
        // In scripts where one character is a word, one character off is another word.
        let left = Array(a.utf8)
        let right = Array(b.utf8)
        guard left.allSatisfy({ $0 < 0x80 }), right.allSatisfy({ $0 < 0x80 }) else { return 0 }
        let shorter = min(left.count, right.count)
        if shorter >= CompanyIndex.minimumFuzzyLength, isOneEditApart(left, right) { return 0.9 }
        if shorter >= 4, left.count != right.count,
            left.count < right.count ? right.starts(with: left) : left.starts(with: right)
        {
            return 0.8
        }
        return 0
    }

    /// One insertion, deletion, substitution or swap of neighbours.
    static func isOneEditApart<Unit: Equatable>(_ a: [Unit], _ b: [Unit]) -> Bool {
        guard abs(a.count - b.count) <= 1 else { return false }
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
        self.init(account, account.map(weight)[...], company, company.map(weight)[...])
    }

    /// With each word's weight given, for callers that score one name against many.
    init(
        _ account: [String], _ accountWeights: ArraySlice<Double>, _ company: [String],
        _ companyWeights: ArraySlice<Double>
    ) {
        // Slices keep their parent's indices; rebase them to the words' positions.
        let accountBase = accountWeights.startIndex
        let companyBase = companyWeights.startIndex
        func accountWeight(_ i: Int) -> Double { accountWeights[accountBase + i] }
        func companyWeight(_ j: Int) -> Double { companyWeights[companyBase + j] }
        let total = accountWeights.reduce(0, +) + companyWeights.reduce(0, +)
        guard total > 0 else {
            score = 0
            largestUnmatchedShare = 1
            return
        }
        // Equal words pair first, so that an exact pair is never taken by a weaker one; then
        // each word left takes the most alike word left. Names have a handful of words, so
        // bit sets (the first 64 words) stand in for arrays.
        var accountUsed: UInt64 = 0
        var companyUsed: UInt64 = 0
        var matched = 0.0
        let accountCount = min(account.count, 64)
        let companyCount = min(company.count, 64)
        for i in 0..<accountCount {
            for j in 0..<companyCount where companyUsed & (1 << j) == 0 && account[i] == company[j] {
                accountUsed |= 1 << i
                companyUsed |= 1 << j
                matched += accountWeight(i) + companyWeight(j)
                break
            }
        }
        for i in 0..<accountCount where accountUsed & (1 << i) == 0 {
            var best = (company: -1, similarity: 0.0)
            for j in 0..<companyCount where companyUsed & (1 << j) == 0 {
                let similarity = Self.wordSimilarity(account[i], company[j])
                if similarity > best.similarity { best = (j, similarity) }
            }
            guard best.company >= 0 else { continue }
            accountUsed |= 1 << i
            companyUsed |= 1 << best.company
            matched += best.similarity * (accountWeight(i) + companyWeight(best.company))
        }
        score = matched / total
        coversAccount =
            accountCount == account.count && accountUsed == (accountCount == 64 ? .max : (1 << accountCount) - 1)
        let strongest = max(accountWeights.max() ?? 0, companyWeights.max() ?? 0)
        var largest = 0.0
        for index in 0..<accountCount where accountUsed & (1 << index) == 0 {
            largest = max(largest, accountWeight(index))
        }
        for index in 0..<companyCount where companyUsed & (1 << index) == 0 {
            largest = max(largest, companyWeight(index))
        }
        largestUnmatchedShare = strongest > 0 ? largest / strongest : 0
    }
}
