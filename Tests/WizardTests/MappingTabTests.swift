import PSACore
import TerminalUI
import Testing

@testable import Wizard

/// The Account Mapping tab as pure state: keys in, effects and rows out.
@Suite struct MappingTabTests {
    let layout = MappingLayout(area: Rect(x: 0, y: 4, width: 80, height: 17))

    static let companies = [
        PSACompany(id: "101", name: "Contoso Ltd", type: "Customer"),
        PSACompany(id: "102", name: "Contoso Pharmaceuticals", type: "Customer"),
        PSACompany(id: "103", name: "Fabrikam GmbH", isActive: false, type: "Customer"),
        PSACompany(id: "104", name: "Northwind IT", type: "Vendor", isMSP: true),
    ]

    func makeTab(
        _ mappings: [AccountMapping] = [
            AccountMapping(accountID: "a1", accountName: "Contoso"),
            AccountMapping(accountID: "a2", accountName: "Fabrikam"),
            AccountMapping(accountID: "a3", accountName: "Litware"),
        ], companies: [PSACompany] = companies
    ) -> MappingTab {
        var tab = MappingTab(system: .halo, mappings: mappings, mspCustomer: nil)
        guard case .loadCompanies(false, let run) = tab.loadCompanies(fromPSA: false) else {
            Issue.record("opening the tab does not load the companies")
            return tab
        }
        _ = tab.companiesLoaded(run: run, .success(companies))
        return tab
    }

    @discardableResult
    func press(_ key: Key, _ tab: inout MappingTab) -> MappingTab.Effect {
        tab.handle(.key(key), layout: layout)
    }

    func shownNames(_ tab: MappingTab) -> [String] { tab.table.visibleRows.map { tab.table.rows[$0].accountName } }

    /// Picks a company for the highlighted account through the picker's search.
    func choose(_ search: String, _ tab: inout MappingTab) {
        press(.enter, &tab)
        _ = tab.handle(.text(search), layout: layout)
        press(.enter, &tab)
    }

    @Test func choosingACompanyMapsTheAccountByHandAndMarksItUnsaved() {
        var tab = makeTab()
        choose("pharma", &tab)
        #expect(tab.picker == nil)
        #expect(tab.rows[0].companyID == "102" && tab.rows[0].method == .manual)
        #expect(tab.rows[0].status == .mapped)
        #expect(tab.isDirty && tab.changes.map(\.accountID) == ["a1"])
    }

    @Test func thePickerOffersActiveCompaniesOfTheChosenTypeOnly() {
        var tab = makeTab()
        press(.enter, &tab)
        #expect(tab.picker?.options.count == 3)
        #expect(tab.picker?.options.contains { $0.contains("Fabrikam") } == false)
        press(.escape, &tab)
        press(.character("i"), &tab)
        press(.character("t"), &tab)
        #expect(tab.companyFilter == CompanyFilter(activeOnly: false, type: "Customer"))
        press(.enter, &tab)
        #expect(tab.picker?.options.count == 3)
        #expect(tab.picker?.options.contains { $0.contains("Fabrikam GmbH · Customer · inactive · #103") } == true)
        #expect(tab.picker?.options.contains { $0.contains("Northwind") } == false)
    }

    @Test func spaceSkipsAndEnablesAndTheShowFilterFollows() {
        var tab = makeTab()
        press(.down, &tab)
        press(.character(" "), &tab)
        #expect(tab.rows[1].status == .skipped)
        press(.character("f"), &tab)
        press(.character("f"), &tab)
        #expect(tab.show == .unmapped)
        #expect(shownNames(tab) == ["Contoso", "Litware"])
        press(.character("f"), &tab)
        #expect(shownNames(tab) == ["Fabrikam"])
        press(.character(" "), &tab)
        #expect(tab.rows[1].enabled && shownNames(tab).isEmpty)
        #expect(!tab.isDirty)
    }

