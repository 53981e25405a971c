import PSACore

/// One Nerdio account and the PSA company a careful person would map it to.
public struct EvaluationCase: Sendable, Equatable {
    /// How the account's name (or other evidence) differs from its company's record in the PSA.
    /// Each case has one kind. About one case in eight of the name kinds that put a variant on one
    /// side (from `caseAndAccents` to `wordOrder`) also has its account name in capitals, a second,
    /// lighter difference as real data has.
    public enum Kind: String, CaseIterable, Sendable {
        /// The names are identical.
        case exact
        /// Upper/lower case, accents removed or transliterated ("MÜLLER", "Muller", "Mueller").
        case caseAndAccents
        /// Dots in initials, hyphens, commas, apostrophes, extra or missing spaces.
        case punctuationAndSpacing
        /// "&" on one side, "and" on the other.
        case ampersandAnd
        /// A leading "The" (or a trailing ", The") on one side.
        case leadingThe
        /// A legal form on one side only, or spelled differently ("Ltd" / "Limited", "Sp. z o.o." / "Sp. z.o.o.").
        case legalForm
        /// Common abbreviations: Intl, Svcs, Mfg, Assoc, Dept, Mgmt, Tech, Bros, Corp, Co, Labs.
        case abbreviation
        /// A bracketed or dashed region or department suffix on one side ("(UK)", "- Finance").
        case regionOrDepartmentSuffix
        /// One transposition, substitution or deletion in a word of five or more letters.
        case typo
        /// A non-distinctive word ("Group", "Holdings", "Services") present on one side only.
        case droppedWord
        /// The distinctive name before or after the rest ("Riverside Dental Care" / "Dental Care Riverside").
        case wordOrder
        /// The names differ a lot, but the company's tenant IDs contain the account's tenant.
        case tenantID
        /// The names differ a lot, but the company's domains contain the account's domain.
        case domain
        /// The PSA holds companies that share the account's distinctive name; the account clearly
        /// means one of them.
        case nearDistractor
        /// The PSA holds companies that share the account's distinctive name and the account sits
        /// equally between two or more of them (label nil).
        case nearDistractorTie
        /// The account's company is not in the PSA, though similar-looking names are (label nil).
        case absent
        /// Two or more active companies have the same name after simple normalization (label nil).
        case ambiguous
        /// The only company that fits is inactive (label nil).
        case inactiveOnly
        /// An active and an inactive company both fit; the active one is the label.
        case activeAndInactive
        /// Empty or blank names (label nil).
        case emptyOrBlank
        /// Names of one letter (label nil).
        case oneLetter
        /// Names that are only a legal form, such as "Ltd" (label nil).
        case legalFormOnly
        /// Names of 1,000 characters made of ordinary words (label nil).
        case veryLong
        /// Arabic and Hebrew names; labelled when the PSA holds exactly that name once, nil when it
        /// holds only other names of the same script and family.
        case rightToLeft
        /// Japanese, Chinese and Korean names; labelled like `rightToLeft`.
        case cjk
        /// Control characters in the name. A known name with a stray tab, newline, NUL or ANSI colour
        /// code is labelled with its company; a name of only control characters is nil.
        case controlCharacters
        /// The initials of the first words, then the rest ("SSV Technology Co., Ltd.").
        case initials
        /// Extra words after the name: a department, a site or city, "- EMEA", "(Head Office)", a number.
        case extraWords
        /// The PSA holds the company in two regions ("Harbour Media (NZ) Limited", "Harbour Media
        /// Canada Inc"): nil when the account names no region, the sibling when it names one's.
        case regionalSiblings
        /// The PSA holds the same name twice with two legal forms (label nil).
        case duplicateRecord
        /// The account's name is its tenant's domain: `contosoltd.onmicrosoft.com`,
        /// `ContosoPharma.onmicrosoft.com` or a custom domain such as `contoso.co.uk`.
        case domainLabel
        /// It looks like a domain but is not one: no dot, an empty label, a label with other
        /// characters, an unknown public suffix, a label of digits or only a legal form (label nil).
        case badDomain
        /// Empty after normalization, only a legal form of some country, or only digits (label nil).
        case badName
    }

    public var account: NerdioAccount
    /// The company a careful person would map the account to; nil when no confident proposal must be made
    /// (company absent, truly ambiguous, or only an inactive company fits).
    public var expectedCompanyID: String?
    public var kind: Kind

    public init(account: NerdioAccount, expectedCompanyID: String?, kind: Kind) {
        self.account = account
        self.expectedCompanyID = expectedCompanyID
        self.kind = kind
    }
}

/// A labelled evaluation set for Auto Match: a PSA's whole company list and the accounts to match.
///
/// Built by `generate`; see `EvaluationGenerator.swift` for how names are made and labelled.
public struct EvaluationSet: Sendable {
    /// The PSA's whole company list: targets, their distractors, junk records and filler, shuffled.
    public var companies: [PSACompany]
    /// The accounts with their labels, shuffled so that kinds are interleaved.
    public var cases: [EvaluationCase]

    public init(companies: [PSACompany], cases: [EvaluationCase]) {
        self.companies = companies
        self.cases = cases
    }

    /// Builds the set. The same seed gives the same set; `casesPerKind` cases are made for every
    /// kind, and `fillerCompanies` unrelated companies are added on top of the cases' own companies.
    public static func generate(seed: UInt64 = 1, casesPerKind: Int = 200, fillerCompanies: Int = 20_000)
        -> EvaluationSet
    {
        var generator = EvaluationGenerator(seed: seed)
        return generator.generate(casesPerKind: casesPerKind, fillerCompanies: fillerCompanies)
    }

    /// The kinds the synthetic set (`generate`) has: every kind up to `controlCharacters`; the
    /// kinds after it are built from real names (`realNames`).
    public static let syntheticKinds: [EvaluationCase.Kind] = Array(
        EvaluationCase.Kind.allCases.prefix { $0 != .initials })

    /// The simple normalization the generator uses to keep labels honest (lower case, accents
    /// folded, `&` as "and", punctuation and spacing ignored, leading "The" and trailing legal forms
    /// removed). Exposed so tests can check the labels; it is not a matcher.
    public static func honestyKey(_ name: String) -> String {
        NameForms.honestyKey(name)
    }
}
