import PSACore
import Testing

@testable import MatchingEvaluation

@Suite struct BaselineMatcherTests {
    @Test func keyLowercasesAndStripsOneTrailingLegalSuffix() {
        #expect(BaselineMatcher.key("Contoso Ltd") == "contoso")
        #expect(BaselineMatcher.key("Contoso, Inc.") == "contoso")
        #expect(BaselineMatcher.key("CONTOSO PTY LTD") == "contoso")
        #expect(BaselineMatcher.key("Contoso GmbH & Co. KG") == "contoso gmbh & co.")
        #expect(BaselineMatcher.key("Müller Bäckerei") == "müller bäckerei")
        #expect(BaselineMatcher.key("Ltd") == "ltd")
    }

    @Test func matchesOnlyWhenExactlyOneActiveCompanyHasTheKey() {
        let matcher = BaselineMatcher(companies: [
            PSACompany(id: "1", name: "Contoso Ltd"),
            PSACompany(id: "2", name: "Fabrikam Inc"), PSACompany(id: "3", name: "Fabrikam LLC"),
            PSACompany(id: "4", name: "Northwind", isActive: false),
            PSACompany(id: "5", name: "Tailspin GmbH", isActive: false), PSACompany(id: "6", name: "Tailspin AG"),
        ])
        func match(_ name: String) -> String? {
            matcher.match(NerdioAccount(id: "a", name: name, tenantID: "t"))
        }
        #expect(match("contoso limited") == "1")
        #expect(match("Fabrikam") == nil)
        #expect(match("Northwind") == nil)
        #expect(match("Tailspin") == "6")
        #expect(match("Contoso Limited (UK)") == nil)
    }

    @Test func baselineScoreOnTheDefaultSet() {
        let matcher = BaselineMatcher(companies: defaultSet.companies)
        let proposals = defaultSet.cases.map { matcher.match($0.account) }
        let score = EvaluationScore(cases: defaultSet.cases, proposals: proposals)
        print(EvaluationScore.report(cases: defaultSet.cases, proposals: proposals, title: "baseline"))

        // Every exact case whose name is the only active one with its baseline key must be found:
        // that is the one thing the baseline is built to do.
        var activeKeyCounts: [String: Int] = [:]
        for company in defaultSet.companies where company.isActive {
            activeKeyCounts[BaselineMatcher.key(company.name), default: 0] += 1
        }
        let uniqueExact = defaultSet.cases.indices.filter {
            defaultSet.cases[$0].kind == .exact
                && activeKeyCounts[BaselineMatcher.key(defaultSet.cases[$0].account.name)] == 1
        }
        #expect(uniqueExact.count >= 190)
        #expect(uniqueExact.allSatisfy { proposals[$0] == defaultSet.cases[$0].expectedCompanyID })

        // It can only match when the account's key equals its company's. Of the 18 labelled name and
        // evidence kinds, that holds for exact, most caseAndAccents (not accent-stripped ones), some
        // legalForm, activeAndInactive and nearDistractor cases, and the exact halves of the script
        // kinds; typo, word order, dropped word, abbreviation, suffix, punctuation, tenant and
        // domain cases it cannot find. So its recall sits well under half; 0.5 leaves room for
        // generator changes while still failing if the set became mostly exact names.
        #expect(score.recall < 0.5)
        #expect(score.recall > 0.1)
        // Junk records ("Ltd", "A") and accounts exact to an inactive company's twin give it wrong
        // proposals on bad input, which is the failure the issue warns about.
        #expect(score.wrong > 0)
        #expect(score.correct + score.missed + (score.wrong - score.wrongWhereNoneExpected) == score.labelled)
    }
}