    @Test func searchMatchesAccountAndCustomerNames() {
        var tab = makeTab()
        press(.down, &tab)
        press(.down, &tab)
        choose("northwind", &tab)
        press(.character("/"), &tab)
        _ = tab.handle(.text("north"), layout: layout)
        #expect(shownNames(tab) == ["Litware"])
        press(.enter, &tab)
        #expect(tab.focus == .table)
        press(.character("f"), &tab)
        #expect(tab.show == .mapped)
    }

    @Test func bulkSkipAppliesToTheShownAccountsOnlyAfterConfirming() {
        var tab = makeTab()
        press(.character("/"), &tab)
        _ = tab.handle(.text("o"), layout: layout)
        press(.escape, &tab)
        #expect(shownNames(tab) == ["Contoso"])
        press(.character("b"), &tab)
        #expect(tab.bulkMenu?.isOpen == true)
        press(.enter, &tab)
        #expect(tab.question != nil)
        #expect(tab.rows.allSatisfy { $0.enabled })
        press(.character("y"), &tab)
        #expect(tab.rows.map(\.enabled) == [false, true, true])
    }

    @Test func cancellingABulkActionChangesNothing() {
        var tab = makeTab()
        press(.character("b"), &tab)
        press(.down, &tab)
        press(.down, &tab)
        press(.enter, &tab)
        press(.escape, &tab)
        #expect(tab.question == nil && !tab.isDirty)
    }

    @Test func validateAndSaveChecksWithThePSAThenSavesTheChanges() {
        var tab = makeTab()
        choose("contoso ltd", &tab)
        let effect = press(.control("s"), &tab)
        guard case .loadCompanies(true, let run) = effect else {
            Issue.record("Validate & Save did not ask the PSA: \(effect)")
            return
        }
        #expect(tab.isLoading)
        let saved = tab.companiesLoaded(run: run, .success(Self.companies))
        guard case .save(let changes, let customer) = saved else {
            Issue.record("nothing to save: \(saved)")
            return
        }
        #expect(changes.map(\.accountID) == ["a1"] && changes[0].companyID == "101" && customer == nil)
        tab.didSave()
        #expect(!tab.isDirty)
    }

    @Test func aCompanyDeletedInThePSAAfterMappingIsReportedBeforeSaving() {
        var tab = makeTab([
            AccountMapping(
                accountID: "a1", accountName: "Contoso", companyID: "101", companyName: "Contoso Ltd",
                companyIsActive: true, method: .manual),
            AccountMapping(accountID: "a2", accountName: "Fabrikam"),
        ])
        press(.down, &tab)
        press(.character(" "), &tab)
        guard case .loadCompanies(true, let run) = press(.control("s"), &tab) else {
            Issue.record("Validate & Save did not ask the PSA")
            return
        }
        let effect = tab.companiesLoaded(run: run, .success(Array(Self.companies.dropFirst())))
        #expect(effect == .none)
        #expect(tab.rows[0].reviewReason == .companyNotInCache)
        #expect(MappingTab.customerText(tab.rows[0]) == "⚠ #101 not in the PSA")
        #expect(tab.question.map { $0.0 } == .saveDespite(problems: 1))
        press(.escape, &tab)
        #expect(tab.show == .needsReview && shownNames(tab) == ["Contoso"])
        #expect(tab.isDirty)
    }

    @Test func aPSAThatWentAwaySavesNothingAndSaysSo() {
        var tab = makeTab()
        press(.character(" "), &tab)
        guard case .loadCompanies(true, let run) = press(.control("s"), &tab) else {
            Issue.record("Validate & Save did not ask the PSA")
            return
        }
        let effect = tab.companiesLoaded(run: run, .failure(WizardFailure("could not connect to 127.0.0.1")))
        #expect(effect == .none && !tab.isLoading && tab.isDirty)
        #expect(tab.message?.text.contains("could not connect to 127.0.0.1") == true)
        #expect(tab.message?.text.contains("Nothing was saved") == true)
    }

