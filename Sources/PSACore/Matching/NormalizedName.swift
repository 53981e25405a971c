import Foundation

/// A company name reduced to what tells companies apart: lower-case ASCII words (accents,
/// punctuation, a leading "The" and legal forms before or after the name removed, `&` read as
/// "and", spelling variants unified), and apart from them the region or department that brackets,
/// a dashed tail or a trailing region name add ("Contoso Ltd (UK)", "Contoso - Finance",
/// "Harbour Media Canada Inc").
///
/// A class, not a struct: the matcher reads the names of tens of thousands of companies many
/// times a run, and one reference is far cheaper to pass around than nine.
final class NormalizedName: Sendable {
    /// The name's own words: what is left once region qualifiers and legal forms are set aside.
    let tokens: [String]
    /// The words set aside as saying which part of a company is meant (region, site, department);
    /// regions in their short form ("nz" for "(New Zealand)").
    let qualifiers: [String]
    /// The regions among the qualifiers and trailing words, short forms, sorted: "Harbour Media
    /// (NZ) Limited" has ["nz"], "Harbour Media Canada Inc" ["ca"].
    let regions: [String]
    /// True when the name is nothing but a legal form ("Ltd", "GmbH & Co. KG").
    let isOnlyLegalForm: Bool
    /// The legal forms removed, spelling unified ("Limited" is "ltd"); empty when none.
    let legalForm: [String]
    /// The legal forms removed, as written once folded ("limited"): a domain label joins these.
    let writtenLegalForm: [String]

    /// The name with its legal form and qualifiers: "Contoso Ltd (UK)" and "Contoso Inc (UK)"
    /// differ here, though their `key`s are equal; "Contoso Ltd" and "Contoso Limited" do not.
    var literalKey: String { (tokens + legalForm + qualifiers).joined(separator: " ") }

    /// The words in order: equal keys mean equal names once regions and legal forms are set aside.
    let key: String
    /// The words without spaces, so that "Micro Soft" and "Microsoft" meet.
    let compactKey: String
    /// The ways a domain label may join the words: `compactKey`, the words as written
    /// ("contosotechnologies" beside "contosotech"), and without "and" ("landisgyr").
    let labelKeys: [String]
    /// The words and then the qualifiers: "Contoso UK" and "Contoso Ltd (UK)" meet here.
    var fullKey: String { qualifiers.isEmpty ? key : key + " " + qualifiers.joined(separator: " ") }

    /// The name is a number and nothing else ("12345"): no company is meant by it.
    var isOnlyDigits: Bool {
        !tokens.isEmpty && tokens.allSatisfy { $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }
    }

    /// Names longer than this are cut: no company name needs more, and cost stays bounded.
    static let maximumScalars = 200

