import PSACore

// How the real-name evaluation set is made and labelled.
//
// Names. Every company and every account comes from a real registered name
// (`Data/registered-names.tsv`), never from invented words. A part (tuning or held-out) uses only
// the names whose group key hashes to it. The PSA is first filled with real names ("filler"), at
// most one per group key, 5% of them inactive; each case then takes names no other case or filler
// uses, adds the companies its kind needs, and writes the account the way tenants and MSPs do.
//
// Labels. A case names a company only when a careful person, seeing the whole PSA list, would map
// the account to it without hesitation; it is nil when two companies are as plausible (regional
// siblings, duplicate records), when the company is absent, and for bad input. Honesty is checked
// with `RealNameKeys` (this module's own reading of names), against the finished company list: a
// labelled case whose label another active company could equally claim (same words once legal
// forms and regions are set aside, same initials, same domain label, a name within two edits for a
// typo, a company whose words begin the account's for extra words) is dropped, and so is a nil case
// that a careful person might map after all.

struct RealNameGenerator {
    private let part: EvaluationPart
    private var random: SplitMix64
    private var pool: [(key: String, name: RegisteredName)]
    private var companies: [PSACompany] = []
    private var cases: [EvaluationCase] = []
    /// Non-generic words of the PSA's names → companies, to find absent names that look like one.
    private var companiesByWord: [String: [Int]] = [:]
    private var nextCompany = 1
    private var nextAccount = 1

    init(part: EvaluationPart, seed: UInt64) {
        self.part = part
        random = SplitMix64(seed: seed &+ (part == .heldOut ? 0x5EED_0F_4E1D : 0))
        pool = RegisteredNames.part(part)
        random.shuffle(&pool)
    }

    mutating func generate(casesPerKind: Int, fillerCompanies: Int) -> EvaluationSet {
        for _ in 0..<fillerCompanies {
            guard let next = pool.popLast() else { break }
            addCompany(next.name.name, isActive: random.chance(0.95))
        }
        for kind in EvaluationSet.realNameKinds {
            var made = 0
            var attempts = 0
            while made < casesPerKind, attempts < casesPerKind * 20, !pool.isEmpty {
                attempts += 1
                if makeCase(kind) { made += 1 }
            }
        }
        let honest = RealNameAudit(companies: companies)
        cases = cases.filter(honest.keeps)
        random.shuffle(&companies)
        random.shuffle(&cases)
        return EvaluationSet(companies: companies, cases: cases)
    }

    // MARK: - Kinds

    private mutating func makeCase(_ kind: EvaluationCase.Kind) -> Bool {
        switch kind {
        case .exact:
            guard let name = take(where: { _ in true }) else { return false }
            return labelled(kind, company: name.name, account: name.name)
        case .caseAndAccents:
            guard let name = take(where: { _ in true }) else { return false }
            var options = [name.name.uppercased(), name.name.lowercased()]
            let stripped = NameForms.stripAccents(name.name)
            if stripped != name.name { options += [stripped, stripped, stripped.uppercased()] }
            let account = random.pick(options.filter { $0 != name.name })
            return labelled(kind, company: name.name, account: account)
        case .legalForm: return makeLegalForm()
        case .abbreviation: return makeAbbreviation()
        case .initials: return makeInitials()
        case .extraWords: return makeExtraWords()
        case .typo: return makeTypo()
        case .regionalSiblings: return makeRegionalSiblings()
        case .duplicateRecord: return makeDuplicate()
        case .domainLabel: return makeDomainLabel()
        case .absent: return makeAbsent()
        case .badDomain: return makeBadDomain()
        case .badName: return makeBadName()
        default: preconditionFailure("\(kind) is not a real-name kind")
        }
    }

