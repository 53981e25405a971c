import ArgumentParser
import Foundation
import PSACore
import TerminalUI

/// `psalink sync [NAME] [--json]`: keeps the picture current, for cron (DESIGN §6).
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Sync accounts, companies, mapping health and Auto Match of new accounts.",
        discussion: """
            For each integration (or only NAME), in order: the Nerdio accounts sync (when psalink \
            accounts sync has stored its settings), a refresh of the PSA's companies, mapping \
            health, and Auto Match of the enabled accounts that have no customer yet, applying \
            only the confident proposals (appliedBy sync); the rest waits for review. \
            The refresh is background work in the PSA's rate budget: it never delays a ticket, \
            and when the budget is busy it stops and the cache stays as it was until the next \
            sync. A failed step changes nothing and is reported; the other steps still run. \
            One sync runs at a time on a database: while another holds the lock, sync refuses at \
            once. Each integration's summary goes to the audit log (psalink audit). Exit status \
            1 when any step failed (the summary is still printed).
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Only this integration (all of them when left out).") var name: String?
    @Flag(help: "Print one JSON document.") var json = false

    struct Document: Encodable {
        var integrations: [SyncRun.IntegrationSummary]
    }

    func run() async throws {
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let only = try name.map { name throws(CommandFailure) in [try access.integration(named: name).id] }
        let client = connection.client
        let sync = SyncRun(
            store: access.store, makeConnector: connection.connectors(for: access.store),
            makeNerdioClient: { NerdioClient(settings: $0, client: client) })
        let summaries: [SyncRun.IntegrationSummary]
        do {
            summaries = try await sync.run(integrations: only)
        } catch {
            switch error {
            case .busy: throw CommandFailure(error.description)
            case .store(let failure): throw CommandFailure(FlagWording.describe(failure))
            }
        }
        if json {
            try JSONOutput.print(Document(integrations: summaries))
        } else if summaries.isEmpty {
            print("No integrations to sync. Add one with: psalink integration add")
        } else {
            for summary in summaries { SyncText.print(summary) }
        }
        if summaries.contains(where: \.failed) { throw ExitCode(1) }
    }
}

/// A sync's summary as text: the integration, then one line per step.
enum SyncText {
    static func print(_ summary: SyncRun.IntegrationSummary) {
        Swift.print("\"\(TerminalSafeText.escaped(summary.name))\"")
        for step in SyncRun.Step.allCases {
            Swift.print("  " + TextFitting.padded(step.rawValue, to: 10) + line(step, of: summary))
        }
    }

    static func line(_ step: SyncRun.Step, of summary: SyncRun.IntegrationSummary) -> String {
        if let failure = summary.failures[step] { return "failed: " + TerminalSafeText.escaped(failure) }
        switch step {
        case .accounts:
            guard let accounts = summary.accounts else {
                return summary.accountsConfigured
                    ? "not run" : "not set up (psalink accounts sync stores the Nerdio settings)"
            }
            return "\(accounts.added) added, \(accounts.updated) updated, \(accounts.missing) flagged missing"
        case .companies:
            guard let companies = summary.companies else { return "not run" }
            return "\(NumberText.grouped(companies.count)) cached (\(companies.requests) requests)"
        case .health:
            guard let health = summary.health else { return "not run" }
            return "\(health.needsReview) need review"
        case .automatch:
            guard let automatch = summary.automatch else { return "not run" }
            return "\(automatch.applied) applied, \(automatch.review) wait for review"
        }
    }
}
