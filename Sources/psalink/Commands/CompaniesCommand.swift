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
        let (integration, credentials) = try access.integration(named: name)
        let connector = PSAConnectors.make(credentials, client: connection.client)
        let showProgress = isatty(2) == 1
        let started = ContinuousClock.now
        let listing: CompanyListing
        do {
            listing = try await connector.companies { progress in
                guard showProgress else { return }
                let total = progress.total.map { " of " + NumberText.grouped($0) } ?? ""
                FileHandle.standardError.write(
                    Data("\r\u{1B}[KFetching companies: \(NumberText.grouped(progress.fetched))\(total)".utf8))
            }
        } catch {
            if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            throw CommandFailure("\"\(integration.displayName)\": \(FlagWording.describe(error))")
        }
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        try access.run { try $0.replaceCompanies(listing.companies, forIntegration: integration.id!) }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let summary = Summary(
            integration: integration.displayName, count: listing.companies.count, requests: listing.requests,
            seconds: (seconds * 1000).rounded() / 1000)
        if json {
            try JSONOutput.print(summary)
        } else {
            print(
                "\(NumberText.grouped(summary.count)) companies cached for \"\(integration.displayName)\" "
                    + "(\(summary.requests) requests, \(String(format: "%.1f", summary.seconds)) s).")
        }
    }
}
