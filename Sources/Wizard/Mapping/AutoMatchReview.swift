import PSACore
import TerminalUI

/// Auto Match's proposals on screen for a person to accept, reject or correct. Nothing reaches
/// the accounts until accepted; accepted rows leave the list.
struct AutoMatchReview {
    /// Which proposals the list shows.
    enum Show: CaseIterable, Equatable {
        case all, confident, needsReview, noMatch

        var title: String {
            switch self {
            case .all: return "All"
            case .confident: return "Confident"
            case .needsReview: return "Needs review"
            case .noMatch: return "No match"
            }
        }

        func admits(_ proposal: MatchProposal) -> Bool {
            switch self {
            case .all: return true
            case .confident: return proposal.verdict == .confident
            case .needsReview: return proposal.verdict == .needsReview
            case .noMatch: return proposal.verdict == .noMatch
            }
        }

        var next: Show {
            let all = Self.allCases
            return all[(all.firstIndex(of: self)! + 1) % all.count]
        }
    }

    enum Command: Hashable, Sendable {
        case accept, acceptConfident, reject, candidates, search, show, close
    }

    static let keyMap = KeyMap<Command>([
        KeyBinding([.enter], .accept, "Accept the highlighted proposal", hint: "Accept"),
        KeyBinding([.character("c")], .acceptConfident, "Accept every confident proposal", hint: "All confident"),
        KeyBinding([.delete, .backspace], .reject, "Reject the proposal (the account stays unmapped)", hint: "Reject"),
        KeyBinding(
            [.character(" ")], .candidates, "Choose among the candidates (runner-up and others)", hint: "Others"),
        KeyBinding([.character("/")], .search, "Search every PSA company for this account"),
        KeyBinding([.character("f")], .show, "Show: all, confident, needs review, no match", hint: "Show"),
        KeyBinding([.escape], .close, "Close the review; accepted proposals stay (unsaved)", hint: "Done"),
    ])

    /// What accepting something asks of the mapping tab.
    enum Outcome: Equatable {
        case none
        /// Map these accounts as the proposals (or chosen candidates) say.
        case accept([(MatchProposal, MatchCandidate?)])
        /// Open the full company picker for this proposal's account.
        case search(MatchProposal)
        case close

        static func == (left: Outcome, right: Outcome) -> Bool {
            switch (left, right) {
            case (.none, .none), (.close, .close): return true
            case (.search(let a), .search(let b)): return a == b
            case (.accept(let a), .accept(let b)):
                return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
            default: return false
            }
        }
    }

    private(set) var proposals: [MatchProposal]
    private(set) var show = Show.all
    private(set) var table: TableState<MatchProposal>
    /// The candidates of the highlighted proposal, while the person chooses among them.
    private(set) var candidatePicker: PickerState?

    init(proposals: [MatchProposal]) {
        // The decisions a person must make first, then the easy ones.
        let order: [MatchProposal.Verdict: Int] = [.needsReview: 0, .confident: 1, .noMatch: 2]
        self.proposals = proposals.enumerated().sorted { left, right in
            let (a, b) = (order[left.element.verdict]!, order[right.element.verdict]!)
            return a != b ? a < b : left.offset < right.offset
        }.map(\.element)
        table = TableState(columns: Self.columns, searchText: { $0.accountName })
        relist()
    }

    static let columns: [TableColumn<MatchProposal>] = [
        TableColumn("Nerdio account", width: .fill(2)) { $0.accountName },
        TableColumn("Proposed customer", width: .fill(2)) { proposal in
            guard let best = proposal.best else { return "—" }
            let mark = proposal.verdict == .confident ? "✓ " : "? "
            return mark + best.companyName + (best.isActive ? "" : " (inactive)")
        },
        TableColumn("How", width: .fixed(12)) { $0.method?.rawValue ?? "" },
        TableColumn("Sure", width: .fixed(4), alignment: .trailing) { proposal in
            proposal.best == nil ? "" : AutoMatcher.percent(proposal.confidence)
        },
        TableColumn("Runner-up", width: .fill(1)) { $0.runnerUp?.companyName ?? "" },
    ]

    var counts: (confident: Int, review: Int, none: Int) {
        var counts = (confident: 0, review: 0, none: 0)
        for proposal in proposals {
            switch proposal.verdict {
            case .confident: counts.confident += 1
            case .needsReview: counts.review += 1
            case .noMatch: counts.none += 1
            }
        }
        return counts
    }

    var highlighted: MatchProposal? { table.selectedItem }

    mutating func handle(_ event: InputEvent, layout: MappingLayout) -> Outcome {
        if var picker = candidatePicker, let proposal = highlighted {
            let result = picker.handle(event, anchor: layout.pickerAnchor, bounds: layout.pickerBounds)
            candidatePicker = picker.isOpen ? picker : nil
            if case .chosen(let option) = result {
                candidatePicker = nil
                return resolve([(proposal, proposal.candidates[option])])
            }
            return .none
        }
        guard case .key(let key) = event, let command = Self.keyMap.command(for: key) else {
            _ = table.handle(event, in: layout.table)
            return .none
        }
        switch command {
        case .accept:
            guard let proposal = highlighted, proposal.best != nil else { return .none }
            return resolve([(proposal, nil)])
        case .acceptConfident:
            let confident = proposals.filter { $0.verdict == .confident }
            return confident.isEmpty ? .none : resolve(confident.map { ($0, nil) })
        case .reject:
            guard let proposal = highlighted else { return .none }
            remove([proposal.accountID])
        case .candidates:
            guard let proposal = highlighted, !proposal.candidates.isEmpty else { return .none }
            var picker = PickerState(
                options: proposal.candidates.map { candidate in
                    "\(candidate.companyName) · \(AutoMatcher.percent(candidate.score))"
                        + (candidate.isActive ? "" : " · inactive") + " · #\(candidate.companyID)"
                }, maxVisibleOptions: AutoMatcher.candidatesShown)
            picker.open()
            candidatePicker = picker
        case .search:
            if let proposal = highlighted { return .search(proposal) }
        case .show:
            show = show.next
            relist()
        case .close:
            return .close
        }
        return .none
    }

    /// The accounts now decided leave the list.
    private mutating func resolve(_ accepted: [(MatchProposal, MatchCandidate?)]) -> Outcome {
        remove(Set(accepted.map { $0.0.accountID }))
        return .accept(accepted)
    }

    mutating func remove(_ accountIDs: Set<String>) {
        proposals.removeAll { accountIDs.contains($0.accountID) }
        relist()
    }

    private mutating func relist() {
        table.setRows(proposals.filter(show.admits))
    }
}