    /// Drops the legal form, or writes it another way the ISO 20275 list has for it; on either side.
    private mutating func makeLegalForm() -> Bool {
        guard let name = take(where: { Self.splitLegalForm($0.name) != nil }),
            let (body, legal) = Self.splitLegalForm(name.name)
        else { return false }
        let legalWords = NameForms.tokens(legal)
        let others =
            Self.legalEntries.first { entry in entry.contains { NameForms.tokens($0) == legalWords } }?
            .filter { NameForms.tokens($0) != legalWords && $0.unicodeScalars.allSatisfy(\.isASCII) } ?? []
        let variant = !others.isEmpty && random.chance(0.6) ? body + " " + random.pick(others) : body
        return random.chance(0.5)
            ? labelled(.legalForm, company: name.name, account: variant)
            : labelled(.legalForm, company: variant, account: name.name)
    }

    private static let abbreviations: [(long: String, short: [String])] = [
        ("International", ["Intl", "Int'l", "Intl."]), ("Manufacturing", ["Mfg", "Mfg."]), ("Services", ["Svcs"]),
        ("Service", ["Svc"]), ("Group", ["Grp"]), ("Technology", ["Tech"]), ("Technologies", ["Tech"]),
        ("Systems", ["Sys"]), ("Corporation", ["Corp", "Corp."]), ("Company", ["Co", "Co."]),
        ("Electronics", ["Elec"]), ("Communications", ["Comms"]), ("Engineering", ["Eng"]),
        ("Laboratories", ["Labs"]), ("Management", ["Mgmt"]), ("Associates", ["Assoc"]), ("Products", ["Prods"]),
        ("Equipment", ["Equip"]), ("Instruments", ["Instr"]), ("Holdings", ["Hldgs"]), ("Brothers", ["Bros"]),
        ("Industries", ["Inds", "Ind"]), ("Development", ["Dev"]), ("Semiconductor", ["Semi"]),
        ("Telecommunications", ["Telecom"]), ("Limited", ["Ltd"]),
    ]

    /// One long word of the name written short, as accounts do ("Intl", "Mfg", "Svcs", "Grp").
    private mutating func makeAbbreviation() -> Bool {
        func abbreviable(_ name: RegisteredName) -> Bool {
            let words = Set(name.name.split(separator: " ").map { $0.lowercased() })
            return Self.abbreviations.dropLast().contains { words.contains($0.long.lowercased()) }
        }
        guard let name = take(where: abbreviable) else { return false }
        var words = name.name.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let positions = words.indices.filter { index in
            Self.abbreviations.dropLast().contains { $0.long.lowercased() == words[index].lowercased() }
        }
        let position = random.pick(positions)
        let entry = Self.abbreviations.first { $0.long.lowercased() == words[position].lowercased() }!
        let short = random.pick(entry.short)
        words[position] = words[position] == words[position].uppercased() ? short.uppercased() : short
        return labelled(.abbreviation, company: name.name, account: words.joined(separator: " "))
    }

    /// The first two or three words as initials: "Shenzhen Streaming Video Technology Co., Ltd." as
    /// "SSV Technology Co., Ltd.".
    private mutating func makeInitials() -> Bool {
        func fits(_ name: RegisteredName) -> Bool {
            let written = name.name.split(separator: " ")
            let words = name.core
            guard words.count >= 3, written.count >= 3 else { return false }
            return written.prefix(3).allSatisfy { word in
                NameForms.tokens(String(word)).count == 1 && word.first?.isLetter == true && word.first?.isASCII == true
            }
        }
        guard let name = take(where: fits) else { return false }
        let written = name.name.split(separator: " ").map(String.init)
        let words = name.core
        let count = words.count > 3 && random.chance(0.5) ? 3 : 2
        guard written.prefix(count).map({ NameForms.tokens($0)[0] }) == Array(words.prefix(count)) else { return false }
        let initials = String(written.prefix(count).compactMap(\.first)).uppercased()
        let rest = written.dropFirst(count).joined(separator: " ")
        let dotted = random.chance(0.2) ? initials.map { "\($0)." }.joined() : initials
        return labelled(.initials, company: name.name, account: dotted + " " + rest)
    }

