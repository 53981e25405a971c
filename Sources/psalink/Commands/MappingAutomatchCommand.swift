import ArgumentParser
import Foundation
import PSACore
import TerminalUI

/// `psalink mapping automatch NAME [--apply] [--json]`: Auto Match's proposals for the accounts
/// that have no company yet, against the cached companies; `--apply` saves the confident ones.
struct MappingAutomatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "automatch", abstract: "Propose a PSA customer for every account that has none yet.",
        discussion: """
            Works on the cached companies (psalink companies refresh NAME fills the cache).
            Matches by the Microsoft tenant the PSA links to a company, then by domain, then, for
            an account named by its tenant domain (contosoltd.onmicrosoft.com), by the domain's
            label (method domain-label), then by name. A proposal is confident only when no other
            company is as plausible once region qualifiers and legal forms are set aside; the
            others need review (in the wizard, or with mapping set), each with its reason
            ("same name in 2 regions", "legal form differs", ...) and runner-up.
            Manual mappings and skipped accounts are never touched.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The integration's name.") var name: String
    @Flag(help: "Save the confident proposals (nothing else is saved).") var apply = false
    @Flag(help: "Print one JSON document.") var json = false

    func run() throws {
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let integration = try MappingTarget.integration(named: name, in: access)
        let id = integration.id
        let (mappings, accounts, companies) = try access.run { store in
            (
                try store.mappings(forIntegration: id), try store.accounts(),
                try store.companies(forIntegration: id)
            )
        }
        guard !companies.isEmpty || mappings.isEmpty else {
            throw CommandFailure(
                "\"\(integration.displayName)\" has no cached companies; run "
                    + "`psalink companies refresh \"\(integration.displayName)\"` first")
        }
        let proposals = AutoMatch.proposals(for: mappings, accounts: accounts, companies: companies)
        if apply {
            let byAccount = Dictionary(mappings.map { ($0.accountID, $0) }, uniquingKeysWith: { first, _ in first })
            let accepted = proposals.compactMap { proposal -> AccountMapping? in
                guard proposal.verdict == .confident, let mapping = byAccount[proposal.accountID] else { return nil }
                var accepted = AutoMatch.accepting(proposal, into: mapping)
                accepted.appliedBy = .automatch
                return accepted
            }
            let customer = try access.run { try $0.mspCustomer(forIntegration: id) }
            try MappingTarget.run(access, for: integration) {
                try $0.saveMappings(accepted, mspCustomer: customer, forIntegration: id)
            }
        }
        if json {
            try JSONOutput.print(
                AutomatchDocument(
                    integration: integration.displayName,
                    accounts: proposals.map { AutomatchEntry(proposal: $0, applied: apply) }))
            return
        }
        report(proposals, integration: integration)
    }

    private func report(_ proposals: [MatchProposal], integration: Integration) {
        guard !proposals.isEmpty else {
            print(
                "Every enabled account of \"\(TerminalSafeText.escaped(integration.displayName))\" already has a customer."
            )
            return
        }
        for proposal in proposals {
            let account = TerminalSafeText.escaped(proposal.accountName)
            let company = proposal.best.map {
                "\(TerminalSafeText.escaped($0.companyName)) (\(TerminalSafeText.escaped($0.companyID)))"
            }
            let verdict: String
            switch proposal.verdict {
            case .confident: verdict = apply ? "mapped" : "proposed"
            case .needsReview: verdict = "needs review"
            case .noMatch: verdict = "no match"
            }
            print("\(account): \(verdict)\(company.map { " → " + $0 } ?? "")")
            print("    \(TerminalSafeText.escaped(proposal.reason))")
        }
        let confident = proposals.filter { $0.verdict == .confident }.count
        let review = proposals.filter { $0.verdict == .needsReview }.count
        let none = proposals.count - confident - review
        let tail =
            apply
            ? "saved the \(confident) confident ones"
            : (confident > 0 ? "--apply saves the \(confident) confident ones" : "nothing to apply")
        print("\(confident) confident, \(review) need review, \(none) without a match; \(tail).")
    }
}

struct AutomatchDocument: Encodable {
    var integration: String
    var accounts: [AutomatchEntry]
}

/// One proposal as `--json` prints it: DESIGN §4's account fields (status `proposed`,
/// `needs-review`, `mapped` once applied, or `unmapped`), plus the verdict, the reason, the
/// runner-up and the candidates.
struct AutomatchEntry: Encodable {
    var proposal: MatchProposal
    var applied: Bool

    enum CodingKeys: String, CodingKey {
        case accountId, accountName, enabled, companyId, companyName, method, confidence, status
        case verdict, reason, runnerUp, candidates
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(proposal.accountID, forKey: .accountId)
        try container.encode(proposal.accountName, forKey: .accountName)
        try container.encode(true, forKey: .enabled)
        try container.encode(proposal.best?.companyID, forKey: .companyId)
        try container.encode(proposal.best?.companyName, forKey: .companyName)
        try container.encode(proposal.method?.rawValue, forKey: .method)
        try container.encode(proposal.best == nil ? nil : proposal.confidence, forKey: .confidence)
        try container.encode(status, forKey: .status)
        try container.encode(proposal.verdict.rawValue, forKey: .verdict)
        try container.encode(proposal.reason, forKey: .reason)
        try container.encode(proposal.runnerUp, forKey: .runnerUp)
        try container.encode(proposal.candidates, forKey: .candidates)
    }

    private var status: String {
        switch proposal.verdict {
        case .confident: return applied ? MappingStatus.mapped.rawValue : MappingStatus.proposed.rawValue
        case .needsReview: return MappingStatus.needsReview.rawValue
        case .noMatch: return MappingStatus.unmapped.rawValue
        }
    }
}
