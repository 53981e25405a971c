/// Hands out distinctive words (surnames, places, invented brands) that are at least three edits
/// apart from every word handed out before and from the ordinary vocabulary.
///
/// This is what keeps labels honest under fuzzy matching: each case owns its distinctive words, so
/// one typo in a case's name still leaves it closer to its own company than to any other, and
/// filler can never look like a case's company by accident.
struct TokenPool {
    /// Hashes of each admitted word and of every string made by deleting up to two of its letters.
    /// Two words share such a string whenever they are within two edits (a transposition included),
    /// so an empty intersection proves they are at least three edits apart. A hash collision can
    /// only reject a word that was fine, never admit one that is not.
    private var neighbourhoods: Set<UInt64> = []

    /// Blocks a word without handing it out, for the shared vocabulary ("Dental", "Holdings").
    mutating func reserve(_ word: String) {
        for hash in Self.neighbourhood(of: word) {
            neighbourhoods.insert(hash)
        }
    }

    /// Admits the word when it is far enough from everything admitted or reserved so far.
    mutating func admit(_ word: String) -> Bool {
        let hashes = Self.neighbourhood(of: word)
        guard hashes.count > 0, !hashes.contains(where: { neighbourhoods.contains($0) }) else { return false }
        for hash in hashes {
            neighbourhoods.insert(hash)
        }
        return true
    }

    private static func neighbourhood(of word: String) -> [UInt64] {
        let letters = Array(NameForms.fold(word).unicodeScalars.filter { $0.properties.isAlphabetic }.map(\.value))
        guard !letters.isEmpty else { return [] }
        var hashes = [hash(letters, skipping: -1, -1)]
        for first in letters.indices {
            hashes.append(hash(letters, skipping: first, -1))
            for second in (first + 1)..<letters.count {
                hashes.append(hash(letters, skipping: first, second))
            }
        }
        return hashes
    }

    /// FNV-1a over the letters left after skipping up to two positions.
    private static func hash(_ letters: [UInt32], skipping first: Int, _ second: Int) -> UInt64 {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for index in letters.indices where index != first && index != second {
            value = (value ^ UInt64(letters[index])) &* 0x0000_0100_0000_01B3
        }
        return value
    }
}
