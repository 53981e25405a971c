import PSACore

/// How the real-name evaluation keeps its labels honest, in its own code: a simple reading of a
/// name (case, accents, punctuation, `&`, a leading "The", bracketed text, trailing legal forms
/// and region names set aside) that two names a careful person would call the same company share.
/// It uses the legal-form and region spellings of PSACore's data, never the matcher's logic.
enum RealNameKeys {
    /// Legal forms as `NameForms.tokens` reads them, by their last token, longest first.
    static let legalSequences: [String: [[String]]] = sequences(
        LegalFormData.spellings + NameForms.allLegalSpellings)

    /// Country and region names ("new zealand", "nz", "emea") by their last token, longest first,
    /// with their code: an ISO 3166 code, or the region's own words for "EMEA" and the like.
    static let regionSequences: [String: [(words: [String], code: String)]] = {
        var all: [(words: [String], code: String)] = []
        for (code, name) in LegalFormData.regionNames {
            let words = NameForms.tokens(name)
            guard !words.isEmpty else { continue }
            all.append((words, code == "--" ? words.joined() : code.lowercased()))
        }
        all.sort { $0.words.count > $1.words.count }
        return Dictionary(grouping: all, by: { $0.words.last! })
    }()

    private static func sequences(_ spellings: [String]) -> [String: [[String]]] {
        var unique = Set<[String]>()
        for spelling in spellings {
            let words = NameForms.tokens(spelling)
            if !words.isEmpty { unique.insert(words) }
        }
        let ordered = unique.sorted { $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1) }
        return Dictionary(grouping: ordered, by: { $0.last! })
    }

    /// The name without bracketed text, as `NameForms.tokens`.
    static func unbracketedTokens(_ name: String) -> [String] {
        NameForms.tokens(splittingBrackets(name).outside)
    }

    /// The name's text outside brackets and inside them, a space where each bracket stood.
    private static func splittingBrackets(_ name: String) -> (outside: String, inside: String) {
        var outside = ""
        var inside = ""
        var depth = 0
        for character in name {
            if "([{".contains(character) {
                depth += 1
                outside.append(" ")
                inside.append(" ")
            } else if ")]}".contains(character) {
                depth = max(0, depth - 1)
                outside.append(" ")
                inside.append(" ")
            } else if depth == 0 {
                outside.append(character)
            } else {
                inside.append(character)
            }
        }
        return (outside, inside)
    }

    /// The words of the name once legal forms at the end (repeatedly) and a leading "The" are
    /// set aside; at least one word is kept.
    static func words(_ name: String) -> [String] {
        var words = unbracketedTokens(name)
        if words.count > 1, words.first == "the" { words.removeFirst() }
        return strippingLegalForms(words)
    }

    static func strippingLegalForms(_ input: [String]) -> [String] {
        var words = input
        var stripped = true
        while stripped, let last = words.last {
            stripped = false
            for sequence in legalSequences[last] ?? []
            where words.count > sequence.count && words.suffix(sequence.count).elementsEqual(sequence) {
                words.removeLast(sequence.count)
                stripped = true
                break
            }
        }
        return words
    }

    /// `words` without region names at the end (and the legal forms before them), and the regions.
    static func regionless(_ input: [String]) -> (words: [String], regions: [String]) {
        var words = input
        var regions: [String] = []
        while let last = words.last {
            guard
                let region = (regionSequences[last] ?? []).first(where: {
                    words.count > $0.words.count && words.suffix($0.words.count).elementsEqual($0.words)
                })
            else { break }
            words.removeLast(region.words.count)
            regions.append(region.code)
            words = strippingLegalForms(words)
        }
        return (words, regions)
    }

    /// The regions a name names, in brackets or at its end ("Harbour Media (NZ) Limited").
    static func regions(_ name: String) -> Set<String> {
        var found = Set(regionless(words(name)).regions)
        let bracketed = NameForms.tokens(splittingBrackets(name).inside)
        var end = bracketed.count
        while end > 0 {
            let slice = bracketed[..<end]
            if let region = (regionSequences[slice.last!] ?? []).first(where: {
                slice.count >= $0.words.count && slice.suffix($0.words.count).elementsEqual($0.words)
            }) {
                found.insert(region.code)
                end -= region.words.count
            } else {
                end -= 1
            }
        }
        return found
    }

    /// What two names of one company share: their words once legal forms and regions are set
    /// aside, joined ("Micro Soft" is "Microsoft").
    static func groupKey(_ name: String) -> String {
        regionless(words(name)).words.joined()
    }

    /// "ssvtechnology" for "Shenzhen Streaming Video Technology": the initials of the first
    /// `count` words, then the other words, joined.
    static func initialsKey(_ words: [String], count: Int) -> String? {
        guard count >= 2, count <= words.count, count < words.count || count >= 3 else { return nil }
        let initials = words.prefix(count).compactMap(\.first)
        guard initials.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        return String(initials) + words.dropFirst(count).joined()
    }
}
