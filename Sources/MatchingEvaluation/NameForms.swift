/// A legal form as companies in one country write it; `spellings[0]` is the usual one and the others
/// are what people also type ("Ltd", "Ltd.", "Limited").
struct LegalForm: Sendable {
    let country: String
    let spellings: [String]
}

enum NameForms {
    static let legalForms: [LegalForm] = [
        LegalForm(country: "GB", spellings: ["Ltd", "Ltd.", "Limited", "LTD"]),
        LegalForm(country: "GB", spellings: ["PLC", "plc", "Public Limited Company"]),
        LegalForm(country: "GB", spellings: ["LLP", "L.L.P."]),
        LegalForm(country: "US", spellings: ["Inc", "Inc.", "Incorporated", "INC"]),
        LegalForm(country: "US", spellings: ["LLC", "L.L.C.", "Llc"]),
        LegalForm(country: "US", spellings: ["Corp", "Corp.", "Corporation"]),
        LegalForm(country: "DE", spellings: ["GmbH", "GMBH", "Gesellschaft mit beschränkter Haftung"]),
        LegalForm(country: "DE", spellings: ["AG", "Aktiengesellschaft"]),
        LegalForm(country: "DE", spellings: ["GmbH & Co. KG", "GmbH & Co KG", "GmbH u. Co. KG"]),
        LegalForm(country: "FR", spellings: ["SAS", "S.A.S."]),
        LegalForm(country: "FR", spellings: ["SARL", "S.A.R.L.", "Sàrl"]),
        LegalForm(country: "FR", spellings: ["S.A.", "SA"]),
        LegalForm(country: "IT", spellings: ["S.p.A.", "SpA", "S.P.A."]),
        LegalForm(country: "IT", spellings: ["S.r.l.", "Srl", "S.R.L."]),
        LegalForm(country: "NL", spellings: ["B.V.", "BV", "B.V"]),
        LegalForm(country: "NL", spellings: ["N.V.", "NV"]),
        LegalForm(country: "AU", spellings: ["Pty Ltd", "Pty. Ltd.", "Pty Limited", "Proprietary Limited"]),
        LegalForm(country: "JP", spellings: ["K.K.", "KK", "Kabushiki Kaisha"]),
        LegalForm(country: "JP", spellings: ["Co., Ltd.", "Co. Ltd", "Co Ltd"]),
        LegalForm(country: "DK", spellings: ["A/S", "AS"]),
        LegalForm(country: "SE", spellings: ["AB", "Aktiebolag"]),
        LegalForm(country: "FI", spellings: ["Oy", "OY", "Osakeyhtiö"]),
        LegalForm(country: "NO", spellings: ["AS", "A/S"]),
        LegalForm(country: "ES", spellings: ["S.L.", "SL"]),
        LegalForm(country: "PL", spellings: ["Sp. z o.o.", "sp. z o.o.", "Spółka z o.o.", "Sp. z.o.o."]),
        LegalForm(country: "CZ", spellings: ["s.r.o.", "S.R.O.", "spol. s r.o."]),
        LegalForm(country: "HU", spellings: ["Kft.", "Kft", "KFT"]),
        LegalForm(country: "BR", spellings: ["Ltda.", "Ltda", "LTDA"]),
        LegalForm(country: "MX", spellings: ["S.A. de C.V.", "SA de CV", "S.A. DE C.V."]),
    ]

    static let allLegalSpellings: [String] = legalForms.flatMap(\.spellings)

