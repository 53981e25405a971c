import ArgumentParser
import Foundation
import PSACore
import TerminalUI

#if canImport(Glibc)
    import Glibc
#endif

/// `psalink companies refresh NAME`: every PSA company into the local cache.
struct CompaniesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "companies", abstract: "The local cache of PSA companies.",
        subcommands: [CompaniesRefreshCommand.self])
}

struct CompaniesRefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh", abstract: "Fetch every company of an integration's PSA into the local cache.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The integration's name.") var name: String
    @Flag(help: "Print one JSON document.") var json = false

    struct Summary: Encodable {
        var integration: String
        var count: Int
        var requests: Int
        var seconds: Double
    }

    func run() async throws {
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let (integration, credentials) = try access.integrationWithCredentials(named: name)
        let refresh = CompanyCacheRefresh(store: access.store, makeConnector: connection.connectors(for: access.store))
        let showProgress = isatty(2) == 1
        let refreshed: CompanyCacheRefresh.Summary
        do {
            refreshed = try await refresh.refresh(integrationID: integration.id, credentials: credentials) {
                progress in
                guard showProgress else { return }
                let total = progress.total.map { " of " + NumberText.grouped($0) } ?? ""
                let line = ProgressLine.replacing(
                    with: "Fetching companies: \(NumberText.grouped(progress.fetched))\(total)")
                FileHandle.standardError.write(Data(line.utf8))
            }
        } catch {
            if showProgress { FileHandle.standardError.write(Data(ProgressLine.erase.utf8)) }
            if case .store(let error) = error { throw CommandFailure(FlagWording.describe(error)) }
            throw CommandFailure("\"\(integration.displayName)\": \(FlagWording.describe(error))")
        }
        if showProgress { FileHandle.standardError.write(Data(ProgressLine.erase.utf8)) }
        let summary = Summary(
            integration: integration.displayName, count: refreshed.count, requests: refreshed.requests,
            seconds: refreshed.seconds)
        if json {
            try JSONOutput.print(summary)
        } else {
            print(
                "\(NumberText.grouped(summary.count)) companies cached for \"\(integration.displayName)\" "
                    + "(\(summary.requests) requests, \(String(format: "%.1f", summary.seconds)) s).")
        }
    }
}
