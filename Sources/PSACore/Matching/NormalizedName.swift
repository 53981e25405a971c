import Foundation

/// A company name reduced to what tells companies apart: lower-case ASCII words (accents,
/// punctuation, a leading "The" and trailing legal forms removed, `&` read as "and", spelling
/// variants unified), and apart from them the region or department that brackets or a
/// dashed tail add ("Contoso Ltd (UK)", "Contoso - Finance").
struct NormalizedName: Equatable, Sendable {
    var tokens: [String]
    var qualifiers: [String]
    /// True when the name is nothing but a legal form ("Ltd", "GmbH & Co. KG").
    var isOnlyLegalForm: Bool
    /// The legal form removed from the end, spelling unified ("Limited" is "ltd"); empty when none.
    var legalForm: [String]

    /// The name with its legal form and qualifiers: "Contoso Ltd (UK)" and "Contoso Inc (UK)"
    /// differ here, though their `key`s are equal; "Contoso Ltd" and "Contoso Limited" do not.
    var literalKey: String { (tokens + legalForm + qualifiers).joined(separator: " ") }

    /// The words in order: equal keys mean equal names.
    let key: String
    /// The words without spaces, so that "Micro Soft" and "Microsoft" meet.
    let compactKey: String
    /// The words and then the qualifiers: "Contoso UK" and "Contoso Ltd (UK)" meet here.
    var fullKey: String { qualifiers.isEmpty ? key : key + " " + qualifiers.joined(separator: " ") }

    /// Names longer than this are cut: no company name needs more, and cost stays bounded.
    static let maximumScalars = 200

    init(_ name: String) {
        var (words, qualifiers) = Self.fold(name)
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
        let (rest, forms) = Self.removingLegalForms(words)
        words = rest
        legalForm = forms
        // "GmbH & Co. KG" alone names no company. Only short names can be nothing else.
        isOnlyLegalForm =
            !words.isEmpty && words.count <= 2
            && Self.removingLegalForms(words.filter { $0 != "and" }, keepingOne: false).rest.isEmpty
        qualifiers = Self.removingLegalForms(qualifiers).rest
        tokens = words.map { NameVocabulary.synonyms[$0] ?? $0 }
        self.qualifiers = qualifiers.map { NameVocabulary.synonyms[$0] ?? $0 }
        // Kept rather than computed: a run looks them up for every company.
        key = tokens.joined(separator: " ")
        compactKey = tokens.joined()

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
    /// "contoso holdings"); returns what is left and the forms removed, in their short spelling.
    /// `keepingOne` never removes the last word, so that "Ltd" alone stays "ltd".
    private static func removingLegalForms(_ words: [String], keepingOne: Bool = true)
        -> (rest: [String], forms: [String])
    {
        var rest = words
        var forms: [String] = []
        var removed = true
        while removed {
            removed = false
            guard let last = rest.last else { break }
            for form in NameVocabulary.legalFormsByLastWord[last] ?? []
            where (keepingOne ? form.written.count < rest.count : form.written.count <= rest.count)
                && rest.suffix(form.written.count).elementsEqual(form.written)
            {
                rest.removeLast(form.written.count)
                forms.insert(contentsOf: form.canonical, at: 0)
                removed = true
                break
            }
        }
        return (rest, forms)
    }

    /// Lower-case ASCII words (other scripts' letters kept as they are), and separately the
    /// words inside brackets. A dash or slash after a space stays as a "-" word so that a
    /// dashed tail can be found. Built scalar by scalar: tens of thousands of names are folded
    /// whenever Auto Match runs.
    private static func fold(_ name: String) -> (main: [String], bracketed: [String]) {
        var main: [String] = []
        var bracketed: [String] = []
        // UTF-8 bytes: a String is made from them far faster than from scalars.
        var word: [UInt8] = []
        var depth = 0
        var afterSpace = true
        func flush() {
            guard !word.isEmpty else { return }
            let text = String(decoding: word, as: UTF8.self)
            if depth > 0 { bracketed.append(text) } else { main.append(text) }
            word.removeAll(keepingCapacity: true)
        }
        func separate() {
            flush()
            afterSpace = true
        }
        for scalar in name.unicodeScalars.prefix(maximumScalars) {
            let value = scalar.value
            switch value {
            case 0x61...0x7A, 0x30...0x39:
                word.append(UInt8(value))
                afterSpace = false
            case 0x41...0x5A:
                word.append(UInt8(value + 0x20))
                afterSpace = false
            case 0x26, 0x2B:  // & and + read as "and"
                flush()
                if depth > 0 { bracketed.append("and") } else { main.append("and") }
                afterSpace = true
            case 0x27, 0x2019, 0x2018, 0x60, 0xB4:  // apostrophes join: "O'Brien" is "obrien"
                break
            case 0x28, 0x5B, 0x7B:
                separate()
                depth += 1
            case 0x29, 0x5D, 0x7D:
                separate()
                depth = max(0, depth - 1)
            case 0x2D, 0x2013, 0x2014, 0x2F:
                // After a space a dash or slash starts a tail ("Contoso - Finance"); inside a
                // word it only separates words ("Coca-Cola", "A/S").
                if afterSpace {
                    flush()
                    if depth == 0 { main.append("-") }
                } else {
                    separate()
                }
            case 0..<0x80, 0x2010...0x2015:
                separate()
            default:
                let folded = foldLetter(scalar)
                if folded == [" "] {
                    separate()
                } else {
                    for letter in folded { word.append(contentsOf: UTF8.encode(letter)!) }
                    afterSpace = false
                }
            }
        }
        flush()
        return (main, bracketed)
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