    /// A department, a site (the company's own city), a region tail, "(Head Office)" or a number.
    private mutating func makeExtraWords() -> Bool {
        guard let name = take(where: { _ in true }) else { return false }
        let base = random.chance(0.5) ? (Self.splitLegalForm(name.name)?.body ?? name.name) : name.name
        var extras = [
            " - EMEA", " - APAC", " (Head Office)", " - Head Office", " Finance Dept", " IT Dept", " - Finance",
            " (Sales)", " 2", " 01", " - Accounts", " HQ",
        ]
        if !name.city.isEmpty, name.city.unicodeScalars.allSatisfy(\.isASCII) {
            extras += [" " + name.city, " " + name.city, " - " + name.city, " " + name.city + " Office"]
        }
        return labelled(.extraWords, company: name.name, account: base + random.pick(extras))
    }

    /// One letter swapped, replaced or dropped in the name's longest word (six letters or more).
    private mutating func makeTypo() -> Bool {
        func longestWord(_ name: String) -> Range<String.Index>? {
            var best: Range<String.Index>?
            var start: String.Index?
            var index = name.startIndex
            while index <= name.endIndex {
                let isLetter = index < name.endIndex && name[index].isASCII && name[index].isLetter
                if isLetter, start == nil { start = index }
                if !isLetter, let from = start {
                    if name.distance(from: from, to: index) >= 6,
                        best.map({ name.distance(from: $0.lowerBound, to: $0.upperBound) }) ?? 0
                            < name.distance(from: from, to: index)
                    {
                        best = from..<index
                    }
                    start = nil
                }
                if index == name.endIndex { break }
                index = name.index(after: index)
            }
            return best
        }
        guard let name = take(where: { longestWord($0.name) != nil }), let range = longestWord(name.name) else {
            return false
        }
        var letters = Array(name.name[range])
        let at = 1 + random.below(letters.count - 2)
        switch random.below(3) {
        case 0 where letters[at] != letters[at + 1]: letters.swapAt(at, at + 1)
        case 1: letters.remove(at: at)
        default:
            let replacement: Character = letters[at] == "e" ? "a" : "e"
            letters[at] = letters[at].isUppercase ? Character(replacement.uppercased()) : replacement
        }
        var account = name.name
        account.replaceSubrange(range, with: String(letters))
        guard account != name.name else { return false }
        return labelled(.typo, company: name.name, account: account)
    }

    /// Regions as PSAs write them after a name, with a legal form of that country.
    private static let siblingRegions: [(code: String, spellings: [String], legal: String)] = [
        ("nz", ["(NZ)", "(New Zealand)", "NZ", "New Zealand"], "Limited"), ("ca", ["Canada", "(Canada)"], "Inc"),
        ("gb", ["(UK)", "UK", "(United Kingdom)"], "Ltd"), ("au", ["Australia", "(Australia)"], "Pty Ltd"),
        ("de", ["Deutschland", "(Germany)", "Germany"], "GmbH"), ("us", ["USA", "(US)", "US"], "Inc"),
        ("ie", ["Ireland", "(Ireland)"], "Limited"), ("sg", ["Singapore", "(Singapore)"], "Pte Ltd"),
        ("fr", ["France", "(France)"], "SAS"), ("nl", ["Nederland", "(Netherlands)"], "B.V."),
        ("jp", ["Japan", "(Japan)"], "K.K."),
    ]

    /// The PSA holds the name in two regions: an account that names neither is for review (nil);
    /// one that names a sibling's region means that sibling.
    private mutating func makeRegionalSiblings() -> Bool {
        guard let name = take(where: { RealNameKeys.regions($0.name).isEmpty }) else { return false }
        let body = Self.splitLegalForm(name.name)?.body ?? name.name
        var regions = Self.siblingRegions
        random.shuffle(&regions)
        let siblings = regions.prefix(2).map { region in
            body + " " + random.pick(region.spellings) + " " + region.legal
        }
        let first = addCompany(siblings[0], isActive: true)
        addCompany(siblings[1], isActive: true)
        if random.chance(0.5) {
            let account = random.chance(0.5) ? body : name.name
            if random.chance(0.3) { addCompany(name.name, isActive: true) }
            return unlabelled(.regionalSiblings, account: account)
        }
        let account =
            body + " " + random.pick(regions[0].spellings) + (random.chance(0.4) ? " " + regions[0].legal : "")
        appendCase(.regionalSiblings, account: account, expected: companies[first].id)
        return true
    }

