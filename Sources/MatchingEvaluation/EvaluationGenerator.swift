import PSACore

// How the evaluation set is made and labelled.
//
// Names. Every case owns its distinctive words (a surname, a place, an invented brand, initials or
// a two-part brand such as "BlueSky"); `TokenPool` keeps all distinctive words in the set at least
// three edits apart and apart from the shared vocabulary (industries, "Group", legal forms). A name
// is a distinctive part, usually an industry ("Dental Care", "Bäckerei", "Autohaus …"), sometimes a
// non-distinctive word, and often a legal form of its country. Filler companies are built the same
// way from words no case owns, so they look like the targets without ever being confusable with one.
//
// Labels. A case is labelled with a company only when a careful person, seeing the whole PSA list,
// would map the account to it without hesitation:
// - the account differs from its company in the ways its kind describes, and nothing else in the
//   PSA shares the account's distinctive words, except the deliberate siblings of `nearDistractor`
//   cases, which differ in a distinctive word (an industry) the account agrees with;
// - `tenantID` and `domain` cases are labelled on that evidence alone, the names being unrelated;
// - a case is nil when its company is absent, when two or more active companies fit equally
//   (`ambiguous`, `nearDistractorTie`), when only an inactive company fits, and for bad input
//   (empty, one letter, only a legal form, 1,000 characters, only control characters);
// - a name in a non-Latin script is labelled only when the PSA holds exactly that name once;
// - a known name with stray control characters is labelled, as a person reads past them.
//
// Honesty checks. `honestyKey` is a simple normalization (case, accents, punctuation, spacing,
// `&`/"and", "The", trailing legal forms). Every planned case is checked against it before it is
// kept, and regenerated with fresh words when it fails:
// - a company added for a case never shares a key with a company already in the set (that would
//   change the truth of an earlier case) unless the case is about exactly that (its own siblings);
// - labelled: no company other than the label, apart from inactive ones, has the account's key;
// - absent and ties: no company has the account's key; inactive only: only inactive companies do;
// - ambiguous: at least two active companies have the account's key.
// Filler is added only under a key no company has yet. A final audit re-checks every case against
// the finished company list and stops the program if a rule is broken, since that would be a bug.
//
// Evidence is kept apart by kind: only `tenantID` cases share a tenant with a company and only
// `domain` cases share a domain, so the name kinds measure names. Other accounts get a unique
// domain of their own (or none), and some filler companies carry unrelated tenants and domains.

struct EvaluationGenerator {
    private struct ScriptFamily {
        /// 0 Japanese, 1 Chinese, 2 Korean, 3 Arabic, 4 Hebrew.
        var script: Int
        var part: String
    }

    private enum Rule {
        case labelled, noCompany, onlyInactive, ambiguous, unchecked
    }

    private struct PlannedCompany {
        var name: String
        var isActive = true
        var tenantIDs: [String] = []
        var domains: [String] = []
    }

    private struct Plan {
        var companies: [PlannedCompany]
        var accountName: String
        var expected: Int?
        var rule: Rule
        var accountTenant: String?
        var accountDomain: String?
        /// For the mass-duplicate case, whose copies repeat one key on purpose.
        var repeatedCopies = 0
    }

    /// The parts of a company name, so that a variant can change one part and keep the others.
    private struct NameParts {
        var leadingThe = false
        var body: String
        var legalForm: Int?
        var legal: String?
        var commaBeforeLegal = false
        var suffix: String?

        var rendered: String {
            var text = leadingThe ? "The " + body : body
            if let legal { text += (commaBeforeLegal ? ", " : " ") + legal }
            if let suffix { text += suffix }
            return text
        }
    }

