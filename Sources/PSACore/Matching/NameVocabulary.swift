/// The words Auto Match treats specially, after a name is folded to lower-case ASCII tokens
/// (`NormalizedName`): legal forms, which say nothing about which company is meant, and
/// spelling variants that mean the same word.
enum NameVocabulary {
    /// Legal forms written out by hand as token sequences after folding (dots and slashes are
    /// gone and runs of single letters are joined, so "S.p.A." is "spa", "A/S" is "as",
    /// "Sp. z o.o." is "sp zoo"), each with its usual short form: "Aktiengesellschaft" and
    /// "AG" are one legal form. They come before the ISO 20275 list (`LegalFormData`), whose
    /// spellings they give a short form where the list has none.
    static let handWrittenLegalForms: [(String, String)] = [
        ("gmbh and co kg", "gmbh and co kg"), ("gmbh u co kg", "gmbh and co kg"), ("gmbh co kg", "gmbh and co kg"),
        ("gmbh and co", "gmbh and co"), ("s a de c v", "sa de cv"), ("sa de cv", "sa de cv"),
        ("pty ltd", "pty ltd"), ("proprietary limited", "pty ltd"), ("pty limited", "pty ltd"),
        ("pvt ltd", "pvt ltd"), ("private limited", "pvt ltd"), ("co ltd", "co ltd"), ("company limited", "co ltd"),
        ("sp zoo", "sp zoo"), ("spolka z oo", "sp zoo"), ("spolka zoo", "sp zoo"), ("spol sro", "sro"),
        ("limited liability company", "llc"), ("limited liability partnership", "llp"),
        ("public limited company", "plc"), ("kabushiki kaisha", "kk"), ("yugen kaisha", "yk"),
        ("gesellschaft mit beschrankter haftung", "gmbh"), ("aktiengesellschaft", "ag"),
        ("kommanditgesellschaft", "kg"), ("aktiebolag", "ab"), ("aktiebolaget", "ab"), ("osakeyhtio", "oy"),
        ("julkinen osakeyhtio", "oyj"), ("aktieselskab", "as"), ("aksjeselskap", "as"),
        ("allmennaksjeselskap", "asa"), ("anpartsselskab", "aps"), ("besloten vennootschap", "bv"),
        ("naamloze vennootschap", "nv"), ("societe anonyme", "sa"), ("sociedad anonima", "sa"),
        ("sociedade anonima", "sa"), ("spolka akcyjna", "sa"), ("societa per azioni", "spa"),
        ("societa a responsabilita limitata", "srl"), ("sociedad limitada", "sl"),
        ("societe a responsabilite limitee", "sarl"), ("s a r l", "sarl"), ("sa r l", "sarl"), ("s ar l", "sarl"),
        ("societe par actions simplifiee", "sas"), ("korlatolt felelossegu tarsasag", "kft"),
        ("spolecnost s rucenim omezenym", "sro"), ("sdn bhd", "sdn bhd"), ("pte ltd", "pte ltd"),
        ("ltd", "ltd"), ("limited", "ltd"), ("llc", "llc"), ("llp", "llp"), ("lp", "lp"), ("plc", "plc"),
        ("inc", "inc"), ("incorporated", "inc"), ("corp", "corp"), ("corporation", "corp"), ("co", "co"),
        ("company", "co"), ("gmbh", "gmbh"), ("ag", "ag"), ("kg", "kg"), ("ohg", "ohg"), ("ug", "ug"),
        ("ev", "ev"), ("sa", "sa"), ("sas", "sas"), ("sarl", "sarl"), ("sasu", "sasu"), ("eurl", "eurl"),
        ("spa", "spa"), ("srl", "srl"), ("srls", "srls"), ("bv", "bv"), ("nv", "nv"), ("vof", "vof"),
        ("pty", "pty"), ("kk", "kk"), ("yk", "yk"), ("as", "as"), ("asa", "asa"), ("aps", "aps"), ("ab", "ab"),
        ("oy", "oy"), ("oyj", "oyj"), ("hf", "hf"), ("ehf", "ehf"), ("sl", "sl"), ("slu", "slu"),
        ("sro", "sro"), ("kft", "kft"), ("zrt", "zrt"), ("nyrt", "nyrt"), ("ltda", "ltda"), ("eireli", "eireli"),
        ("sac", "sac"), ("saa", "saa"), ("bhd", "bhd"), ("pte", "pte"), ("lda", "lda"), ("doo", "doo"),
        ("dd", "dd"), ("ad", "ad"), ("ood", "ood"), ("eood", "eood"), ("se", "se"), ("ou", "ou"), ("uab", "uab"),
        ("sia", "sia"), ("oao", "oao"), ("ooo", "ooo"), ("zao", "zao"), ("pjsc", "pjsc"), ("ojsc", "ojsc"),
        ("scs", "scs"), ("sca", "sca"), ("scrl", "scrl"), ("sprl", "sprl"), ("bvba", "bvba"), ("cvba", "cvba"),
        ("vzw", "vzw"), ("asbl", "asbl"), ("ltee", "ltee"), ("pllc", "pllc"), ("pc", "pc"), ("lllp", "lllp"),
        ("ltd sti", "ltd sti"), ("tbk", "tbk"),
    ]

