import Testing

@testable import PSACore

@Suite struct AutoMatcherTests {
    let tenant = "1e3500cc-d08f-42c8-8678-ce352b7de55e"

    func account(_ name: String, tenant: String? = nil, domain: String? = nil) -> NerdioAccount {
        NerdioAccount(id: "acc", name: name, tenantID: tenant ?? "00000000-0000-0000-0000-000000000000", domain: domain)
    }

    let companies = [
        PSACompany(id: "1", name: "Contoso Ltd"),
        PSACompany(id: "2", name: "Contoso Pharmaceuticals"),
        PSACompany(id: "3", name: "Fabrikam Holdings", tenantIDs: ["1E3500CC-D08F-42C8-8678-CE352B7DE55E"]),
        PSACompany(id: "4", name: "Riverside Dental Care Group", domains: ["riversidedental.com"]),
        PSACompany(id: "5", name: "Litware Inc (UK)"),
        PSACompany(id: "6", name: "Litware Inc (US)"),
        PSACompany(id: "7", name: "Woodgrove Bank", isActive: false),
        PSACompany(id: "8", name: "Tailspin Toys"),
        PSACompany(id: "9", name: "Tailspin Toys Limited"),
        PSACompany(id: "10", name: "Alpine Ski House Architects"),
        PSACompany(id: "11", name: "Wide World Importers"),
        PSACompany(id: "12", name: "Consolidated Messenger"),
        // "Logistics" is some company's word, so "Contoso Pharmaceuticals Logistics" may be another company.
        PSACompany(id: "13", name: "Northwind Logistics"),
    ]

    func propose(_ account: NerdioAccount) -> MatchProposal { AutoMatcher(companies: companies).propose(for: account) }

    @Test(arguments: [
        ("Contoso", "1", MappingMethod.name), ("CONTOSO LIMITED", "1", .name), ("Contoso Pharma", "2", .name),
        ("Litware UK", "5", .name), ("Litware Inc. - US", "6", .name),
        ("Alpine Ski House Architetcs", "10", .similarName),
        ("Wide World Importers Group", "11", .similarName), ("Importers Wide World", "11", .similarName),
    ])
    func confidentByName(_ name: String, _ expected: String, _ method: MappingMethod) {
        let proposal = propose(account(name))
        #expect(proposal.verdict == .confident, "\(name): \(proposal.reason)")
        #expect(proposal.confidentCompanyID == expected)
        #expect(proposal.method == method)
    }

    @Test func theTenantLinkedInThePSAWinsOverTheName() {
        let proposal = propose(account("Fabrikam Group Rebrand", tenant: tenant))
        #expect(proposal.confidentCompanyID == "3" && proposal.method == .tenantID && proposal.confidence == 1)
        #expect(proposal.reason.contains(tenant))
    }

    @Test func theDomainFindsARenamedCompanyButMailProvidersDoNot() {
        #expect(propose(account("RDC", domain: "www.RiversideDental.com")).confidentCompanyID == "4")
        #expect(propose(account("RDC", domain: "gmail.com")).verdict == .noMatch)
    }

    @Test(arguments: ["Litware", "Tailspin Toys", "Contoso Pharmaceuticals Logistics", "Woodgrove Bank"])
    func ambiguousOrInactiveGoToReview(_ name: String) {
        let proposal = propose(account(name))
        #expect(proposal.verdict == .needsReview, "\(name): \(proposal.reason)")
        #expect(proposal.confidentCompanyID == nil)
        #expect(!proposal.candidates.isEmpty)
    }

    @Test(arguments: ["", "X", "Ltd", "Group", "Northwind Traders", "株式会社", String(repeating: "z", count: 1_000)])
    func nothingThatWouldBeAGuess(_ name: String) {
        let proposal = propose(account(name))
        #expect(proposal.confidentCompanyID == nil, "\(name.prefix(20)): \(proposal.reason)")
    }

    @Test func aProposalNamesItsRunnerUpAndWhyItWon() {
        let proposal = propose(account("Contoso"))
        #expect(proposal.runnerUp?.companyID == "2")
        #expect(proposal.reason.contains("Contoso Ltd won"))
        #expect(proposal.reason.contains("runner-up Contoso Pharmaceuticals"))
    }

    @Test func thousandsOfCompaniesWithOneNameNeverYieldAProposal() {
        let same = (0..<3_000).map { PSACompany(id: "\($0)", name: "Acme Services") }
        let proposal = AutoMatcher(companies: same).propose(for: account("Acme Services"))
        #expect(proposal.verdict == .needsReview && proposal.candidates.count == AutoMatcher.candidatesShown)
    }
}

/// The rules of issue 16 on small PSAs: regions and legal forms set aside, domain labels, bad
/// input, initials and extra words.
@Suite struct AutoMatcherRegionsAndDomainsTests {
    func propose(_ name: String, among companies: [PSACompany]) -> MatchProposal {
        AutoMatcher(companies: companies).propose(
            for: NerdioAccount(id: "acc", name: name, tenantID: "00000000-0000-0000-0000-000000000000"))
    }

    let siblings = [
        PSACompany(id: "1", name: "Harbour Media (NZ) Limited"), PSACompany(id: "2", name: "Harbour Media Canada Inc"),
        PSACompany(id: "3", name: "Fabrikam Inc"), PSACompany(id: "4", name: "Fabrikam Sdn Bhd"),
        PSACompany(id: "5", name: "Northwind Traders"), PSACompany(id: "6", name: "Contoso Ltd"),
        PSACompany(id: "7", name: "Contoso Pharma GmbH & Co. KG"),
        PSACompany(id: "8", name: "Shenzhen Streaming Video Technology Co., Ltd."),
    ]