    /// Tokens of every legal form after `honestyKey`'s tokenizing, by their last token and longest
    /// first, so that "GmbH & Co. KG" is tried before "KG" alone could match part of it.
    private static let legalTokenSequences: [String: [[String]]] = {
        var sequences = Set<[String]>()
        for spelling in allLegalSpellings {
            sequences.insert(tokens(spelling))
        }
        for extra in [["kg"], ["ltd", "co"], ["se"], ["aps"], ["asa"], ["oyj"], ["ug"], ["ohg"], ["sro"]] {
            sequences.insert(extra)
        }
        let ordered = sequences.sorted {
            $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1)
        }
        return Dictionary(grouping: ordered, by: { $0.last! })
    }()

    /// The simple normalization used to keep labels honest: lower case, accents folded, `&` read as
    /// "and", punctuation and spacing ignored, a leading or trailing "The" and trailing legal forms
    /// removed. Two names with the same key are the same name to any careful reader, so a case is
    /// never labelled with one company while another has the account's key.
    static func honestyKey(_ name: String) -> String {
        var words = tokens(name)
        var stripped = true
        while stripped, let last = words.last {
            stripped = false
            for sequence in legalTokenSequences[last] ?? []
            where words.count >= sequence.count && words.suffix(sequence.count).elementsEqual(sequence) {
                words.removeLast(sequence.count)
                stripped = true
                break
            }
        }
        if words.count > 1, words.first == "the" { words.removeFirst() }
        if words.count > 1, words.last == "the" { words.removeLast() }
        return words.joined()
    }

    /// Lower-cased, accent-folded words; dots and apostrophes join ("A.B.C." is "abc"), other
    /// punctuation and control characters separate.
    static func tokens(_ name: String) -> [String] {
        var text = ""
        for character in fold(name) {
            if character == "&" {
                text += " and "
            } else if character == "." || character == "'" || character == "’" || character == "/"
                || character == "`" || character == "´" || character == "״"
            {
                continue
            } else if character.isLetter || character.isNumber {
                text.append(character)
            } else {
                text += " "
            }
        }
        return text.split(separator: " ").map(String.init)
    }

    /// Lower case with Latin accents removed; letters that are not an accent plus a base letter
    /// (ø, ł, ß, æ) are spelled out the way they are usually written without them.
    static func fold(_ name: String) -> String {
        let decomposed = name.lowercased().decomposedStringWithCanonicalMappingPortable
        var result = ""
        result.unicodeScalars.reserveCapacity(decomposed.unicodeScalars.count)
        for scalar in decomposed.unicodeScalars {
            if (0x300...0x36F).contains(scalar.value) { continue }
            switch scalar {
            case "ø": result += "o"
            case "ł": result += "l"
            case "ß": result += "ss"
            case "æ": result += "ae"
            case "œ": result += "oe"
            case "đ": result += "d"
            case "þ": result += "th"
            case "ı": result += "i"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Latin letters with accents removed but case kept, for variants such as "Muller" for "Müller".
    static func stripAccents(_ name: String) -> String {
        var result = ""
        for scalar in name.decomposedStringWithCanonicalMappingPortable.unicodeScalars {
            if (0x300...0x36F).contains(scalar.value) { continue }
            switch scalar {
            case "ø": result += "o"
            case "Ø": result += "O"
            case "ł": result += "l"
            case "Ł": result += "L"
            case "æ": result += "ae"
            case "Æ": result += "Ae"
            case "ß": result += "ss"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// German-style transliteration ("Müller" → "Mueller"), which tenants often use.
    static func transliterateGerman(_ name: String) -> String {
        var result = ""
        for character in name {
            switch character {
            case "ä": result += "ae"
            case "ö": result += "oe"
            case "ü": result += "ue"
            case "Ä": result += "Ae"
            case "Ö": result += "Oe"
            case "Ü": result += "Ue"
            case "ß": result += "ss"
            default: result.append(character)
            }
        }
        return result
    }

    /// Long words and the short forms people write for them; the first short form is the usual one.
    static let abbreviations: [(long: String, short: [String])] = [
        ("International", ["Intl", "Int'l", "Intl."]),
        ("Services", ["Svcs", "Svcs.", "Svc"]),
        ("Manufacturing", ["Mfg", "Mfg."]),
        ("Associates", ["Assoc", "Assoc.", "Assocs"]),
        ("Department", ["Dept", "Dept."]),
        ("Management", ["Mgmt", "Mgmt."]),
        ("Technologies", ["Tech", "Technol."]),
        ("Brothers", ["Bros", "Bros."]),
        ("Corporation", ["Corp", "Corp."]),
        ("Company", ["Co", "Co."]),
        ("Laboratories", ["Labs"]),
    ]
}

extension String {
    /// Canonical decomposition (NFD) without Foundation, so the key does not depend on the platform's ICU.
    var decomposedStringWithCanonicalMappingPortable: String {
        var result = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            appendDecomposition(of: scalar, to: &result)
        }
        return String(result)
    }
}

/// Decomposes precomposed Latin letters into base letter plus combining mark. Only the marks that
/// `fold` removes matter, so the table covers Latin-1 Supplement and Latin Extended-A; anything
/// else passes through unchanged.
private func appendDecomposition(of scalar: Unicode.Scalar, to result: inout String.UnicodeScalarView) {
    if let entry = latinDecompositions[scalar.value] {
        result.append(Unicode.Scalar(entry.base)!)
        result.append(Unicode.Scalar(entry.mark)!)
    } else {
        result.append(scalar)
    }
}

private let latinDecompositions: [UInt32: (base: UInt32, mark: UInt32)] = {
    // Base letters by accent, in the order the precomposed letters appear in Unicode.
    let grave: UInt32 = 0x300
    let acute: UInt32 = 0x301
    let circumflex: UInt32 = 0x302
    let tilde: UInt32 = 0x303
    let macron: UInt32 = 0x304
    let breve: UInt32 = 0x306
    let dot: UInt32 = 0x307
    let diaeresis: UInt32 = 0x308
    let ring: UInt32 = 0x30A
    let doubleAcute: UInt32 = 0x30B
    let caron: UInt32 = 0x30C
    let cedilla: UInt32 = 0x327
    let ogonek: UInt32 = 0x328
    var table: [UInt32: (UInt32, UInt32)] = [:]
    func add(_ composed: UInt32, _ base: Character, _ mark: UInt32) {
        table[composed] = (base.unicodeScalars.first!.value, mark)
    }
    let latin1: [(UInt32, Character, UInt32)] = [
        (0xC0, "A", grave), (0xC1, "A", acute), (0xC2, "A", circumflex), (0xC3, "A", tilde),
        (0xC4, "A", diaeresis), (0xC5, "A", ring), (0xC7, "C", cedilla), (0xC8, "E", grave), (0xC9, "E", acute),
        (0xCA, "E", circumflex), (0xCB, "E", diaeresis), (0xCC, "I", grave), (0xCD, "I", acute),
        (0xCE, "I", circumflex), (0xCF, "I", diaeresis), (0xD1, "N", tilde), (0xD2, "O", grave),
        (0xD3, "O", acute), (0xD4, "O", circumflex), (0xD5, "O", tilde), (0xD6, "O", diaeresis),
        (0xD9, "U", grave), (0xDA, "U", acute), (0xDB, "U", circumflex), (0xDC, "U", diaeresis),
        (0xDD, "Y", acute),
    ]
    for (composed, base, mark) in latin1 {
        add(composed, base, mark)
        // The lower-case letter sits 0x20 above its capital in Latin-1.
        add(composed + 0x20, Character(base.lowercased()), mark)
    }
    add(0xFF, "y", diaeresis)
    // Latin Extended-A comes in capital/small pairs.
    let extendedA: [(UInt32, Character, UInt32)] = [
        (0x100, "A", macron), (0x102, "A", breve), (0x104, "A", ogonek), (0x106, "C", acute),
        (0x108, "C", circumflex), (0x10A, "C", dot), (0x10C, "C", caron), (0x10E, "D", caron),
        (0x112, "E", macron), (0x114, "E", breve), (0x116, "E", dot), (0x118, "E", ogonek), (0x11A, "E", caron),
        (0x11C, "G", circumflex), (0x11E, "G", breve), (0x120, "G", dot), (0x122, "G", cedilla),
        (0x124, "H", circumflex), (0x128, "I", tilde), (0x12A, "I", macron), (0x12C, "I", breve),
        (0x12E, "I", ogonek), (0x134, "J", circumflex), (0x136, "K", cedilla), (0x139, "L", acute),
        (0x13B, "L", cedilla), (0x13D, "L", caron), (0x143, "N", acute), (0x145, "N", cedilla),
        (0x147, "N", caron), (0x14C, "O", macron), (0x14E, "O", breve), (0x150, "O", doubleAcute),
        (0x154, "R", acute), (0x156, "R", cedilla), (0x158, "R", caron), (0x15A, "S", acute),
        (0x15C, "S", circumflex), (0x15E, "S", cedilla), (0x160, "S", caron), (0x162, "T", cedilla),
        (0x164, "T", caron), (0x168, "U", tilde), (0x16A, "U", macron), (0x16C, "U", breve), (0x16E, "U", ring),
        (0x170, "U", doubleAcute), (0x172, "U", ogonek), (0x174, "W", circumflex), (0x176, "Y", circumflex),
        (0x179, "Z", acute), (0x17B, "Z", dot), (0x17D, "Z", caron),
    ]
    for (composed, base, mark) in extendedA {
        add(composed, base, mark)
        add(composed + 1, Character(base.lowercased()), mark)
    }
    add(0x178, "Y", diaeresis)
    return table
}()
