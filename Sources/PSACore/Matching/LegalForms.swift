/// The legal forms and regions of `Data/LegalFormData.swift` (from the ISO 20275 Entity Legal
/// Forms list), read once into the token sequences that `NormalizedName` looks for. The text is
/// folded here with the very code that folds company names, so a spelling in the data and the same
/// spelling in a name always fold alike.
public enum LegalFormData {
    /// The hand-written forms, then every spelling of the list not already among them, each with a
    /// short form: a spelling the hand-written list knows keeps its short form, and the other
    /// spellings of the same list entry ("Gesellschaft mit beschränkter Haftung" beside "GmbH")
    /// take that one, else the entry's first spelling. Longest first.
    static func forms(handWritten: [(String, String)]) -> [(written: [String], canonical: [String])] {
        func split(_ text: String) -> [String] { text.split(separator: " ").map(String.init) }
        var canonicalByWritten: [[String]: [String]] = [:]
        var order: [[String]] = []
        for (written, canonical) in handWritten where canonicalByWritten[split(written)] == nil {
            canonicalByWritten[split(written)] = split(canonical)
            order.append(split(written))
        }
        for line in elfText.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let spellings = fields[2].split(separator: ";").map { NormalizedName.foldedWords(String($0)) }
                .filter { !$0.isEmpty }
            guard let first = spellings.first else { continue }
            let canonical = spellings.lazy.compactMap { canonicalByWritten[$0] }.first ?? first
            for written in spellings where canonicalByWritten[written] == nil {
                canonicalByWritten[written] = canonical
                order.append(written)
            }
        }
        return order.map { ($0, canonicalByWritten[$0]!) }.sorted { $0.written.count > $1.written.count }
    }

    /// The list's entries: an ISO 3166 country ("--" for none) and the spellings of one legal form
    /// there ("GmbH", "Gesellschaft mit beschränkter Haftung"), for tools that build names.
    public static var entries: [(country: String, spellings: [String])] {
        elfText.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3 else { return nil }
            return (String(fields[0]), fields[2].split(separator: ";").map(String.init))
        }
    }

    /// Every spelling of the list and the hand-written forms as written, for tools that build
    /// names (the evaluation set) and must know what a legal form is.
    public static var spellings: [String] {
        var all = NameVocabulary.handWrittenLegalForms.map(\.0)
        for line in elfText.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            all += fields[2].split(separator: ";").map(String.init)
        }
        return all
    }

    /// Every country and region spelling of the data ("New Zealand", "NZ", "EMEA") with its
    /// ISO 3166 code ("--" for regions beyond one country), for tools that build names.
    public static var regionNames: [(code: String, name: String)] {
        regionText.split(separator: "\n").flatMap { line -> [(code: String, name: String)] in
            let fields = line.split(separator: "\t")
            guard fields.count == 2 else { return [] }
            return fields[1].split(separator: ";").map { (String(fields[0]), String($0)) }
        }
    }

    /// A region: the words that name it after folding, and its short form (an ISO 3166 code for a
    /// country, "emea" for EMEA): "(New Zealand)", "NZ" and "- N.Z." are one region.
    struct Region {
        var words: [String]
        var code: String
    }

    /// Regions that span countries, and their other spellings.
    private static let regionAliases: [String: String] = [
        "asiapacific": "apac", "europeanunion": "eu", "americas": "amer", "nordic": "nordics", "scandinavia": "nordics",
        "latinamerica": "latam",
    ]

    /// Regions by their last word, longest first: "new zealand" is tried before "zealand" alone could.
    static let regionsByLastWord: [String: [Region]] = {
        var regions: [Region] = []
        for line in regionText.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            guard fields.count == 2 else { continue }
            for name in fields[1].split(separator: ";") {
                let words = NormalizedName.foldedWords(String(name))
                guard !words.isEmpty else { continue }
                let code: String
                if fields[0] == "--" {
                    let joined = words.joined()
                    code = regionAliases[joined] ?? joined
                } else {
                    code = fields[0].lowercased()
                }
                regions.append(Region(words: words, code: code))
            }
        }
        return Dictionary(grouping: regions.sorted { $0.words.count > $1.words.count }, by: { $0.words.last! })
    }()

    /// The region that `words` end with, and how many words it takes; nil when they end with none.
    static func trailingRegion(of words: ArraySlice<String>) -> (code: String, length: Int)? {
        guard let last = words.last else { return nil }
        for region in regionsByLastWord[last] ?? [] where region.words.count <= words.count {
            if words.suffix(region.words.count).elementsEqual(region.words) {
                return (region.code, region.words.count)
            }
        }
        return nil
    }
}
