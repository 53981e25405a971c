import Foundation
import MatchingEvaluation
import PSACore
import PSASandbox
import TerminalUI

/// Auto Match's quality on the labelled evaluation sets, beside the exact-normalized-name
/// baseline and a fuzzy one, and its speed for 5,000 accounts against 50,000 companies.
enum AutoMatchBenchmark {
    static func run(timing: Bool) {
        synthetic()
        realNames()
        if timing { timeAtScale() }
    }

    /// The synthetic set: invented names, every kind of difference and bad input.
    static func synthetic() {
        print("auto match: generating the synthetic evaluation set…")
        fflush(nil)
        let start = Measure.now()
        let set = EvaluationSet.generate()
        let generated = Double(Measure.now() - start) / 1_000_000
        print(
            "auto match: synthetic set of \(NumberText.grouped(set.cases.count)) cases against "
                + "\(NumberText.grouped(set.companies.count)) companies (generated in \(Measure.format(generated)) ms)")
        fflush(nil)
        let accounts = set.cases.map(\.account)
        let matcher = AutoMatcher(companies: set.companies)
        let ours = AutoMatch.propose(accounts, with: matcher).map(\.confidentCompanyID)
        print(EvaluationScore.report(cases: set.cases, proposals: ours, title: "psalink Auto Match"))
        if ProcessInfo.processInfo.environment["PSALINK_SHOW_WRONG"] != nil { showWrong(set, ours, matcher) }
        let baseline = BaselineMatcher(companies: set.companies)
        summary("psalink Auto Match", EvaluationScore(cases: set.cases, proposals: ours))
        summary(
            "exact-normalized-name baseline", EvaluationScore(cases: set.cases, proposals: accounts.map(baseline.match))
        )
        fflush(nil)
    }

    /// The real-name sets: the tuning part, then the held-out part no threshold is tuned on. The
    /// fuzzy baseline's threshold is chosen on the tuning part for precision 0.99.
    static func realNames() {
        var fuzzyThreshold = 1.0
        for part in EvaluationPart.allCases {
            let start = Measure.now()
            let set = EvaluationSet.realNames(part: part)
            let generated = Double(Measure.now() - start) / 1_000_000
            print(
                "auto match: real names, \(part.rawValue) part: \(NumberText.grouped(set.cases.count)) cases against "
                    + "\(NumberText.grouped(set.companies.count)) companies (generated in \(Measure.format(generated)) ms)"
            )
            let accounts = set.cases.map(\.account)
            let matcher = AutoMatcher(companies: set.companies)
            let ours = AutoMatch.propose(accounts, with: matcher).map(\.confidentCompanyID)
            print(EvaluationScore.report(cases: set.cases, proposals: ours, title: "psalink (\(part.rawValue))"))
            // Wrong proposals are shown for the tuning part only: the held-out part is never looked into.
            if part == .tuning, ProcessInfo.processInfo.environment["PSALINK_SHOW_WRONG"] != nil {
                showWrong(set, ours, matcher)
            }
            let exact = BaselineMatcher(companies: set.companies)
            let theirs = accounts.map(exact.match)
            let fuzzy = FuzzyBaseline(companies: set.companies)
            let scored = accounts.map(fuzzy.best)
            if part == .tuning {
                fuzzyThreshold = FuzzyBaseline.threshold(forPrecision: 0.99, cases: set.cases, scored: scored)
            }
            let fuzzyProposals = scored.map { $0.flatMap { $0.ratio >= fuzzyThreshold ? $0.companyID : nil } }
            print(
                EvaluationScore.report(cases: set.cases, proposals: theirs, title: "exact baseline (\(part.rawValue))"))
            print(
                EvaluationScore.report(
                    cases: set.cases, proposals: fuzzyProposals, title: "fuzzy baseline (\(part.rawValue))"))
            summary("psalink Auto Match, \(part.rawValue)", EvaluationScore(cases: set.cases, proposals: ours))
            summary("exact-normalized-name, \(part.rawValue)", EvaluationScore(cases: set.cases, proposals: theirs))
            summary(
                "token-sort ≥ \(String(format: "%.2f", fuzzyThreshold)), \(part.rawValue)",
                EvaluationScore(cases: set.cases, proposals: fuzzyProposals))
            fflush(nil)
        }
    }