    init(_ name: String) {
        var (words, qualifiers) = Self.fold(name)
        if let dash = words.firstIndex(of: "-") {
            let tail = words[(dash + 1)...].filter { $0 != "-" }
            let head = words[..<dash].filter { $0 != "-" }
            if !head.isEmpty, tail.count == 1 || tail.allSatisfy(Self.isQualifierWord) || Self.isRegion(tail) {
                qualifiers = tail + qualifiers
                words = Array(head)
            }
        }
        words = Self.joinInitials(words.filter { $0 != "-" })
        qualifiers = Self.joinInitials(qualifiers.filter { $0 != "-" })
        if words.count > 1, words.first == "the" { words.removeFirst() }
        // "GmbH & Co. KG" alone names no company.
        isOnlyLegalForm =
            !words.isEmpty && words.count <= NameVocabulary.longestLegalForm
            && NameVocabulary.legalFormWords.contains(words[0])
            && NameVocabulary.legalFormsByLastWord[words[words.count - 1]] != nil
            && Self.removingLegalForms(words.filter { $0 != "and" }, keepingOne: false).rest.isEmpty
        var leadingWritten: [String] = []
        if let leading = Self.leadingLegalForm(words) {
            leadingWritten = Array(words[..<leading])
            words.removeFirst(leading)
        }
        // Legal forms and regions alternate at the end: "Contoso Ltd UK", "Harbour Media Canada Inc".
        var trailingRegions: [String] = []
        var forms: [String] = []
        var written: [String] = []
        while true {
            let (rest, removed, removedWritten) = Self.removingLegalForms(words)
            words = rest
            forms.insert(contentsOf: removed, at: 0)
            written.insert(contentsOf: removedWritten, at: 0)
            guard let region = LegalFormData.trailingRegion(of: words[...]), region.length < words.count,
                words.dropLast(region.length).contains(where: { !NameVocabulary.generic.contains($0) })
            else { break }
            words.removeLast(region.length)
            trailingRegions.insert(region.code, at: 0)
        }
        legalForm = leadingWritten + forms
        writtenLegalForm = leadingWritten + written
        qualifiers = Self.removingLegalForms(qualifiers).rest
        // Regions in brackets or a dashed tail take their short form: "(New Zealand)" is "nz";
        // "(Head Office)" stays as it is.
        var rest = qualifiers[...]
        var bracketed: [String] = []
        var bracketRegions: [String] = []
        while !rest.isEmpty {
            if let region = LegalFormData.trailingRegion(of: rest) {
                bracketed.insert(region.code, at: 0)
                bracketRegions.append(region.code)
                rest = rest.dropLast(region.length)
            } else {
                bracketed.insert(NameVocabulary.synonyms[rest.last!] ?? rest.last!, at: 0)
                rest = rest.dropLast()
            }
        }
        regions =
            bracketRegions.isEmpty && trailingRegions.count <= 1
            ? trailingRegions : Array(Set(bracketRegions + trailingRegions)).sorted()
        tokens = words.map(Self.unified)
        self.qualifiers = bracketed + trailingRegions
        // Kept rather than computed: a run looks them up for every company.
        key = tokens.joined(separator: " ")
        compactKey = tokens.joined()
        var labelKeys = [compactKey]
        if tokens != words { labelKeys.append(words.joined()) }
        if words.contains("and") {
            let withoutAnd = words.filter { $0 != "and" }.joined()
            if !labelKeys.contains(withoutAnd) { labelKeys.append(withoutAnd) }
        }
        self.labelKeys = labelKeys
    }

    /// A word in the spelling that `NameVocabulary.synonyms` unifies it to, also when it is a long
    /// word written one letter off ("Invetsments" is "inv", as "Investments" is).
    static func unified(_ word: String) -> String {
        if let synonym = NameVocabulary.synonyms[word] { return synonym }
        let bytes = Array(word.utf8)
        // A typo in the first two letters is not looked for: the check costs a string per letter,
        // for every long word of tens of thousands of names.
        guard bytes.count >= NameVocabulary.shortestTypoSynonym, bytes.count <= NameVocabulary.longestTypoSynonym,
            NameVocabulary.typoSynonymPrefixes.contains(UInt16(bytes[0]) << 8 | UInt16(bytes[1])),
            bytes.allSatisfy({ (0x61...0x7A).contains($0) })
        else { return word }
        if let synonym = NameVocabulary.synonymsByDeletion[word] { return synonym }
        for index in bytes.indices {
            var deleted = bytes
            deleted.remove(at: index)
            let text = String(decoding: deleted, as: UTF8.self)
            if let synonym = NameVocabulary.synonyms[text] ?? NameVocabulary.synonymsByDeletion[text] {
                return synonym
            }
        }
        return word
    }

    /// The words of `text` folded as a name's are, brackets and dashes included: for the legal
    /// forms and regions of the data, which must fold exactly as the names they are looked for in.
    static func foldedWords(_ text: String) -> [String] {
        let (main, bracketed) = fold(text)
        return joinInitials((main + bracketed).filter { $0 != "-" })
    }

    private static func isRegion(_ words: [String]) -> Bool {
        guard let region = LegalFormData.trailingRegion(of: words[...]) else { return false }
        return region.length == words.count
    }

    /// How many words a legal form that precedes the name takes ("PT", "OOO"); nil when none does,
    /// or when nothing would be left.
    private static func leadingLegalForm(_ words: [String]) -> Int? {
        guard let first = words.first, NameVocabulary.leadingLegalFormStarts.contains(first) else { return nil }
        for form in NameVocabulary.leadingLegalForms
        where form.count < words.count && words.starts(with: form) {
            return form.count
        }
        return nil
    }

