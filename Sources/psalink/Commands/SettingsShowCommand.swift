import ArgumentParser
import Foundation
import PSACore

/// `psalink settings show NAME`: the stored ticket settings with the PSA's names, flagging values
/// the PSA no longer has and required ones that are unset; then the integration settings, each
/// with the default it falls back to.
struct SettingsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show an integration's ticket settings, checked against the choices its PSA offers now, "
            + "and its integration settings (rate-limit, broken-mapping, fallback-ticket). While the PSA does not "
            + "answer, the stored values are shown unchecked.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The integration's name.") var name: String
    @Flag(help: "Print one JSON document.") var json = false

    func run() async throws {
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let (integration, credentials) = try access.integrationWithCredentials(named: name)
        let stored = TicketSettings(stored: try access.run { try $0.ticketSettings(forIntegration: integration.id) })
        let editor = TicketSettingsEditor(connector: connection.connectors(for: access.store)(credentials))
        // A PSA that does not answer still leaves the stored settings to show, marked unchecked.
        let reviews: [TicketSettingReview]
        let userFields: [UserFieldReview]
        var unchecked: String?
        do {
            let resolver = try await editor.resolver(for: stored)
            reviews = resolver.review(stored)
            userFields = resolver.reviewUserFields(stored)
        } catch {
            unchecked = error.description
            reviews = TicketSettingReview.unchecked(stored, system: integration.system)
            userFields = stored.userFields.keys.sorted().map {
                UserFieldReview(name: $0, value: stored.userFields[$0], label: nil, status: .unchecked)
            }
        }
        let statuses = try access.run { try IntegrationSettingStatus.all(of: integration, in: $0) }
        let mark = try access.run { try $0.settingsReview(forIntegration: integration.id) }
        let report = SettingsReport(
            integration: integration, reviews: reviews, userFields: userFields, integrationSettings: statuses,
            reviewNeeded: mark, unchecked: unchecked)
        try report.print(json: json, warn: json)
    }
}