    /// Legal forms that precede the name ("PT Contoso", "OOO Contoso", "Cong ty TNHH Contoso").
    static let leadingLegalForms: [[String]] = [
        ["cong", "ty", "tnhh"], ["cong", "ty", "co", "phan"], ["cong", "ty"], ["pt"], ["cv"], ["ud"], ["ooo"],
        ["oao"], ["zao"], ["pao"], ["ao"], ["tov"], ["too"], ["ооо"], ["оао"], ["зао"], ["пао"], ["ао"], ["тов"],
        ["kabushiki", "kaisha"],
    ]

    /// Every word of every legal form (and "and"): a name whose first word is none of them is
    /// more than a legal form.
    static let legalFormWords: Set<String> = Set(legalForms.flatMap(\.written) + ["and"])

    /// The first words of `leadingLegalForms`.
    static let leadingLegalFormStarts: Set<String> = Set(leadingLegalForms.map { $0[0] })

    /// Every legal form: the hand-written ones, then the ISO 20275 list's; longest first, so that
    /// "pty ltd" is removed whole.
    static let legalForms: [(written: [String], canonical: [String])] = LegalFormData.forms(
        handWritten: handWrittenLegalForms)

    /// `legalForms` by their last word, longest first: only forms ending in a name's last word can end it.
    static let legalFormsByLastWord: [String: [(written: [String], canonical: [String])]] = Dictionary(
        grouping: legalForms, by: { $0.written.last! })

    /// Every legal form's words joined ("ltd", "gmbhandcokg", "ptyltd"), for domain labels,
    /// which have no spaces: "contosoltd" is Contoso Ltd.
    static let joinedLegalForms: Set<String> = Set(legalForms.map { $0.written.joined() })

    /// The longest of `joinedLegalForms`, in bytes.
    static let longestJoinedLegalForm = joinedLegalForms.map(\.utf8.count).max() ?? 0

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
        "holding": "holdings", "grp": "group", "hldgs": "holdings", "hldg": "holdings", "mgt": "mgmt",
        "assn": "assoc", "communications": "comms", "communication": "comms", "electronics": "elec",
        "electronic": "elec", "equipment": "equip", "instruments": "instr", "instrument": "instr",
        "semiconductors": "semi", "semiconductor": "semi", "telecommunications": "telecom",
        "telecommunication": "telecom", "telecoms": "telecom", "products": "prods", "product": "prods",
        "development": "dev", "networks": "network", "mfr": "mfg", "mfrs": "mfg", "manufacturers": "mfg",
        "manufacturer": "mfg", "sciences": "sci", "science": "sci", "scientific": "sci",
    ]

    /// Long words of `synonyms` (eight letters and more: a shorter word one letter off is often
    /// another word), each with every spelling one letter shorter ("investments" as "invesments"),
    /// so that a typo in one still meets its synonym.
    static let synonymsByDeletion: [String: String] = {
        var found: [String: String] = [:]
        for (word, synonym) in synonyms where word.utf8.count >= shortestTypoSynonym {
            let bytes = Array(word.utf8)
            for index in bytes.indices {
                var deleted = bytes
                deleted.remove(at: index)
                found[String(decoding: deleted, as: UTF8.self)] = synonym
            }
        }
        return found
    }()

    static let shortestTypoSynonym = 8

    /// The first two letters of the long words of `synonyms`, as one number each.
    static let typoSynonymPrefixes: Set<UInt16> = Set(
        synonyms.keys.filter { $0.utf8.count >= shortestTypoSynonym }.map { word in
            let bytes = Array(word.utf8)
            return UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        })

    /// The most words a legal form has: a longer name is never only a legal form.
    static let longestLegalForm = legalForms.map(\.written.count).max() ?? 0
    static let longestTypoSynonym = (synonyms.keys.map(\.utf8.count).max() ?? 0) + 1

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

    /// Words that name a part or place of a company after its name ("Head Office", "Sydney
    /// Branch", "Finance Dept"): as extra words they are weak evidence.
    static let siteWords: Set<String> = [
        "office", "head", "hq", "headquarters", "branch", "site", "dept", "division", "team", "campus", "plant",
        "warehouse", "depot", "unit", "main", "regional", "local", "north", "south", "east", "west", "central",
        "city", "location",
    ]

    /// Domains of mail providers and Microsoft's own: they say nothing about the company.
    static let sharedDomains: Set<String> = [
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com",
        "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de", "web.de",
        "onmicrosoft.com", "sharepoint.com", "microsoft.com",
    ]
}