    @Test func aStaleAnswerIsIgnoredAndEscCancelsTheLoad() {
        var tab = makeTab()
        guard case .loadCompanies(true, let first) = press(.control("r"), &tab) else {
            Issue.record("Ctrl-R did not load from the PSA")
            return
        }
        #expect(press(.escape, &tab) == .cancelLoad)
        #expect(tab.companiesLoaded(run: first, .success([])) == .none)
        #expect(tab.directory.companies.count == Self.companies.count)
    }

    @Test func theMSPCustomerAndItsFallbackAreExplicitChoices() {
        var tab = makeTab()
        press(.character("u"), &tab)
        #expect(tab.mspCustomer == nil && tab.message?.role == .warning)
        press(.character("m"), &tab)
        _ = tab.handle(.text("northwind"), layout: layout)
        press(.enter, &tab)
        #expect(
            tab.mspCustomer == MSPCustomer(companyID: "104", companyName: "Northwind IT", fallbackForUnmapped: false))
        press(.character("u"), &tab)
        #expect(tab.mspCustomer?.fallbackForUnmapped == true)
        #expect(tab.isDirty && tab.changes.isEmpty)
    }

    @Test func pastingTenThousandCharactersOrControlCharactersIntoTheSearchIsHarmless() {
        var tab = makeTab()
        press(.character("/"), &tab)
        _ = tab.handle(.text(String(repeating: "x", count: 10_000)), layout: layout)
        #expect(tab.search.count == 200)
        #expect(shownNames(tab).isEmpty)
        for _ in 0..<200 { press(.backspace, &tab) }
        _ = tab.handle(.text("Con\u{1b}[31m\u{7}"), layout: layout)
        var buffer = ScreenBuffer(size: Size(width: 80, height: 24))
        MappingView(tab: tab, layout: layout, tick: 0).render(in: layout.area, into: &buffer)
        #expect(!buffer.lines.joined().contains("\u{1b}"))
    }

    @Test func companyNamesFromThePSAReachTheScreenEscaped() {
        var tab = makeTab(companies: [PSACompany(id: "1", name: "Evil\u{1b}]0;owned\u{7} Corp")])
        choose("evil", &tab)
        var buffer = ScreenBuffer(size: Size(width: 80, height: 24))
        MappingView(tab: tab, layout: layout, tick: 0).render(in: layout.area, into: &buffer)
        let text = buffer.lines.joined(separator: "\n")
        #expect(text.contains("Evil"))
        #expect(!text.contains("\u{1b}") && !text.contains("\u{7}"))
    }

    @Test func withoutCompaniesThePickerExplainsHowToLoadThem() {
        var tab = MappingTab(
            system: .connectwise, mappings: [AccountMapping(accountID: "a1", accountName: "Contoso")], mspCustomer: nil)
        press(.enter, &tab)
        #expect(tab.picker == nil)
        #expect(tab.message?.text.contains("Ctrl-R") == true)
    }

    // MARK: Auto Match review

    /// Runs Auto Match as the wizard would (the matcher over the tab's rows) and hands the answer back.
    func autoMatch(_ tab: inout MappingTab, accounts: [NerdioAccount]) {
        guard case .autoMatch(let run) = press(.character("a"), &tab) else {
            Issue.record("a did not start Auto Match")
            return
        }
        #expect(tab.isMatching)
        let proposals = AutoMatch.proposals(for: tab.rows, accounts: accounts, companies: tab.directory.companies)
        tab.autoMatchFinished(run: run, .success(proposals))
    }

    let accounts = [
        NerdioAccount(id: "a1", name: "CONTOSO LIMITED", tenantID: "t1"),
        NerdioAccount(id: "a2", name: "Fabrikam", tenantID: "t2"),
        NerdioAccount(id: "a3", name: "Litware", tenantID: "t3"),
    ]

    func reviewTab() -> MappingTab {
        makeTab(accounts.map { AccountMapping(accountID: $0.id, accountName: $0.name) })
    }

    @Test func autoMatchOpensAReviewAndSavesNothingUntilAccepted() {
        var tab = reviewTab()
        autoMatch(&tab, accounts: accounts)
        let review = tab.review
        #expect(review?.counts.confident == 1 && review?.counts.review == 1 && review?.counts.none == 1)
        // The decisions a person must make come first.
        #expect(review?.table.rows.first?.accountName == "Fabrikam")
        #expect(!tab.isDirty)
        press(.character("c"), &tab)
        #expect(tab.rows[0].companyID == "101" && tab.rows[0].method == .name && tab.rows[0].status == .mapped)
        #expect(tab.isDirty && tab.review?.proposals.count == 2)
    }

    @Test func atEightyColumnsTheReviewKeepsCtrlSAndTheWhyRowOnScreen() {
        var tab = reviewTab()
        autoMatch(&tab, accounts: accounts)
        var buffer = ScreenBuffer(size: Size(width: 80, height: 24))
        MappingView(tab: tab, layout: layout, tick: 0).render(in: layout.area, into: &buffer)
        let lines = buffer.lines
        let summary = lines.first { $0.contains("confident ·") }
        #expect(summary?.contains("Ctrl-S saves accepted") == true)
        #expect(summary?.contains("…") == false)
        let why = lines.first { $0.contains("Why: ") }
        #expect(why?.contains(tab.review?.highlighted?.reason.prefix(20) ?? "-") == true)
    }

    @Test func theReviewSummaryTakesTheLongestWordingThatFits() {
        var tab = reviewTab()
        autoMatch(&tab, accounts: accounts)
        guard let review = tab.review else {
            Issue.record("no review")
            return
        }
        let wide = MappingView.reviewSummary(review, width: 200)
        #expect(wide.hasPrefix("Auto Match: 1 confident · 1 need review · 1 no match · showing All (f)"))
        for width in [100, 80, 60] {
            let summary = MappingView.reviewSummary(review, width: width)
            #expect(summary.count <= width, "\(width): \(summary)")
            #expect(summary.contains("Ctrl-S"))
        }
    }

    @Test func aPersonCanAcceptAReviewProposalOrChooseAnotherCandidate() {
        var tab = reviewTab()
        autoMatch(&tab, accounts: accounts)
        // Fabrikam only fits an inactive company: accepting it is a person's decision.
        press(.character(" "), &tab)
        #expect(tab.review?.candidatePicker?.isOpen == true)
        press(.enter, &tab)
        let fabrikam = tab.rows[1]
        #expect(fabrikam.companyID == "103" && fabrikam.method == .manual && fabrikam.confidence == nil)
        #expect(fabrikam.status == .needsReview)  // its company is inactive, and the list says so
        press(.escape, &tab)
        #expect(tab.review == nil && tab.message?.text.contains("not saved yet") == true)
    }

    @Test func rejectingLeavesTheAccountUnmappedAndEscCancelsARun() {
        var tab = reviewTab()
        autoMatch(&tab, accounts: accounts)
        let before = tab.review?.proposals.count ?? 0
        press(.delete, &tab)
        #expect(tab.review?.proposals.count == before - 1)
        #expect(!tab.isDirty)
        press(.escape, &tab)
        guard case .autoMatch(let run) = press(.character("a"), &tab) else {
            Issue.record("a did not start Auto Match")
            return
        }
        press(.escape, &tab)
        tab.autoMatchFinished(run: run, .success([]))
        #expect(!tab.isMatching && tab.review == nil)
    }

    @Test func manualMappingsAndSkippedAccountsAreNeverProposedFor() {
        var tab = makeTab([
            AccountMapping(
                accountID: "a1", accountName: "CONTOSO LIMITED", companyID: "102",
                companyName: "Contoso Pharmaceuticals",
                companyIsActive: true, method: .manual),
            AccountMapping(accountID: "a2", accountName: "Fabrikam", enabled: false),
            AccountMapping(accountID: "a3", accountName: "Litware"),
        ])
        autoMatch(&tab, accounts: accounts)
        #expect(tab.review?.proposals.map(\.accountID) == ["a3"])
    }
}