    @Test func regionalSiblingsAreForReviewWithBothNamed() {
        let proposal = propose("Harbour Media Limited", among: siblings)
        #expect(proposal.verdict == .needsReview, "\(proposal.reason)")
        #expect(proposal.reason.contains("same name in 2 regions"))
        #expect(Set(proposal.candidates.map(\.companyID)) == ["1", "2"])
        #expect(proposal.runnerUp != nil)
    }

    @Test(arguments: [("Harbour Media NZ", "1"), ("Harbour Media (New Zealand)", "1"), ("Harbour Media - Canada", "2")])
    func aRegionTheAccountNamesSinglesOutItsSibling(_ name: String, _ expected: String) {
        let proposal = propose(name, among: siblings)
        #expect(proposal.confidentCompanyID == expected, "\(proposal.reason)")
        #expect(proposal.reason.contains("singles it out"))
        #expect(proposal.runnerUp?.companyID == (expected == "1" ? "2" : "1"))
    }

    @Test func theSameNameWithTwoLegalFormsIsForReview() {
        for name in ["Fabrikam", "Fabrikam Inc"] {
            let proposal = propose(name, among: siblings)
            #expect(proposal.verdict == .needsReview, "\(name): \(proposal.reason)")
            #expect(proposal.reason.contains("legal form differs"))
        }
    }

    @Test(arguments: [
        ("contosoltd.onmicrosoft.com", "6"), ("ContosoPharma.onmicrosoft.com", "7"), ("contoso.co.uk", "6"),
        ("contoso-pharma-gmbh.de", "7"), ("CONTOSO2.onmicrosoft.com", "6"), ("northwindtraders.com.au", "5"),
    ])
    func aDomainLabelFindsTheOneCompanyWithThoseWordsJoined(_ name: String, _ expected: String) {
        let proposal = propose(name, among: siblings)
        #expect(proposal.confidentCompanyID == expected, "\(name): \(proposal.reason)")
        #expect(proposal.method == .domainLabel)
        #expect(proposal.reason.contains("domain label"))
    }

    @Test func aDomainLabelThatFitsTwoCompaniesIsForReview() {
        let proposal = propose("fabrikam.onmicrosoft.com", among: siblings)
        #expect(proposal.verdict == .needsReview && proposal.method == .domainLabel, "\(proposal.reason)")
        #expect(proposal.reason.contains("fits 2 active companies"))
    }

    @Test func aDomainLabelThatSpellsALegalFormPutsThatCompanyFirstButStaysForReview() {
        let companies = [
            PSACompany(id: "1", name: "Greenfield Legal AS - North"),
            PSACompany(id: "2", name: "Greenfield Legal AS"),
            PSACompany(id: "3", name: "Greenfield Legal PLC"),
        ]
        let proposal = propose("greenfieldlegalplc.onmicrosoft.com", among: companies)
        #expect(proposal.verdict == .needsReview, "\(proposal.reason)")
        #expect(proposal.candidates.map(\.companyID) == ["3", "2", "1"])
        let plain = propose("greenfieldlegal.onmicrosoft.com", among: companies)
        #expect(plain.candidates.map(\.companyID) == ["2", "3", "1"])
    }

    @Test(arguments: [
        ("contoso.onmicrosoft", "not a known public suffix"), ("contoso.local", "not a known public suffix"),
        ("contoso..onmicrosoft.com", "empty label"), ("contoso_ltd.onmicrosoft.com", "other than letters"),
        ("https://contoso", "no dot"), ("contosoonmicrosoftcom", "no dot"), ("12345.onmicrosoft.com", "only digits"),
        ("ltd.onmicrosoft.com", "only a legal form"), ("co.uk", "only a public suffix"),
        ("-contoso.com", "other than letters"),
    ])
    func aNameThatLooksLikeADomainButIsNotOneGetsNoProposal(_ name: String, _ why: String) {
        let proposal = propose(name, among: siblings)
        #expect(proposal.verdict == .noMatch && proposal.best == nil, "\(name): \(proposal.reason)")
        #expect(proposal.reason.contains(why), "\(name): \(proposal.reason)")
    }

    @Test(arguments: [
        ("", "empty"), ("---", "empty"), ("12345", "only digits"), ("0800 123 456", "only digits"),
        ("Sp. z o.o.", "only a legal form"), ("GmbH & Co. KG", "only a legal form"), ("Sdn. Bhd.", "only a legal form"),
    ])
    func badNamesGetNoProposalWithTheReason(_ name: String, _ why: String) {
        let proposal = propose(name, among: siblings + [PSACompany(id: "9", name: "GmbH")])
        #expect(proposal.verdict == .noMatch, "\(name): \(proposal.reason)")
        #expect(proposal.reason.contains(why), "\(name): \(proposal.reason)")
    }

    @Test(arguments: [
        "SSV Technology Co., Ltd.", "S.S.V. Tech", "Contoso - EMEA", "Contoso Ltd (Head Office)",
        "Contoso Finance Dept",
        "Contoso Ltd 2", "Contoso Wellington",
    ])
    func initialsAndExtraWordsNoCompanyHasAreRecovered(_ name: String) {
        let proposal = propose(name, among: siblings)
        #expect(proposal.verdict == .confident, "\(name): \(proposal.reason)")
        #expect(proposal.confidence >= AccountMapping.confidentFrom)
    }

    @Test func anExtraWordSomeCompanyHasIsStrongEvidenceAndKeepsTheProposalForReview() {
        // "Traders" is Northwind Traders' word: "Contoso Traders" may be another company.
        let proposal = propose("Contoso Traders", among: siblings)
        #expect(proposal.confidentCompanyID == nil, "\(proposal.reason)")
    }
}
