import Foundation
import PSACore
import Testing

@testable import MatchingEvaluation

/// Both parts of the real-name set, built once and shared: building one takes seconds.
let tuningSet = EvaluationSet.realNames(part: .tuning)
let heldOutSet = EvaluationSet.realNames(part: .heldOut)

/// Runs seconds of matching on a thread of its own: the concurrency pool has one thread per core,
/// and the rest of the test run (HTTP tests with timeouts among them) needs them meanwhile.
func offThePool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: work()) }.start()
    }
}

/// Auto Match on real registered company names. Precision is asserted on the held-out part,
/// whose names no threshold of the matcher was tuned on. One test at a time, each off the pool.
@Suite(.serialized) struct RealNameEvaluationTests {
    /// Auto Match's confident company for each case, in order.
    static func proposals(_ set: EvaluationSet) -> [String?] {
        AutoMatch.propose(set.cases.map(\.account), with: AutoMatcher(companies: set.companies))
            .map(\.confidentCompanyID)
    }

    @Test func heldOutPrecisionIsAtLeast0995WithRecallAtLeast090() async {
        let proposals = await offThePool { Self.proposals(heldOutSet) }
        let score = EvaluationScore(cases: heldOutSet.cases, proposals: proposals)
        let report = EvaluationScore.report(cases: heldOutSet.cases, proposals: proposals, title: "held-out")
        #expect(score.precision >= 0.995, "\(report)")
        #expect(score.recall >= 0.90, "\(report)")
        let exact = BaselineMatcher(companies: heldOutSet.companies)
        let baseline = EvaluationScore(
            cases: heldOutSet.cases, proposals: heldOutSet.cases.map { exact.match($0.account) })
        #expect(score.recall >= 2 * baseline.recall && baseline.precision < score.precision)
    }

    @Test func tuningPartMeetsTheSameTargets() async {
        let proposals = await offThePool { Self.proposals(tuningSet) }
        let score = EvaluationScore(cases: tuningSet.cases, proposals: proposals)
        let report = EvaluationScore.report(cases: tuningSet.cases, proposals: proposals, title: "tuning")
        #expect(score.precision >= 0.995 && score.recall >= 0.90, "\(report)")
    }

    @Test func casesThatNeedNoProposalGetNone() async {
        // Regional siblings without a region, duplicate records and bad input: a wrong proposal
        // here is the failure the issue is about, so none is allowed on the held-out part.
        let proposals = await offThePool { Self.proposals(heldOutSet) }
        for (evaluationCase, proposal) in zip(heldOutSet.cases, proposals)
        where [.duplicateRecord, .badDomain, .badName].contains(evaluationCase.kind)
            || evaluationCase.kind == .regionalSiblings && evaluationCase.expectedCompanyID == nil
        {
            #expect(proposal == nil, "\(evaluationCase.kind): \(evaluationCase.account.name)")
        }
    }

    @Test func thePartsShareNoNameAndEveryKindHasCases() {
        let tuningNames = Set(tuningSet.companies.map { RealNameKeys.groupKey($0.name) })
        let heldOutNames = Set(heldOutSet.companies.map { RealNameKeys.groupKey($0.name) })
        #expect(tuningNames.isDisjoint(with: heldOutNames))
        for set in [tuningSet, heldOutSet] {
            #expect(set.companies.count >= 10_000)
            for kind in EvaluationSet.realNameKinds {
                #expect(set.cases.filter { $0.kind == kind }.count >= 40, "\(kind)")
            }
        }
    }

    @Test func companiesAreRealRegisteredNamesAndLabelsAreActiveCompanies() {
        let registered = Set(RegisteredNames.all.map(\.name))
        for set in [tuningSet, heldOutSet] {
            let byID = Dictionary(uniqueKeysWithValues: set.companies.map { ($0.id, $0) })
            // Filler, exact and typo companies are registered names as written.
            let exactCompanies = set.cases.filter { $0.kind == .exact }.compactMap { byID[$0.expectedCompanyID ?? ""] }
            #expect(exactCompanies.allSatisfy { registered.contains($0.name) })
            #expect(set.companies.filter { registered.contains($0.name) }.count >= 9_000)
            for evaluationCase in set.cases {
                guard let expected = evaluationCase.expectedCompanyID else { continue }
                #expect(byID[expected]?.isActive == true, "\(evaluationCase.kind) \(evaluationCase.account.name)")
            }
        }
    }

    @Test func tokenSortRatioAndItsThreshold() {
        #expect(FuzzyBaseline.tokenSortRatio("Contoso Ltd", "LTD, contoso") == 1)
        #expect(abs(FuzzyBaseline.tokenSortRatio("abc", "abd") - 2.0 / 3.0) < 1e-9)
        let account = NerdioAccount(id: "a", name: "x", tenantID: "t")
        let cases = [
            EvaluationCase(account: account, expectedCompanyID: "1", kind: .exact),
            EvaluationCase(account: account, expectedCompanyID: "2", kind: .exact),
            EvaluationCase(account: account, expectedCompanyID: nil, kind: .absent),
        ]
        // Right at 0.95, wrong at 0.9: the lowest ratio with precision 0.99 is 0.95.
        let scored: [(companyID: String, ratio: Double)?] = [("1", 1.0), ("2", 0.95), ("3", 0.9)]
        #expect(FuzzyBaseline.threshold(forPrecision: 0.99, cases: cases, scored: scored) == 0.95)
    }
}
