/// The words Auto Match treats specially, after a name is folded to lower-case ASCII tokens
/// (`NormalizedName`): legal forms, which say nothing about which company is meant, and
/// spelling variants that mean the same word.
enum NameVocabulary {
    /// Legal forms of many countries, as token sequences after folding (dots and slashes are
    /// gone and runs of single letters are joined, so "S.p.A." is "spa", "A/S" is "as",
    /// "Sp. z o.o." is "sp zoo"). Longest first, so that "pty ltd" is removed whole.
    static let legalForms: [[String]] = [
        "gmbh and co kg", "gmbh and co", "s a de c v", "sa de cv", "pty ltd", "pvt ltd", "private limited",
        "co ltd", "company limited", "sp zoo", "spolka z oo", "limited liability company", "public limited company",
        "ltd", "limited", "llc", "llp", "lp", "plc", "inc", "incorporated", "corp", "corporation", "co", "company",
        "gmbh", "ag", "kg", "ohg", "ug", "ev", "sa", "sas", "sarl", "sasu", "eurl", "spa", "srl", "srls", "bv", "nv",
        "vof", "pty", "kk", "yk", "as", "asa", "aps", "ab", "oy", "oyj", "hf", "ehf", "sl", "slu", "sro", "as",
        "kft", "zrt", "nyrt", "ltda", "eireli", "me", "sac", "saa", "bhd", "sdn bhd", "pte", "pte ltd", "lda",
        "doo", "dd", "ad", "ood", "eood", "se", "sce", "ou", "uab", "sia", "oao", "ooo", "zao", "pjsc", "ojsc",
        "cv", "scs", "sca", "scrl", "sprl", "bvba", "cvba", "vzw", "asbl", "ltee", "llp", "pllc", "pc", "lllp",
    ].map { $0.split(separator: " ").map(String.init) }.sorted { $0.count > $1.count }

    /// Words with several spellings, mapped to one.
    static let synonyms: [String: String] = [
        "corporation": "corp", "international": "intl", "internationale": "intl", "services": "svcs",
        "service": "svcs", "svc": "svcs", "manufacturing": "mfg", "associates": "assoc", "association": "assoc",
        "department": "dept", "management": "mgmt", "technologies": "tech", "technology": "tech",
        "brothers": "bros", "company": "co", "centre": "center", "ctr": "center", "laboratories": "labs",
        "laboratory": "labs", "lab": "labs", "solutions": "solns", "systems": "sys", "system": "sys",
        "industries": "ind", "industry": "ind", "engineering": "eng", "engineers": "eng", "enterprises": "ent",
        "enterprise": "ent", "pharmaceuticals": "pharma", "pharmaceutical": "pharma", "university": "univ",
        "incorporated": "inc", "limited": "ltd", "mountain": "mtn", "saint": "st", "street": "st",
        "doctor": "dr", "national": "natl", "distribution": "dist", "construction": "constr", "insurance": "ins",
        "investments": "inv", "investment": "inv", "properties": "props", "property": "props", "medical": "med",
        "healthcare": "health", "consulting": "consult", "consultants": "consult", "consultancy": "consult",
        "accountants": "accounting", "architecture": "architects", "logistic": "logistics", "hospital": "hosp",
        "holding": "holdings",
    ]

    /// Words many unrelated companies share: they barely tell companies apart, so a name that
    /// differs only by one of them is the same name, and they never alone make two names alike.
    static let generic: Set<String> = [
        "group", "holdings", "svcs", "solns", "sys", "co", "corp", "intl", "global", "ent", "ind", "partners",
        "and", "of", "the", "de", "la", "le", "der", "die", "das", "und", "et", "y", "di", "van", "von", "inc", "ltd",
    ]

    /// Region and department words that may follow a name after a dash: such a tail says
    /// which part of a company is meant, not which company.
    static let qualifierWords: Set<String> = [
        "finance", "accounts", "accounting", "hr", "it", "sales", "marketing", "legal", "operations", "ops", "admin",
        "support", "billing", "payroll", "dept", "head", "office", "branch", "division", "team", "main", "hq",
        "uk", "us", "usa", "eu", "emea", "apac", "amer", "latam", "nz", "au", "ca", "de", "fr", "nl", "be", "ch",
        "at", "ie", "es", "se", "no", "dk", "fi", "pl", "cz", "jp", "cn", "sg", "in", "za", "north", "south",
        "east", "west", "central", "europe", "asia", "america", "americas",
    ]

    /// Domains of mail providers and Microsoft's own: they say nothing about the company.
    static let sharedDomains: Set<String> = [
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com",
        "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de", "web.de",
        "onmicrosoft.com", "sharepoint.com", "microsoft.com",
    ]
}