    /// The same company entered twice with two legal forms, one of another country.
    private mutating func makeDuplicate() -> Bool {
        guard let name = take(where: { _ in true }) else { return false }
        let body = Self.splitLegalForm(name.name)?.body ?? name.name
        let foreign = random.pick(Self.shortForeignLegalForms)
        addCompany(name.name, isActive: true)
        addCompany(body + " " + foreign, isActive: true)
        return unlabelled(.duplicateRecord, account: random.chance(0.6) ? body : name.name)
    }

    /// The account's name is its tenant's domain: the name's words joined, with or without the
    /// legal form, before `.onmicrosoft.com` or a country's domain.
    private mutating func makeDomainLabel() -> Bool {
        guard let name = take(where: { Self.domainWords($0.name) != nil }),
            let words = Self.domainWords(name.name)
        else { return false }
        var labelWords = words
        if random.chance(0.35), let legal = Self.splitLegalForm(name.name)?.legal {
            let legalWords = NameForms.tokens(NameForms.stripAccents(legal))
            if legalWords.allSatisfy({ $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }) {
                labelWords += legalWords
            }
        }
        let account: String
        switch random.below(4) {
        case 0: account = labelWords.joined() + ".onmicrosoft.com"
        case 1: account = labelWords.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() + ".onmicrosoft.com"
        case 2: account = labelWords.joined(separator: "-") + Self.countryDomain(name.country)
        default: account = labelWords.joined() + Self.countryDomain(name.country)
        }
        guard labelWords.joined().count >= 3, labelWords.joined().count <= 60 else { return false }
        return labelled(.domainLabel, company: name.name, account: account)
    }

    /// A real name that is not in the PSA, though a PSA company shares one of its telling words.
    private mutating func makeAbsent() -> Bool {
        let index = companiesByWord
        guard
            let name = take(where: { name in
                name.words.contains { word in word.count >= 4 && index[word] != nil }
            })
        else { return false }
        return unlabelled(.absent, account: name.name)
    }

    /// Tenant domains that are not domains, built on a PSA company's name so that a careless
    /// matcher would find it.
    private mutating func makeBadDomain() -> Bool {
        guard let name = take(where: { Self.domainWords($0.name) != nil }),
            let words = Self.domainWords(name.name)
        else { return false }
        addCompany(name.name, isActive: true)
        let label = words.joined()
        let forms = [
            label + ".onmicrosoft", label + "onmicrosoftcom", label + "..onmicrosoft.com", ".onmicrosoft.com",
            (words.count > 1 ? words.joined(separator: "_") : label + "_it") + ".onmicrosoft.com", label + ".local",
            label + ".internal", label + ".lan",
            label + ".onmicrosoft.con", "https://" + label, "-" + label + ".com", label + "-.co.uk",
            String(random.below(90_000) + 10_000) + ".onmicrosoft.com", "ltd.onmicrosoft.com", "gmbh.de",
            label + ".c0m",
        ]
        return unlabelled(.badDomain, account: random.pick(forms))
    }

    private mutating func makeBadName() -> Bool {
        let legal = random.pick(Self.legalEntries.flatMap { $0 })
        let forms = [
            "", "   ", "---", "()", "& Co.", String(random.below(900_000) + 100_000), "0800 123 456", legal,
            legal.uppercased(), "(" + legal + ")",
        ]
        return unlabelled(.badName, account: random.pick(forms))
    }

    // MARK: - Helpers

    /// Every entry of the ISO 20275 list with its spellings, and the evaluation's own.
    private static let legalEntries: [[String]] =
        LegalFormData.entries.map(\.spellings) + NameForms.legalForms.map(\.spellings)

    /// Short legal forms of many countries written in ASCII ("Kft.", "Sdn Bhd", "S.A.C.").
    private static let shortForeignLegalForms: [String] = {
        let all = Set(
            legalEntries.flatMap { $0 }.filter { spelling in
                spelling.count <= 10 && spelling.unicodeScalars.allSatisfy(\.isASCII)
                    && NameForms.tokens(spelling).joined().count >= 2
            })
        return all.sorted()
    }()

