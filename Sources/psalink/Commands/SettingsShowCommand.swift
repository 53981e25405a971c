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
            + "and its integration settings (rate-limit).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The integration's name.") var name: String
    @Flag(help: "Print one JSON document.") var json = false

    func run() async throws {
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let (integration, credentials) = try access.integrationWithCredentials(named: name)
        let stored = TicketSettings(stored: try access.run { try $0.ticketSettings(forIntegration: integration.id) })
        let editor = TicketSettingsEditor(connector: connection.connectors(for: access.store)(credentials))
        let resolver: TicketSettingsResolver
        do {
            resolver = try await editor.resolver(for: stored)
        } catch {
            throw CommandFailure("\"\(integration.displayName)\": \(error.description)")
        }
        let statuses = try access.run { try IntegrationSettingStatus.all(of: integration, in: $0) }
        let mark = try access.run { try $0.settingsReview(forIntegration: integration.id) }
        try SettingsReport(
            integration: integration, reviews: resolver.review(stored), userFields: resolver.reviewUserFields(stored),
            integrationSettings: statuses, reviewNeeded: mark
        ).print(json: json, warn: json)
    }
}
