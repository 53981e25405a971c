import Foundation

/// A company name reduced to what tells companies apart: lower-case ASCII words (accents,
/// punctuation, a leading "The" and trailing legal forms removed, `&` read as "and", spelling
/// variants unified), and apart from them the region or department that brackets or a
/// dashed tail add ("Contoso Ltd (UK)", "Contoso - Finance").
struct NormalizedName: Equatable, Sendable {
    var tokens: [String]
    var qualifiers: [String]
    /// The legal form removed from the end, spelling unified ("Limited" is "ltd"); empty when none.
    var legalForm: [String]

    /// The name with its legal form and qualifiers: "Contoso Ltd (UK)" and "Contoso Inc (UK)"
    /// differ here, though their `key`s are equal; "Contoso Ltd" and "Contoso Limited" do not.
    var literalKey: String { (tokens + legalForm + qualifiers).joined(separator: " ") }

    /// The words in order: equal keys mean equal names.
    var key: String { tokens.joined(separator: " ") }
    /// The words without spaces, so that "Micro Soft" and "Microsoft" meet.
    var compactKey: String { tokens.joined() }
    /// The words and then the qualifiers: "Contoso UK" and "Contoso Ltd (UK)" meet here.
    var fullKey: String { (tokens + qualifiers).joined(separator: " ") }

    /// Names longer than this are cut: no company name needs more, and cost stays bounded.
    static let maximumScalars = 200

    init(_ name: String) {
        let (main, bracketed) = Self.fold(name)
        var words = main.split(separator: " ").map(String.init)
        var qualifiers = bracketed.split(separator: " ").map(String.init)
        if let dash = words.firstIndex(of: "-") {
            let tail = words[(dash + 1)...].filter { $0 != "-" }
            let head = words[..<dash].filter { $0 != "-" }
            if !head.isEmpty, tail.count == 1 || tail.allSatisfy(Self.isQualifierWord) {
                qualifiers = tail + qualifiers
                words = Array(head)
            }
        }
        words = Self.joinInitials(words.filter { $0 != "-" })
        qualifiers = Self.joinInitials(qualifiers.filter { $0 != "-" })
        if words.count > 1, words.first == "the" { words.removeFirst() }
        let written = words
        words = Self.removingLegalForms(words)
        legalForm = written.dropFirst(words.count).map { NameVocabulary.synonyms[$0] ?? $0 }
        qualifiers = Self.removingLegalForms(qualifiers)
        tokens = words.map { NameVocabulary.synonyms[$0] ?? $0 }
        self.qualifiers = qualifiers.map { NameVocabulary.synonyms[$0] ?? $0 }
    }

    private static func isQualifierWord(_ word: String) -> Bool {
        NameVocabulary.qualifierWords.contains(word)
    }

    /// "a b c" (from "A.B.C." or "A B C") becomes "abc", so that initials meet however they are written.
    private static func joinInitials(_ words: [String]) -> [String] {
        var joined: [String] = []
        var run = ""
        for word in words {
            if word.unicodeScalars.count == 1, word.unicodeScalars.first!.isASCII {
                run += word
                continue
            }
            if !run.isEmpty {
                joined.append(run)
                run = ""
            }
            joined.append(word)
        }
        if !run.isEmpty { joined.append(run) }
        return joined
    }

    /// Removes legal forms from the end, repeatedly ("Contoso Holdings Pty Ltd" keeps
    /// "contoso holdings"), but never the whole name: "Ltd" alone stays "ltd".
    private static func removingLegalForms(_ words: [String]) -> [String] {
        var words = words
        var removed = true
        while removed {
            removed = false
            for form in NameVocabulary.legalForms
            where form.count < words.count && words.suffix(form.count).elementsEqual(form) {
                words.removeLast(form.count)
                removed = true
                break
            }
        }
        return words
    }

    /// Lower-case ASCII words separated by single spaces, and separately the words inside
    /// brackets. A dash after a space stays as a "-" word so that a dashed tail can be found.
    private static func fold(_ name: String) -> (main: String, bracketed: String) {
        var main = String.UnicodeScalarView()
        var bracketed = String.UnicodeScalarView()
        var depth = 0
        var last: Unicode.Scalar = " "
        func append(_ scalar: Unicode.Scalar) {
            if depth > 0 { bracketed.append(scalar) } else { main.append(scalar) }
            last = scalar
        }
        for scalar in name.unicodeScalars.prefix(maximumScalars) {
            let value = scalar.value
            switch value {
            case 0x61...0x7A, 0x30...0x39:
                append(scalar)
            case 0x41...0x5A:
                append(Unicode.Scalar(value + 0x20)!)
            case 0x26, 0x2B:  // & and + read as "and"
                for letter in " and ".unicodeScalars { append(letter) }
            case 0x27, 0x2019, 0x2018, 0x60, 0xB4:  // apostrophes join: "O'Brien" is "obrien"
                break
            case 0x28, 0x5B, 0x7B:
                append(" ")
                depth += 1
            case 0x29, 0x5D, 0x7D:
                append(" ")
                depth = max(0, depth - 1)
            case 0x2D, 0x2013, 0x2014:
                // After a space a dash separates a tail; inside a word it only separates words.
                if last == " " { for mark in " - ".unicodeScalars { append(mark) } } else { append(" ") }
            case 0..<0x80:
                append(" ")
            default:
                for folded in foldLetter(scalar) { append(folded) }
            }
        }
        return (collapse(String(main)), collapse(String(bracketed)))
    }

    private static func collapse(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// A non-ASCII scalar as ASCII letters where it has a plain Latin reading ("ü" is "u",
    /// "ß" is "ss"); other letters (CJK, Arabic, ...) lower-cased as they are; anything else a space.
    private static func foldLetter(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        if let special = specialLetters[scalar] { return Array(special.unicodeScalars) }
        let properties = scalar.properties
        guard properties.isAlphabetic || properties.numericType != nil else { return [" "] }
        let decomposed = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
        if let base = decomposed.first, base.isASCII, base.properties.isAlphabetic {
            return [Unicode.Scalar(base.value | 0x20)!]
        }
        return Array(properties.lowercaseMapping.unicodeScalars)
    }

    private static let specialLetters: [Unicode.Scalar: String] = [
        "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d",
        "Đ": "d", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d", "ı": "i",
    ]
}