    /// The name split into what comes before its trailing legal form and the form as written;
    /// nil when it has none.
    static func splitLegalForm(_ name: String) -> (body: String, legal: String)? {
        let written = name.split(separator: " ").map(String.init)
        for count in stride(from: min(4, written.count - 1), through: 1, by: -1) {
            let tail = written.suffix(count).joined(separator: " ")
            let tokens = NameForms.tokens(tail)
            guard let last = tokens.last else { continue }
            if (RealNameKeys.legalSequences[last] ?? []).contains(tokens) {
                var body = written.dropLast(count).joined(separator: " ")
                while body.last == "," || body.last == " " { body.removeLast() }
                guard !NameForms.tokens(body).isEmpty else { return nil }
                return (body, tail)
            }
        }
        return nil
    }

    /// The name's words as a domain label takes them: ASCII letters and digits only.
    static func domainWords(_ name: String) -> [String]? {
        let words = RealNameKeys.regionless(RealNameKeys.words(NameForms.stripAccents(name))).words
        guard !words.isEmpty, words.allSatisfy({ $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } })
        else { return nil }
        return words
    }

    private static func countryDomain(_ country: String) -> String {
        switch country {
        case "GB": return ".co.uk"
        case "AU": return ".com.au"
        case "NZ": return ".co.nz"
        case "JP": return ".co.jp"
        case "CN": return ".com.cn"
        case "BR": return ".com.br"
        case "IN": return ".co.in"
        case "ZA": return ".co.za"
        case "US", "": return ".com"
        default: return "." + country.lowercased()
        }
    }

    /// Takes a name that fits from the last 300 of the pool.
    private mutating func take(where fits: (RegisteredName) -> Bool) -> RegisteredName? {
        let lower = max(0, pool.count - 300)
        guard let index = pool[lower...].lastIndex(where: { fits($0.name) }) else { return nil }
        return pool.remove(at: index).name
    }

    @discardableResult
    private mutating func addCompany(_ name: String, isActive: Bool) -> Int {
        let prefix = part == .tuning ? "t" : "h"
        companies.append(PSACompany(id: "\(prefix)\(nextCompany)", name: name, isActive: isActive))
        nextCompany += 1
        let position = companies.count - 1
        for word in Set(RealNameKeys.words(name)) where word.count >= 4 {
            companiesByWord[word, default: []].append(position)
        }
        return position
    }

    private mutating func labelled(_ kind: EvaluationCase.Kind, company: String, account: String) -> Bool {
        let position = addCompany(company, isActive: true)
        appendCase(kind, account: account, expected: companies[position].id)
        return true
    }

    private mutating func unlabelled(_ kind: EvaluationCase.Kind, account: String) -> Bool {
        appendCase(kind, account: account, expected: nil)
        return true
    }

    private mutating func appendCase(_ kind: EvaluationCase.Kind, account: String, expected: String?) {
        let prefix = part == .tuning ? "t" : "h"
        let nerdio = NerdioAccount(id: "\(prefix)acct-\(nextAccount)", name: account, tenantID: random.guid())
        nextAccount += 1
        cases.append(EvaluationCase(account: nerdio, expectedCompanyID: expected, kind: kind))
    }
}

/// The honesty checks of the finished real-name set (see the top of `RealNameGenerator.swift`).
struct RealNameAudit {
    private var idsByGroup: [String: Set<String>] = [:]
    private var idsByInitials: [String: Set<String>] = [:]
    private var idsByJoinedWithLegal: [String: Set<String>] = [:]
    private var groupsByLength: [Int: [(key: String, id: String)]] = [:]
    private var namesByID: [String: String] = [:]

    init(companies: [PSACompany]) {
        for company in companies where company.isActive {
            namesByID[company.id] = company.name
            let words = RealNameKeys.regionless(RealNameKeys.words(company.name)).words
            let key = words.joined()
            idsByGroup[key, default: []].insert(company.id)
            groupsByLength[key.count, default: []].append((key, company.id))
            for count in 2...4 {
                if let initials = RealNameKeys.initialsKey(words, count: count) {
                    idsByInitials[initials, default: []].insert(company.id)
                }
            }
            let all = RealNameKeys.unbracketedTokens(NameForms.stripAccents(company.name))
            idsByJoinedWithLegal[all.joined(), default: []].insert(company.id)
            idsByJoinedWithLegal[RealNameKeys.words(company.name).joined(), default: []].insert(company.id)
        }
    }

