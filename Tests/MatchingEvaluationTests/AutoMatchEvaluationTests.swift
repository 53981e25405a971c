import MatchingEvaluation
import PSACore
import Testing

/// Auto Match on the labelled evaluation set: a wrong match sends a customer's tickets to
/// another customer, so precision is the figure that must hold; recall must stay far above
/// the exact-normalized-name baseline.
@Suite struct AutoMatchEvaluationTests {
    @Test func precisionStaysAbove099AndRecallFarAboveTheBaseline() {
        // A smaller set than the benchmark's, with every kind, so that debug builds stay quick.
        let set = EvaluationSet.generate(seed: 7, casesPerKind: 80, fillerCompanies: 6_000)
        let accounts = set.cases.map(\.account)
        let ours = AutoMatch.propose(accounts, with: AutoMatcher(companies: set.companies)).map(\.confidentCompanyID)
        let score = EvaluationScore(cases: set.cases, proposals: ours)
        let baseline = BaselineMatcher(companies: set.companies)
        let baselineScore = EvaluationScore(cases: set.cases, proposals: accounts.map(baseline.match))
        #expect(
            score.precision >= 0.99,
            "\(EvaluationScore.report(cases: set.cases, proposals: ours, title: "Auto Match"))")
        #expect(score.recall >= 0.9 && score.recall >= 2 * baselineScore.recall)
        for (kind, byKind) in EvaluationScore.byKind(cases: set.cases, proposals: ours) {
            #expect(byKind.precision >= 0.97, "\(kind.rawValue): \(byKind.wrong) wrong")
        }
    }
}