    private static func summary(_ name: String, _ score: EvaluationScore) {
        print(
            "\(name.padding(toLength: 36, withPad: " ", startingAt: 0)) precision \(String(format: "%.4f", score.precision))"
                + "  recall \(String(format: "%.4f", score.recall))  wrong \(score.wrong)  abstained \(score.abstained)"
                + "  (target precision ≥ 0.995, recall ≥ 0.90)")
    }

    /// 5,000 accounts against 50,000 companies, index build included, as `mapping automatch` runs it.
    static func timeAtScale() {
        let companies = SandboxCompanies.generate(count: 50_000, seed: 11).enumerated().map { index, company in
            PSACompany(
                id: String(index + 1), name: company.name, isActive: company.isActive, type: company.type,
                isMSP: company.isMSP, domains: index % 3 == 0 ? [company.domain] : [])
        }
        // Accounts named after every tenth company, with the differences real tenants show.
        let accounts = (0..<5_000).map { index -> NerdioAccount in
            let company = companies[index * 10]
            let name = index % 2 == 0 ? company.name.uppercased() : "The " + company.name
            return NerdioAccount(id: "acct-\(index)", name: name, tenantID: "tenant-\(index)")
        }
        var built = AutoMatcher(companies: [])
        let builds = Measure.samples(count: 3, warmup: 0) { built = AutoMatcher(companies: companies) }
        Measure.report("  of which: index 50,000 companies", builds)
        let proposing = Measure.samples(count: 3, warmup: 0) { _ = AutoMatch.propose(accounts, with: built) }
        Measure.report("  of which: propose for 5,000 accounts", proposing)
        var proposals: [MatchProposal] = []
        let times = Measure.samples(count: 5, warmup: 1) {
            proposals = AutoMatch.propose(accounts, with: AutoMatcher(companies: companies))
        }
        Measure.report("auto match 5,000 accounts × 50,000 companies", times, target: 1_000)
        let confident = proposals.filter { $0.verdict == .confident }.count
        print("  \(confident) confident, \(proposals.count - confident) not (duplicated names in the generated data)")
        for scale in [12_500, 25_000, 50_000] {
            let subset = Array(companies.prefix(scale))
            let scaled = Measure.samples(count: 3, warmup: 0) {
                _ = AutoMatch.propose(accounts, with: AutoMatcher(companies: subset))
            }
            Measure.report("  5,000 accounts × \(NumberText.grouped(scale)) companies", scaled)
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print("auto match: peak memory \(usage.ru_maxrss / 1024) MB (target < 300 MB)")
    }

    private static func showWrong(_ set: EvaluationSet, _ proposals: [String?], _ matcher: AutoMatcher) {
        let names = Dictionary(set.companies.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        for (evaluationCase, proposal) in zip(set.cases, proposals)
        where proposal != nil && proposal != evaluationCase.expectedCompanyID {
            let expected = evaluationCase.expectedCompanyID.flatMap { names[$0] } ?? "—"
            print(
                "WRONG [\(evaluationCase.kind.rawValue)] \(evaluationCase.account.name) → \(names[proposal!] ?? "?") (expected \(expected))"
            )
            print("      \(matcher.propose(for: evaluationCase.account).reason)")
        }
        // PSALINK_SHOW_MISSED=KIND lists that kind's labelled cases without a proposal.
        guard let kind = ProcessInfo.processInfo.environment["PSALINK_SHOW_MISSED"] else { return }
        for (evaluationCase, proposal) in zip(set.cases, proposals)
        where proposal == nil && evaluationCase.kind.rawValue == kind && evaluationCase.expectedCompanyID != nil {
            let expected = evaluationCase.expectedCompanyID.flatMap { names[$0] } ?? "—"
            print("MISSED [\(kind)] \(evaluationCase.account.name) (expected \(expected))")
            print("      \(matcher.propose(for: evaluationCase.account).reason)")
        }
    }
}