    private static func isQualifierWord(_ word: String) -> Bool {
        NameVocabulary.qualifierWords.contains(word)
    }

    /// "a b c" (from "A.B.C." or "A B C") becomes "abc", so that initials meet however they are
    /// written; a legal form written in initials right after ("S.I.T.T.I. S.p.A.") stays apart.
    private static func joinInitials(_ words: [String]) -> [String] {
        var joined: [String] = []
        var run = ""
        func flush() {
            guard !run.isEmpty else { return }
            joined += splittingLegalForm(run)
            run = ""
        }
        for word in words {
            if word.unicodeScalars.count == 1, word.unicodeScalars.first!.isASCII {
                run += word
                continue
            }
            flush()
            joined.append(word)
        }
        flush()
        return joined
    }

    /// Single-word legal forms of two to four letters ("spa", "bv", "sarl").
    private static let initialsLegalForms: Set<String> = Set(
        NameVocabulary.handWrittenLegalForms.map(\.0).filter { !$0.contains(" ") && (2...4).contains($0.count) })

    private static func splittingLegalForm(_ run: String) -> [String] {
        guard run.count >= 5 else { return [run] }
        for length in stride(from: 4, through: 2, by: -1) where run.count - length >= 3 {
            let cut = run.index(run.endIndex, offsetBy: -length)
            if initialsLegalForms.contains(String(run[cut...])) { return [String(run[..<cut]), String(run[cut...])] }
        }
        return [run]
    }

    /// Removes legal forms from the end, repeatedly ("Contoso Holdings Pty Ltd" keeps
    /// "contoso holdings"); returns what is left and the forms removed, in their short spelling and
    /// as written. `keepingOne` never removes the last word, so that "Ltd" alone stays "ltd".
    static func removingLegalForms(_ words: [String], keepingOne: Bool = true)
        -> (rest: [String], forms: [String], written: [String])
    {
        var rest = words
        var forms: [String] = []
        var written: [String] = []
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
                written.insert(contentsOf: form.written, at: 0)
                removed = true
                break
            }
        }
        return (rest, forms, written)
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
            case 0x80..<latinFoldingEnd:
                let folded = latinFolding[Int(value) - 0x80]
                if folded.isEmpty {
                    separate()
                } else {
                    word.append(contentsOf: folded)
                    afterSpace = false
                }
            default:
                let folded = foldLetter(scalar)
                if folded.isEmpty {
                    separate()
                } else {
                    word.append(contentsOf: folded)
                    afterSpace = false
                }
            }
        }
        flush()
        return (main, bracketed)
    }

    /// A non-ASCII scalar as the UTF-8 of ASCII letters where it has a plain Latin reading ("ü" is
    /// "u", "ß" is "ss"); other letters (CJK, Arabic, ...) lower-cased as they are; empty for
    /// anything else, which separates words.
    private static func foldLetter(_ scalar: Unicode.Scalar) -> [UInt8] {
        if let special = specialLetters[scalar] { return Array(special.utf8) }
        let properties = scalar.properties
        guard properties.isAlphabetic || properties.numericType != nil else { return [] }
        let decomposed = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
        if let base = decomposed.first, base.isASCII, base.properties.isAlphabetic {
            return [UInt8(base.value | 0x20)]
        }
        return Array(properties.lowercaseMapping.utf8)
    }

    /// The end of the Latin blocks (Latin-1 Supplement, Extended-A and -B) whose foldings are
    /// worked out once: European names are full of them, and decomposing a letter costs a string.
    private static let latinFoldingEnd: UInt32 = 0x250

    /// `foldLetter` of U+0080 up to `latinFoldingEnd`, by scalar value less 0x80.
    private static let latinFolding: [[UInt8]] = (0x80..<latinFoldingEnd).map { value in
        Unicode.Scalar(value).map(foldLetter) ?? []
    }

    private static let specialLetters: [Unicode.Scalar: String] = [
        "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d",
        "Đ": "d", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d", "ı": "i",
    ]
}
