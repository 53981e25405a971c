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
