import Foundation

/// Auto Match over an integration's accounts: which accounts it considers, and the mappings
/// that accepting its proposals makes.
public enum AutoMatch {
    /// Proposals for the enabled accounts that have no company yet, in the mappings' order.
    /// Manual mappings, earlier matches and skipped accounts are never touched; accounts gone
    /// from the latest import are left alone. The work is split over the machine's cores.
    public static func proposals(
        for mappings: [AccountMapping], accounts: [NerdioAccount], companies: [PSACompany]
    ) -> [MatchProposal] {
        let byID = Dictionary(accounts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let open = mappings.compactMap { mapping -> NerdioAccount? in
            guard mapping.enabled, mapping.companyID == nil, !mapping.accountMissing else { return nil }
            return byID[mapping.accountID]
        }
        let matcher = AutoMatcher(companies: companies)
        return propose(open, with: matcher)
    }

    /// Runs the matcher over `accounts` in parallel chunks; the order of the result is theirs.
    public static func propose(_ accounts: [NerdioAccount], with matcher: AutoMatcher) -> [MatchProposal] {
        guard accounts.count > 64 else { return accounts.map(matcher.propose) }
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount, accounts.count / 64))
        let results = ResultSlots<MatchProposal>(count: accounts.count)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = stride(from: chunk, to: accounts.count, by: chunks)
            for position in range { results.set(position, matcher.propose(for: accounts[position])) }
        }
        return results.values
    }

    /// The mapping that accepting `proposal` makes for `mapping`. A confident proposal keeps
    /// Auto Match's method and confidence; a company a person picked from the candidates (or
    /// from a proposal that needed review) is a manual mapping, since a person decided it.
    public static func accepting(
        _ proposal: MatchProposal, candidate: MatchCandidate? = nil, into mapping: AccountMapping
    ) -> AccountMapping {
        var accepted = mapping
        guard let chosen = candidate ?? proposal.best else { return mapping }
        accepted.companyID = chosen.companyID
        accepted.companyName = chosen.companyName
        accepted.companyIsActive = chosen.isActive
        if candidate == nil, proposal.verdict == .confident {
            accepted.method = proposal.method
            accepted.confidence = proposal.confidence
        } else {
            accepted.method = .manual
            accepted.confidence = nil
        }
        return accepted
    }
}

/// Slots that concurrent workers fill, each slot by exactly one worker.
private final class ResultSlots<Value>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ position: Int, _ value: Value) {
        lock.lock()
        storage[position] = value
        lock.unlock()
    }

    var values: [Value] { storage.map { $0! } }
}