    func keeps(_ evaluationCase: EvaluationCase) -> Bool {
        let name = evaluationCase.account.name
        let words = RealNameKeys.regionless(RealNameKeys.words(name)).words
        let key = words.joined()
        let sharing = idsByGroup[key] ?? []
        guard let expected = evaluationCase.expectedCompanyID else {
            switch evaluationCase.kind {
            case .absent:
                // Nothing a careful person could map it to: no company with its words, the start
                // of its words, or its words within one edit.
                guard sharing.isEmpty, idsByInitials[key] == nil else { return false }
                for length in 1..<max(1, words.count) where idsByGroup[words.prefix(length).joined()] != nil {
                    return false
                }
                return within(2, of: key).isEmpty
            default:
                return true
            }
        }
        switch evaluationCase.kind {
        case .regionalSiblings:
            let regions = RealNameKeys.regions(name)
            let carrying = sharing.filter { RealNameKeys.regions(namesByID[$0] ?? "") == regions }
            return carrying == [expected]
        case .domainLabel:
            guard let label = DomainLabelReader.label(of: name) else { return false }
            let claimed = (idsByGroup[label] ?? []).union(idsByJoinedWithLegal[label] ?? [])
            return claimed == [expected]
        default:
            guard sharing.isSubset(of: [expected]) else { return false }
        }
        switch evaluationCase.kind {
        case .initials:
            return idsByInitials[key] == [expected]
        case .extraWords:
            for length in 1..<max(1, words.count) {
                guard (idsByGroup[words.prefix(length).joined()] ?? []).isSubset(of: [expected]) else { return false }
            }
            return true
        case .typo:
            return within(2, of: key).isSubset(of: [expected])
        default:
            return true
        }
    }

    /// Companies whose group key is at most `distance` edits from `key` (same first letter).
    private func within(_ distance: Int, of key: String) -> Set<String> {
        let letters = Array(key.unicodeScalars)
        var found = Set<String>()
        for length in (letters.count - distance)...(letters.count + distance) {
            for (other, id) in groupsByLength[length] ?? [] where other.unicodeScalars.first == letters.first {
                if editDistance(letters, Array(other.unicodeScalars), limit: distance) <= distance { found.insert(id) }
            }
        }
        return found
    }
}

/// The label of a tenant domain, read in this module's own way (for the audit): the part before
/// `.onmicrosoft.com`, else before the last one or two labels of a country domain.
enum DomainLabelReader {
    static func label(of name: String) -> String? {
        let lower = name.lowercased()
        let labels = lower.split(separator: ".").map(String.init)
        guard labels.count >= 2 else { return nil }
        let twoPart = labels.count >= 3 && ["co", "com", "org", "net", "ac"].contains(labels[labels.count - 2])
        let at = lower.hasSuffix(".onmicrosoft.com") || twoPart ? labels.count - 3 : labels.count - 2
        guard at >= 0 else { return nil }
        return labels[at].filter { $0 != "-" }
    }
}

/// Levenshtein distance with transpositions, stopping early once over `limit`.
func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
    if abs(a.count - b.count) > limit { return limit + 1 }
    var previousPrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    for i in 1...max(1, a.count) where !a.isEmpty {
        var current = [Int](repeating: 0, count: b.count + 1)
        current[0] = i
        var rowMinimum = current[0]
        for j in 1...max(1, b.count) where !b.isEmpty {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                current[j] = min(current[j], previousPrevious[j - 2] + 1)
            }
            rowMinimum = min(rowMinimum, current[j])
        }
        if rowMinimum > limit { return limit + 1 }
        previousPrevious = previous
        previous = current
    }
    return a.isEmpty ? b.count : b.isEmpty ? a.count : previous[b.count]
}
