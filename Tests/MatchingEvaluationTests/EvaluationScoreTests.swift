import PSACore
import Testing

@testable import MatchingEvaluation

@Suite struct EvaluationScoreTests {
    private func evaluationCase(_ kind: EvaluationCase.Kind, expected: String?) -> EvaluationCase {
        EvaluationCase(
            account: NerdioAccount(id: "a", name: "n", tenantID: "t"), expectedCompanyID: expected, kind: kind)
    }

    @Test func countsAndRatiosOnAHandMadeExample() {
        let cases = [
            evaluationCase(.exact, expected: "1"),  // correct
            evaluationCase(.exact, expected: "2"),  // wrong company
            evaluationCase(.typo, expected: "3"),  // missed
            evaluationCase(.absent, expected: nil),  // guessed
            evaluationCase(.absent, expected: nil),  // rightly abstained
            evaluationCase(.typo, expected: "6"),  // correct
        ]
        let proposals: [String?] = ["1", "9", nil, "4", nil, "6"]
        let score = EvaluationScore(cases: cases, proposals: proposals)
        #expect(score.cases == 6)
        #expect(score.labelled == 4)
        #expect(score.proposals == 4)
        #expect(score.correct == 2)
        #expect(score.wrong == 2)
        #expect(score.wrongWhereNoneExpected == 1)
        #expect(score.abstained == 2)
        #expect(score.missed == 1)
        #expect(score.precision == 0.5)
        #expect(score.recall == 0.5)

        let byKind = EvaluationScore.byKind(cases: cases, proposals: proposals)
        #expect(byKind.map(\.kind) == [.exact, .typo, .absent])
        #expect(byKind[1].score.correct == 1 && byKind[1].score.missed == 1 && byKind[1].score.recall == 0.5)
        #expect(byKind[2].score.labelled == 0 && byKind[2].score.wrongWhereNoneExpected == 1)
        #expect(byKind[2].score.precision == 0)

        let report = EvaluationScore.report(cases: cases, proposals: proposals, title: "example")
        #expect(report.split(separator: "\n").count == 5)
        #expect(report.contains("50.0%"))
    }

    @Test func emptyDenominatorsCountAsPerfect() {
        let score = EvaluationScore(cases: [evaluationCase(.absent, expected: nil)], proposals: [nil])
        #expect(score.precision == 1)
        #expect(score.recall == 1)
        #expect(score.abstained == 1 && score.missed == 0)
    }
}
