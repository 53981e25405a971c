/// How a matcher's confident proposals compare with the labels of an evaluation set.
///
/// Precision = correct proposals / proposals; recall = correct proposals / cases with an expected company.
public struct EvaluationScore: Sendable, Equatable {
    /// Cases scored.
    public var cases: Int
    /// Cases whose label names a company (the denominator of recall).
    public var labelled: Int
    /// Cases where the matcher proposed a company.
    public var proposals: Int
    /// Proposals equal to the expected company.
    public var correct: Int
    /// Proposals that are not the expected company, including every proposal for a case labelled nil.
    public var wrong: Int
    /// Of `wrong`, the proposals for cases labelled nil: guesses where no proposal should be made.
    public var wrongWhereNoneExpected: Int
    /// Cases without a proposal, whatever their label (`cases - proposals`).
    public var abstained: Int
    /// Labelled cases without a proposal: the abstentions that cost recall.
    public var missed: Int

    /// 1 when there are no proposals, as no proposal was wrong.
    public var precision: Double {
        proposals == 0 ? 1 : Double(correct) / Double(proposals)
    }

    /// 1 when no case is labelled, as nothing could be missed.
    public var recall: Double {
        labelled == 0 ? 1 : Double(correct) / Double(labelled)
    }

    /// `proposals[i]` is the company id the matcher proposed with confidence for `cases[i]`, or nil.
    public init(cases: [EvaluationCase], proposals: [String?]) {
        precondition(cases.count == proposals.count, "one proposal (or nil) per case")
        self.cases = cases.count
        labelled = 0
        self.proposals = 0
        correct = 0
        wrong = 0
        wrongWhereNoneExpected = 0
        abstained = 0
        missed = 0
        for (evaluationCase, proposal) in zip(cases, proposals) {
            let expected = evaluationCase.expectedCompanyID
            if expected != nil { labelled += 1 }
            guard let proposal else {
                abstained += 1
                if expected != nil { missed += 1 }
                continue
            }
            self.proposals += 1
            if proposal == expected {
                correct += 1
            } else {
                wrong += 1
                if expected == nil { wrongWhereNoneExpected += 1 }
            }
        }
    }

    /// One score per kind, in `Kind.allCases` order, for kinds that have cases.
    public static func byKind(cases: [EvaluationCase], proposals: [String?])
        -> [(kind: EvaluationCase.Kind, score: EvaluationScore)]
    {
        precondition(cases.count == proposals.count, "one proposal (or nil) per case")
        var grouped: [EvaluationCase.Kind: (cases: [EvaluationCase], proposals: [String?])] = [:]
        for (evaluationCase, proposal) in zip(cases, proposals) {
            grouped[evaluationCase.kind, default: ([], [])].cases.append(evaluationCase)
            grouped[evaluationCase.kind, default: ([], [])].proposals.append(proposal)
        }
        return EvaluationCase.Kind.allCases.compactMap { kind in
            grouped[kind].map { (kind, EvaluationScore(cases: $0.cases, proposals: $0.proposals)) }
        }
    }

    /// A fixed-width table of the whole score and each kind's, for test logs and the benchmark.
    public static func report(cases: [EvaluationCase], proposals: [String?], title: String) -> String {
        func row(_ label: String, _ score: EvaluationScore) -> String {
            let columns = [
                String(score.cases), String(score.labelled), String(score.proposals), String(score.correct),
                String(score.wrong), String(score.missed), percent(score.precision), percent(score.recall),
            ]
            return pad(label, 26) + columns.map { pad($0, 9, right: true) }.joined()
        }
        let header =
            pad(title, 26)
            + ["cases", "labelled", "proposed", "correct", "wrong", "missed", "prec", "recall"].map {
                pad($0, 9, right: true)
            }.joined()
        var lines = [header]
        for (kind, score) in byKind(cases: cases, proposals: proposals) {
            lines.append(row(kind.rawValue, score))
        }
        lines.append(row("all", EvaluationScore(cases: cases, proposals: proposals)))
        return lines.joined(separator: "\n")
    }
}

private func percent(_ value: Double) -> String {
    let tenths = Int((value * 1_000).rounded())
    return "\(tenths / 10).\(tenths % 10)%"
}

private func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - text.count))
    return right ? padding + text : text + padding
}