    private var random: SplitMix64
    private var pool = TokenPool()
    private var realTokens: [String] = []
    private var usedInitials: Set<String> = []
    private var compoundsExhausted = false
    private var usedScriptNames: Set<String> = []
    private var usedDomains: Set<String> = []
    private var companies: [PSACompany] = []
    private var keyIndex: [String: [Int]] = [:]
    private var cases: [EvaluationCase] = []
    private var rules: [Rule] = []
    private var nextCompanyNumber = 1001
    private var nextAccountNumber = 1

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
        let shared =
            Vocabulary.industries + Vocabulary.prefixIndustries + Vocabulary.droppableWords
            + Vocabulary.departments + NameForms.allLegalSpellings + NameForms.abbreviations.map(\.long)
            + Vocabulary.industryPairs.flatMap { [$0.0, $0.1] }
        for phrase in shared {
            for word in phrase.split(separator: " ") where word.count >= 4 {
                pool.reserve(String(word))
            }
        }
        var real = Vocabulary.surnames + Vocabulary.places
        random.shuffle(&real)
        realTokens = real.filter { pool.admit($0) }
    }

    mutating func generate(casesPerKind: Int, fillerCompanies: Int) -> EvaluationSet {
        for kind in EvaluationSet.syntheticKinds {
            var made = 0
            var failures = 0
            while made < casesPerKind {
                let plan = plan(kind, index: made, of: casesPerKind)
                if commit(plan, kind: kind) {
                    made += 1
                } else {
                    failures += 1
                    precondition(failures < 50 * casesPerKind + 1_000, "cannot make honest \(kind) cases")
                }
            }
        }
        addJunkCompanies()
        addFiller(count: fillerCompanies)
        audit()
        random.shuffle(&companies)
        random.shuffle(&cases)
        return EvaluationSet(companies: companies, cases: cases)
    }

    // MARK: - Kinds

    private mutating func plan(_ kind: EvaluationCase.Kind, index: Int, of total: Int) -> Plan {
        switch kind {
        case .exact: return planExact()
        case .caseAndAccents: return planCaseAndAccents()
        case .punctuationAndSpacing: return planPunctuation()
        case .ampersandAnd: return planAmpersand()
        case .leadingThe: return planLeadingThe()
        case .legalForm: return planLegalForm()
        case .abbreviation: return planAbbreviation()
        case .regionOrDepartmentSuffix: return planRegionSuffix()
        case .typo: return planTypo()
        case .droppedWord: return planDroppedWord()
        case .wordOrder: return planWordOrder()
        case .tenantID: return planRebrand(byTenant: true)
        case .domain: return planRebrand(byTenant: false)
        case .nearDistractor: return planNearDistractor()
        case .nearDistractorTie: return planTie()
        case .absent: return planAbsent()
        case .ambiguous: return planAmbiguous(index: index, of: total)
        case .inactiveOnly: return planInactiveOnly()
        case .activeAndInactive: return planActiveAndInactive()
        case .emptyOrBlank:
            return junkPlan(random.pick(["", " ", "   ", "\u{00A0}", "\u{3000}", "\u{200B}", " \u{00A0} "]))
        case .oneLetter:
            return junkPlan(random.pick(["A", "b", "X", "z", "Ø", "É", "ß", "Q", "m", "Ł", "ü", "K"]))
        case .legalFormOnly:
            let spelling = random.pick(NameForms.allLegalSpellings)
            return junkPlan(
                random.pick([spelling, spelling, spelling.uppercased(), ", " + spelling, " " + spelling + " "]))
        case .veryLong: return junkPlan(longName())
        case .rightToLeft, .cjk: return planScript(cjk: kind == .cjk)
        case .controlCharacters: return planControl()
        case .initials, .extraWords, .regionalSiblings, .duplicateRecord, .domainLabel, .badDomain, .badName:
            preconditionFailure("\(kind) cases are built from real names, by RealNameGenerator")
        }
    }

    private mutating func planExact() -> Plan {
        let name = baseParts(core: caseCore()).rendered
        return single(company: name, account: name)
    }

    private mutating func planCaseAndAccents() -> Plan {
        let wantsAccents = random.chance(0.7)
        let core = wantsAccents ? (accentedRealToken() ?? caseCore()) : caseCore()
        var parts = baseParts(core: core)
        if wantsAccents && !hasNonASCII(parts.body) {
            parts.body = core + " " + random.pick(Vocabulary.industries.filter(hasNonASCII))
        }
        let original = parts.rendered
        var options = [original.uppercased(), original.lowercased()]
        if hasNonASCII(original) {
            let stripped = NameForms.stripAccents(original)
            options += [stripped, stripped, stripped.uppercased()]
            let german = NameForms.transliterateGerman(original)
            if german != original { options.append(german) }
        }
        let variant = random.pick(options.filter { $0 != original })
        return twoSided(original, variant)
    }

    private mutating func planPunctuation() -> Plan {
        let industry = random.pick(Vocabulary.industries)
        switch random.below(6) {
        case 0:
            let letters = freshInitials()
            let forms = [
                letters.map(String.init).joined(separator: ".") + ".", String(letters),
                letters.map(String.init).joined(separator: " "), letters.map { "\($0)." }.joined(separator: " "),
            ]
            let first = random.below(forms.count)
            let second = (first + 1 + random.below(forms.count - 1)) % forms.count
            let legal = maybeLegal(0.5)
            return twoSided(
                forms[first] + " " + industry + (legal.map { " " + $0 } ?? ""),
                forms[second] + " " + industry + (legal.map { " " + $0 } ?? ""))
        case 1:
            let first = caseToken()
            let second = caseToken()
            let tail = " " + industry + (maybeLegal(0.4).map { " " + $0 } ?? "")
            return twoSided(first + "-" + second + tail, first + " " + second + tail)
        case 2:
            let core = caseCore()
            let form = NameForms.legalForms[random.pick([0, 3, 4, 5])]
            let dotted = form.spellings.first { $0.hasSuffix(".") } ?? form.spellings[0] + "."
            let plain = dotted.filter { $0 != "." }
            return twoSided(core + " " + industry + ", " + dotted, core + " " + industry + " " + plain)
        case 3:
            let core = caseToken()
            let apostrophe = random.pick(["'", "’", "`"])
            let withApostrophe = core + apostrophe + "s " + industry
            let plainS = apostrophe == "'" || random.chance(0.5)
            return twoSided(withApostrophe, plainS ? core + "s " + industry : core + "'s " + industry)
        case 4:
            guard let (first, second) = freshCompound() else { return planPunctuation() }
            let tail = " " + industry + (maybeLegal(0.4).map { " " + $0 } ?? "")
            return twoSided(first + " " + second + tail, first + second.lowercased() + tail)
        default:
            let name = baseParts(core: caseCore(), minimumWords: 2).rendered
            let words = name.split(separator: " ").map(String.init)
            let spaced: String
            switch random.below(3) {
            case 0: spaced = words.joined(separator: "  ")
            case 1: spaced = " " + name + "  "
            default:
                let at = 1 + random.below(words.count - 1)
                spaced = words[..<at].joined(separator: " ") + "  " + words[at...].joined(separator: " ")
            }
            return twoSided(name, spaced)
        }
    }

    private mutating func planAmpersand() -> Plan {
        let withAmpersand: String
        switch random.below(4) {
        case 0:
            withAmpersand = caseToken() + " & " + caseToken() + " " + random.pick(Vocabulary.industries)
        case 1:
            withAmpersand = caseToken() + " & " + random.pick(["Sons", "Partners", "Daughters", "Associates"])
        case 2:
            let pair = random.pick(Vocabulary.industryPairs)
            withAmpersand = caseToken() + " " + pair.0 + " & " + pair.1
        default:
            let letters = freshInitials(count: 2)
            withAmpersand = "\(letters[0])&\(letters[1]) " + random.pick(Vocabulary.industries)
        }
        let legal = maybeLegal(0.4).map { " " + $0 } ?? ""
        let spelled = withAmpersand.contains(" & ") ? random.pick([" and ", " And ", " AND "]) : " and "
        let replaced = withAmpersand.replacingFirst(withAmpersand.contains(" & ") ? " & " : "&", with: spelled)
        return twoSided(withAmpersand + legal, replaced + legal)
    }

    private mutating func planLeadingThe() -> Plan {
        var parts = baseParts(core: caseCore(), minimumWords: 2)
        let plain = parts.rendered
        let variant: String
        if random.chance(0.15) && parts.legal == nil {
            variant = plain + ", The"
        } else {
            parts.leadingThe = true
            variant = random.chance(0.1) ? "THE " + plain : parts.rendered
        }
        return twoSided(plain, variant)
    }

    private mutating func planLegalForm() -> Plan {
        var parts = baseParts(core: caseCore())
        let formIndex = random.below(NameForms.legalForms.count)
        let form = NameForms.legalForms[formIndex]
        parts.legalForm = formIndex
        parts.legal = random.pick(form.spellings)
        let withLegal = parts.rendered
        var other = parts
        if form.spellings.count > 1 && random.chance(0.5) {
            other.legal = random.pick(form.spellings.filter { $0 != parts.legal })
        } else {
            other.legal = nil
        }
        return twoSided(withLegal, other.rendered)
    }

    private mutating func planAbbreviation() -> Plan {
        let core = caseCore()
        var long: String
        switch random.below(11) {
        case 0: long = core + " International"
        case 1: long = core + " " + random.pick(["Cleaning", "Financial", "IT", "Property", "Legal"]) + " Services"
        case 2: long = core + " Manufacturing"
        case 3: long = core + " & Associates"
        case 4:
            long = core + " Department of " + random.pick(["Public Works", "Health", "Education", "Transportation"])
        case 5: long = core + " " + random.pick(["Property", "Asset", "Facilities", "Waste", "Wealth"]) + " Management"
        case 6: long = core + " Technologies"
        case 7: long = core + " Brothers"
        case 8: long = core + " Corporation"
        case 9: long = core + " & Company"
        default: long = core + " International " + random.pick(["Services", "Laboratories", "Manufacturing"])
        }
        if random.chance(0.3), !long.hasSuffix("Corporation"), !long.hasSuffix("Company") {
            long += " " + random.pick(["Ltd", "Inc", "LLC", "GmbH", "Pty Ltd"])
        }
        var short = long
        for (word, forms) in NameForms.abbreviations where short.contains(word) {
            if short == long || random.chance(0.6) {
                short = short.replacingFirst(word, with: random.pick(forms))
            }
        }
        return twoSided(long, short)
    }

    private mutating func planRegionSuffix() -> Plan {
        let parts = baseParts(core: caseCore())
        let plain = parts.rendered
        let suffix: String
        if random.chance(0.3) {
            suffix = " - " + random.pick(Vocabulary.departments)
        } else {
            suffix = random.pick(Vocabulary.regionSuffixes)
        }
        return twoSided(plain, plain + suffix)
    }

    private mutating func planTypo() -> Plan {
        let name = baseParts(core: caseCore()).rendered
        var words = name.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let legalWords = Set(NameForms.allLegalSpellings.flatMap { $0.split(separator: " ").map(String.init) })
        let candidates = words.indices.filter { index in
            words[index].count >= 5 && words[index].allSatisfy(\.isLetter) && !legalWords.contains(words[index])
        }
        guard let chosen = candidates.isEmpty ? nil : random.pick(candidates) else { return planTypo() }
        words[chosen] = typo(in: words[chosen])
        return twoSided(name, words.joined(separator: " "))
    }

    private mutating func planDroppedWord() -> Plan {
        let core = caseCore()
        let dropped = random.pick(Vocabulary.droppableWords)
        let industry = random.chance(0.75) ? " " + random.pick(Vocabulary.industries) : ""
        let legal = maybeLegal(0.45).map { " " + $0 } ?? ""
        return twoSided(core + industry + " " + dropped + legal, core + industry + legal)
    }

    private mutating func planWordOrder() -> Plan {
        let core = caseCore()
        let legal = maybeLegal(0.4).map { " " + $0 } ?? ""
        let industry =
            random.chance(0.3)
            ? random.pick(Vocabulary.prefixIndustries.filter { !$0.contains(" ") })
            : random.pick(Vocabulary.industries)
        return twoSided(core + " " + industry + legal, industry + " " + core + legal)
    }

    private mutating func planRebrand(byTenant: Bool) -> Plan {
        let accountName = baseParts(core: caseCore()).rendered
        let companyName: String
        if random.chance(0.5) {
            let initials = accountInitials(accountName)
            companyName =
                initials + " " + random.pick(Vocabulary.droppableWords) + (maybeLegal(0.5).map { " " + $0 } ?? "")
        } else {
            companyName = baseParts(core: caseCore()).rendered
        }
        var company = PlannedCompany(name: companyName)
        var plan = Plan(companies: [], accountName: accountName, expected: 0, rule: .labelled)
        if byTenant {
            let tenant = random.guid()
            company.tenantIDs = random.chance(0.3) ? [random.guid(), tenant] : [tenant]
            plan.accountTenant = tenant
            plan.accountDomain = random.chance(0.5) ? uniqueDomain(for: accountName, onMicrosoft: true) : nil
        } else {
            let domain = uniqueDomain(for: accountName, onMicrosoft: false)
            company.domains =
                random.chance(0.3) ? [uniqueDomain(for: companyName, onMicrosoft: false), domain] : [domain]
            plan.accountDomain = domain
        }
        plan.companies = [company]
        return plan
    }

    private mutating func planNearDistractor() -> Plan {
        let core = caseCore()
        var siblings: [NameParts] = []
        if random.chance(0.5) { siblings.append(baseParts(body: core)) }
        for industry in distinctIndustries(3 - siblings.count + random.below(2)) {
            siblings.append(baseParts(body: core + " " + industry))
        }
        let target = random.below(siblings.count)
        var account = siblings[target]
        switch random.below(5) {
        case 0: break
        case 1: account.legal = account.legal == nil ? random.pick(["Ltd", "Inc", "GmbH", "LLC"]) : nil
        case 2: account.body = account.body.uppercased()
        case 3: account.commaBeforeLegal.toggle()
        default:
            if let form = account.legalForm {
                account.legal = random.pick(NameForms.legalForms[form].spellings)
            }
        }
        return Plan(
            companies: siblings.map { PlannedCompany(name: $0.rendered) }, accountName: account.rendered,
            expected: target, rule: .labelled)
    }

    private mutating func planTie() -> Plan {
        let core = caseCore()
        let names: [String]
        let account: String
        switch random.below(3) {
        case 0:
            let legal = maybeLegal(0.5).map { " " + $0 } ?? ""
            names = distinctIndustries(2 + random.below(2)).map { core + " " + $0 + legal }
            account = core + (random.chance(0.5) ? legal : "")
        case 1:
            let body = core + " " + random.pick(Vocabulary.industries)
            var suffixes = Vocabulary.regionSuffixes
            random.shuffle(&suffixes)
            names = suffixes.prefix(2).map { body + $0 }
            account = body
        default:
            var departments = Vocabulary.departments
            random.shuffle(&departments)
            names = departments.prefix(2 + random.below(2)).map { core + " - " + $0 }
            account = core
        }
        return Plan(
            companies: names.map { PlannedCompany(name: $0) }, accountName: account, expected: nil, rule: .noCompany)
    }

    private mutating func planAbsent() -> Plan {
        let industries = distinctIndustries(3)
        let legal = maybeLegal(0.4).map { " " + $0 } ?? ""
        switch random.below(3) {
        case 0:
            let core = caseCore()
            return Plan(
                companies: industries.dropFirst().map { PlannedCompany(name: core + " " + $0 + legal) },
                accountName: core + " " + industries[0] + legal, expected: nil, rule: .noCompany)
        case 1:
            let shared = caseToken()
            let present = shared + " & " + caseToken() + " " + industries[0]
            let missing = shared + " & " + caseToken() + " " + industries[0]
            return Plan(
                companies: [PlannedCompany(name: present + legal)], accountName: missing + legal, expected: nil,
                rule: .noCompany)
        default:
            return Plan(
                companies: [PlannedCompany(name: caseCore() + " " + industries[0] + legal)],
                accountName: caseCore() + " " + industries[0] + legal, expected: nil, rule: .noCompany)
        }
    }

    private mutating func planAmbiguous(index: Int, of total: Int) -> Plan {
        // Two cases stand for a PSA where an import bug copied one company many times.
        if total >= 100 && index < 2 {
            let name = baseParts(core: caseCore()).rendered
            let copies = index == 0 ? 1_500 : 400
            return Plan(
                companies: [PlannedCompany(name: name)], accountName: name, expected: nil, rule: .ambiguous,
                repeatedCopies: copies)
        }
        var parts = baseParts(core: caseCore())
        var names: [String]
        switch random.below(3) {
        case 0:
            let form = random.pick(NameForms.legalForms.filter { $0.spellings.count > 1 })
            var spellings = form.spellings
            random.shuffle(&spellings)
            names = spellings.prefix(2).map { spelling in
                var copy = parts
                copy.legal = spelling
                return copy.rendered
            }
        case 1:
            names = Array(repeating: parts.rendered, count: 2 + random.below(2))
        default:
            if !hasNonASCII(parts.body), let accented = accentedRealToken() {
                parts = baseParts(core: accented)
            }
            let name = parts.rendered
            names = [name, random.chance(0.5) ? name.uppercased() : NameForms.stripAccents(name)]
            if names[0] == names[1] { names[1] = name.lowercased() }
        }
        var account = random.pick(names)
        if random.chance(0.3) {
            parts.legal = nil
            if names.allSatisfy({ NameForms.honestyKey($0) == NameForms.honestyKey(parts.rendered) }) {
                account = parts.rendered
            }
        }
        return Plan(
            companies: names.map { PlannedCompany(name: $0) }, accountName: account, expected: nil, rule: .ambiguous)
    }

    private mutating func planInactiveOnly() -> Plan {
        let core = caseCore()
        var parts = baseParts(body: core + " " + random.pick(Vocabulary.industries))
        var companies = [PlannedCompany(name: parts.rendered, isActive: false)]
        if random.chance(0.3) {
            companies.append(PlannedCompany(name: core + " " + distinctIndustries(1, avoiding: parts.body)[0]))
        }
        if random.chance(0.4), let form = parts.legalForm {
            parts.legal = random.pick(NameForms.legalForms[form].spellings)
        }
        return Plan(companies: companies, accountName: parts.rendered, expected: nil, rule: .onlyInactive)
    }

    private mutating func planActiveAndInactive() -> Plan {
        var parts = baseParts(core: caseCore())
        if parts.legalForm == nil {
            parts.legalForm = 0
            parts.legal = "Ltd"
        }
        let spellings = NameForms.legalForms[parts.legalForm!].spellings
        var inactive = parts
        var active = parts
        inactive.legal = random.pick(spellings)
        active.legal = random.pick(spellings)
        var companies = [
            PlannedCompany(name: inactive.rendered, isActive: false), PlannedCompany(name: active.rendered),
        ]
        let activeIndex = random.below(2)
        if activeIndex == 0 { companies.swapAt(0, 1) }
        var account = parts
        account.legal = random.chance(0.3) ? nil : random.pick(spellings)
        return Plan(companies: companies, accountName: account.rendered, expected: activeIndex, rule: .labelled)
    }

    private mutating func planScript(cjk: Bool) -> Plan {
        guard let (family, name) = freshScriptName(cjk: cjk) else { preconditionFailure("unreachable") }
        if random.chance(0.5) {
            var companies = [PlannedCompany(name: name)]
            if random.chance(0.4), let sibling = freshScriptName(cjk: cjk, family: family) {
                companies.append(PlannedCompany(name: sibling.1))
            }
            return Plan(companies: companies, accountName: name, expected: 0, rule: .labelled)
        }
        let siblings = (0..<(1 + random.below(2))).compactMap { _ in freshScriptName(cjk: cjk, family: family)?.1 }
        // Absent needs a similar name in the PSA; a family with none left gets a fresh try.
        guard !siblings.isEmpty else { return planScript(cjk: cjk) }
        return Plan(
            companies: siblings.map { PlannedCompany(name: $0) }, accountName: name, expected: nil, rule: .noCompany)
    }

    private mutating func planControl() -> Plan {
        if random.chance(0.35) {
            return junkPlan(
                random.pick(["\u{0}", "\t\n", "\u{1B}[0m", "\u{7}\u{7}", "\r\n", "\u{1B}", "\u{8}A", "\u{7F}x"]))
        }
        let name = baseParts(core: caseCore(), minimumWords: 2).rendered
        let account: String
        switch random.below(6) {
        case 0: account = name + random.pick(["\n", "\r\n", "\t"])
        case 1: account = name.replacingFirst(" ", with: "\t")
        case 2: account = name + "\u{0}"
        case 3: account = "\u{1B}[1m" + name + "\u{1B}[0m"
        case 4: account = name.replacingFirst(" ", with: " \u{7F}")
        default: account = "\u{2}" + name + "\u{3}"
        }
        return single(company: name, account: account)
    }

    // MARK: - Committing and checking

    private mutating func commit(_ plan: Plan, kind: EvaluationCase.Kind) -> Bool {
        let accountKey = NameForms.honestyKey(plan.accountName)
        let planKeys = plan.companies.map { NameForms.honestyKey($0.name) }
        guard plan.companies.allSatisfy({ !$0.name.isEmpty }) else { return false }
        for key in planKeys where keyIndex[key] != nil { return false }
        if plan.rule != .unchecked && keyIndex[accountKey] != nil { return false }
        let sharing = plan.companies.indices.filter { planKeys[$0] == accountKey }
        switch plan.rule {
        case .labelled:
            guard let expected = plan.expected, plan.companies[expected].isActive,
                sharing.allSatisfy({ $0 == expected || !plan.companies[$0].isActive })
            else { return false }
        case .noCompany:
            guard sharing.isEmpty else { return false }
        case .onlyInactive:
            guard !sharing.isEmpty, sharing.allSatisfy({ !plan.companies[$0].isActive }) else { return false }
        case .ambiguous:
            let active = sharing.filter { plan.companies[$0].isActive }.count
            guard active + (plan.repeatedCopies > 0 ? plan.repeatedCopies : 0) >= 2 else { return false }
        case .unchecked:
            break
        }
        var ids: [String] = []
        for company in plan.companies {
            ids.append(addCompany(company, type: "Customer"))
        }
        for _ in 0..<plan.repeatedCopies {
            _ = addCompany(plan.companies[0], type: "Customer")
        }
        let domain =
            plan.accountDomain ?? (random.chance(0.5) ? uniqueDomain(for: plan.accountName, onMicrosoft: true) : nil)
        let account = NerdioAccount(
            id: "acct-\(nextAccountNumber)", name: plan.accountName, tenantID: plan.accountTenant ?? random.guid(),
            domain: domain)
        nextAccountNumber += 1
        cases.append(EvaluationCase(account: account, expectedCompanyID: plan.expected.map { ids[$0] }, kind: kind))
        rules.append(plan.rule)
        return true
    }

    @discardableResult
    private mutating func addCompany(_ company: PlannedCompany, type: String?, isMSP: Bool = false) -> String {
        let id = String(nextCompanyNumber)
        nextCompanyNumber += 1
        keyIndex[NameForms.honestyKey(company.name), default: []].append(companies.count)
        companies.append(
            PSACompany(
                id: id, name: company.name, isActive: company.isActive, type: type, isMSP: isMSP,
                tenantIDs: company.tenantIDs, domains: company.domains))
        return id
    }

    /// Re-checks every case against the finished list; a failure is a bug in this generator.
    private func audit() {
        let byID = Dictionary(uniqueKeysWithValues: companies.map { ($0.id, $0) })
        for (index, evaluationCase) in cases.enumerated() {
            let sharing = (keyIndex[NameForms.honestyKey(evaluationCase.account.name)] ?? []).map { companies[$0] }
            let active = sharing.filter(\.isActive)
            switch rules[index] {
            case .labelled:
                let expected = byID[evaluationCase.expectedCompanyID ?? ""]
                precondition(expected?.isActive == true, "label is not an active company")
                precondition(active.allSatisfy { $0.id == expected?.id }, "another company has the account's key")
            case .noCompany:
                precondition(sharing.isEmpty, "a company has the key of an absent or tied account")
            case .onlyInactive:
                precondition(!sharing.isEmpty && active.isEmpty, "inactive-only case has an active company")
            case .ambiguous:
                precondition(active.count >= 2, "ambiguous case without two active companies")
            case .unchecked:
                break
            }
        }
    }

    // MARK: - Junk and filler

    private mutating func junkPlan(_ name: String) -> Plan {
        Plan(companies: [], accountName: name, expected: nil, rule: .unchecked)
    }

    /// Records real PSAs collect from bad imports; they give bad-input accounts something to hit.
    private mutating func addJunkCompanies() {
        let junk = ["", "-", ".", "A", "X", "Ltd", "GmbH", "LLC", "Inc.", "Test", "N/A", "Unknown", "TBC", "?", "\t"]
        for name in junk {
            addCompany(PlannedCompany(name: name), type: nil)
        }
        addCompany(PlannedCompany(name: String(repeating: "Lorem ipsum dolor sit amet ", count: 40)), type: nil)
    }

    private mutating func addFiller(count: Int) {
        guard count > 0 else { return }
        var tokens = realTokens
        realTokens.removeAll()
        while tokens.count < max(40, count / 4) {
            let token = Vocabulary.inventedToken(&random)
            if pool.admit(token) { tokens.append(token) }
        }
        let msp = random.pick(tokens) + " IT Services"
        addCompany(PlannedCompany(name: msp), type: nil, isMSP: true)
        var added = 0
        var attempts = 0
        while added < count {
            attempts += 1
            precondition(attempts < count * 20 + 1_000, "filler vocabulary too small")
            let name = fillerName(tokens)
            guard keyIndex[NameForms.honestyKey(name)] == nil else { continue }
            var company = PlannedCompany(name: name, isActive: random.chance(0.9))
            if random.chance(0.45) { company.domains = [uniqueDomain(for: name, onMicrosoft: false)] }
            if random.chance(0.1) { company.tenantIDs = [random.guid()] }
            let roll = random.below(100)
            addCompany(company, type: roll < 70 ? "Customer" : roll < 85 ? "Prospect" : "Vendor")
            added += 1
        }
    }

    private mutating func fillerName(_ tokens: [String]) -> String {
        var body: String
        let roll = random.below(100)
        if roll < 55 {
            body = random.pick(tokens) + " " + random.pick(Vocabulary.industries)
        } else if roll < 65 {
            body = random.pick(Vocabulary.prefixIndustries) + " " + random.pick(tokens)
        } else if roll < 75 {
            body =
                random.pick(tokens) + " " + random.pick(Vocabulary.industries) + " "
                + random.pick(Vocabulary.droppableWords)
        } else if roll < 83 {
            body = random.pick(tokens) + " & " + random.pick(tokens) + " " + random.pick(Vocabulary.industries)
        } else if roll < 90 {
            body = random.pick(tokens) + (random.chance(0.5) ? " " + random.pick(Vocabulary.droppableWords) : "")
        } else if roll < 94 {
            body = String(freshInitials()) + " " + random.pick(Vocabulary.industries)
        } else if roll < 97 {
            let compound = freshCompound().map { $0.0 + $0.1.lowercased() } ?? random.pick(tokens)
            body = compound + " " + random.pick(Vocabulary.industries)
        } else {
            return freshScriptName(cjk: random.chance(0.5))?.1 ?? random.pick(tokens)
        }
        if random.chance(0.04) { body = "The " + body }
        if let legal = maybeLegal(0.55) { body += " " + legal }
        if random.chance(0.03) { body += random.pick(Vocabulary.regionSuffixes) }
        return body
    }

    // MARK: - Names

    /// A distinctive part owned by one case: usually one word, sometimes two, initials or a compound.
    private mutating func caseCore() -> String {
        switch random.below(20) {
        case 0, 1: return caseToken() + " " + caseToken()
        case 2: return String(freshInitials())
        case 3:
            guard let (first, second) = freshCompound() else { return caseToken() }
            return first + second.lowercased()
        default: return caseToken()
        }
    }

    private mutating func caseToken() -> String {
        if !realTokens.isEmpty && random.chance(0.3) { return realTokens.removeLast() }
        while true {
            let token = Vocabulary.inventedToken(&random)
            if pool.admit(token) { return token }
        }
    }

    private mutating func accentedRealToken() -> String? {
        guard let index = realTokens.lastIndex(where: hasNonASCII) else { return nil }
        return realTokens.remove(at: index)
    }

    private mutating func freshInitials(count: Int? = nil) -> [Character] {
        let letters = Array("ABCDEFGHIJKLMNOPRSTW")
        while true {
            let length = count ?? 2 + random.below(3)
            let initials = (0..<length).map { _ in random.pick(letters) }
            if usedInitials.insert(String(initials)).inserted { return initials }
        }
    }

    /// A two-part brand far from every other; nil once the few hundred pairs are used up.
    private mutating func freshCompound() -> (String, String)? {
        guard !compoundsExhausted else { return nil }
        for _ in 0..<200 {
            let first = random.pick(Vocabulary.compoundFirst)
            let second = random.pick(Vocabulary.compoundSecond)
            if first != second && pool.admit(first + second) { return (first, second) }
        }
        compoundsExhausted = true
        return nil
    }

    private mutating func baseParts(core: String, minimumWords: Int = 1) -> NameParts {
        let roll = random.below(100)
        var body: String
        if roll < 72 {
            body = core + " " + random.pick(Vocabulary.industries)
        } else if roll < 84 {
            body = random.pick(Vocabulary.prefixIndustries) + " " + core
        } else {
            body = core
        }
        if body.split(separator: " ").count < minimumWords {
            body = core + " " + random.pick(Vocabulary.industries)
        }
        return baseParts(body: body)
    }

    private mutating func baseParts(body: String) -> NameParts {
        var parts = NameParts(body: body)
        if random.chance(0.55) {
            let form = random.below(NameForms.legalForms.count)
            parts.legalForm = form
            let spellings = NameForms.legalForms[form].spellings
            parts.legal = random.chance(0.75) ? spellings[0] : random.pick(spellings)
        }
        return parts
    }

    private mutating func maybeLegal(_ probability: Double) -> String? {
        guard random.chance(probability) else { return nil }
        return random.pick(NameForms.legalForms).spellings[0]
    }

    /// Industries that share no word with each other or with `avoiding`, so siblings differ in a
    /// distinctive word rather than by a droppable one ("Dental" beside "Dental Care" would not).
    private mutating func distinctIndustries(_ count: Int, avoiding: String = "") -> [String] {
        var chosen: [String] = []
        var words = Set(avoiding.split(separator: " ").map(String.init))
        while chosen.count < count {
            let industry = random.pick(Vocabulary.industries)
            let industryWords = industry.split(separator: " ").map(String.init)
            if industryWords.contains(where: words.contains) { continue }
            chosen.append(industry)
            words.formUnion(industryWords)
        }
        return chosen
    }

    private mutating func typo(in word: String) -> String {
        var letters = Array(word)
        let neighbours: [Character: String] = [
            "a": "sq", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj", "i": "uo",
            "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o", "r": "et", "s": "ad",
            "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "zc", "y": "tu", "z": "x",
        ]
        while true {
            let position = 1 + random.below(letters.count - 1)
            switch random.below(3) {
            case 0:
                guard position + 1 < letters.count, letters[position] != letters[position + 1] else { continue }
                letters.swapAt(position, position + 1)
            case 1:
                guard let options = neighbours[Character(letters[position].lowercased())] else { continue }
                letters[position] = random.pick(Array(options))
            default:
                letters.remove(at: position)
            }
            return String(letters)
        }
    }

    private func accountInitials(_ name: String) -> String {
        let words = name.split(separator: " ").filter { $0.first?.isLetter == true }
        if words.count >= 2 {
            return String(words.prefix(4).compactMap(\.first)).uppercased()
        }
        return String(name.prefix(3)).uppercased()
    }

    /// A Japanese, Chinese or Korean name (or Arabic or Hebrew when `cjk` is false) used nowhere else.
    /// With `family`, the name shares its family part (surname, brand) and script with that one, or is
    /// nil when the family has no unused business left.
    private mutating func freshScriptName(cjk: Bool, family: ScriptFamily? = nil) -> (ScriptFamily, String)? {
        for _ in 0..<(family == nil ? 20_000 : 60) {
            let script = family?.script ?? (cjk ? random.below(3) : 3 + random.below(2))
            let part: String
            let name: String
            switch script {
            case 0:
                part = family?.part ?? random.pick(Vocabulary.japaneseSurnames)
                let business = random.pick(Vocabulary.japaneseBusinesses)
                name = random.chance(0.4) ? "株式会社" + part + business : part + business
            case 1:
                part = family?.part ?? random.pick(Vocabulary.chineseCities) + random.pick(Vocabulary.chineseBrands)
                name = part + random.pick(Vocabulary.chineseIndustries) + "有限公司"
            case 2:
                part = family?.part ?? random.pick(Vocabulary.koreanNames)
                let business = random.pick(Vocabulary.koreanBusinesses)
                name = random.chance(0.4) ? "(주)" + part + business : part + business
            case 3:
                part = family?.part ?? random.pick(Vocabulary.arabicNames)
                var businesses = Vocabulary.arabicBusinesses
                random.shuffle(&businesses)
                // Many Arabic trading names join two activities: "للتجارة والمقاولات".
                let activity = random.chance(0.5) ? businesses[0] : businesses[0] + " و" + businesses[1]
                name = "شركة " + part + " " + activity
            default:
                part = family?.part ?? random.pick(Vocabulary.hebrewNames)
                name = part + " " + random.pick(Vocabulary.hebrewBusinesses)
            }
            if usedScriptNames.insert(scriptKey(name)).inserted {
                return (ScriptFamily(script: script, part: part), name)
            }
        }
        precondition(family != nil, "non-Latin vocabulary exhausted")
        return nil
    }

    private mutating func longName() -> String {
        var text = ""
        switch random.below(3) {
        case 0:
            text = String(repeating: random.pick(["A", "x", "W", "é"]), count: 1_000)
        case 1:
            while text.count < 1_000 {
                text += Vocabulary.inventedToken(&random) + " "
            }
        default:
            while text.count < 1_000 {
                text += random.pick(Vocabulary.industries + Vocabulary.droppableWords) + " "
            }
        }
        return String(text.prefix(1_000))
    }

    private mutating func uniqueDomain(for name: String, onMicrosoft: Bool) -> String {
        let letters = String(NameForms.fold(name).filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(20))
        let stem = letters.isEmpty ? "tenant" : letters
        var candidate =
            onMicrosoft
            ? stem + ".onmicrosoft.com" : stem + random.pick([".com", ".co.uk", ".de", ".fr", ".com.au", ".nl", ".pl"])
        while !usedDomains.insert(candidate).inserted {
            let number = String(random.below(10_000))
            candidate = onMicrosoft ? stem + number + ".onmicrosoft.com" : stem + number + ".com"
        }
        return candidate
    }

    // MARK: - Helpers

    private mutating func single(company: String, account: String) -> Plan {
        Plan(companies: [PlannedCompany(name: company)], accountName: account, expected: 0, rule: .labelled)
    }

    /// Puts the variant on the tenant side or the PSA side at random: both happen in real data.
    private mutating func twoSided(_ original: String, _ variant: String) -> Plan {
        let variantOnAccount = random.chance(0.5)
        var account = variantOnAccount ? variant : original
        let company = variantOnAccount ? original : variant
        // About one case in eight also differs in case, as a second, lighter difference.
        if random.chance(0.12) && account.uppercased() != company {
            account = account.uppercased()
        }
        return single(company: company, account: account)
    }

}

private func hasNonASCII(_ text: String) -> Bool {
    text.unicodeScalars.contains { $0.value > 127 }
}

/// The key that decides whether two non-Latin names are one company: the Japanese, Korean,
/// Chinese and Hebrew legal forms are left out, as "Contoso" and "Contoso Ltd" are one name.
private func scriptKey(_ name: String) -> String {
    var text = name
    for legal in ["株式会社", "(주)", "有限公司", "בע״מ"] {
        text = text.replacingFirst(legal, with: "")
    }
    return NameForms.honestyKey(text)
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        var copy = self
        copy.replaceSubrange(range, with: replacement)
        return copy
    }
}
