import ArgumentParser
import Foundation
import PSACore

/// `psalink settings set NAME KEY=VALUE...`: resolves every value against the PSA's choices and
/// saves all of them or none.
struct SettingsSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Set ticket settings of an integration, by the PSA's id or name.",
        discussion: """
            Keys: \(TicketSettingKey.allCases.map(\.rawValue).joined(separator: ", ")).
            board is ConnectWise only, queue Autotask only, category and impact HaloPSA only.
            A value is the PSA's id or its exact name (case-insensitive); reopen-window is a
            duration such as 30m, 24h or 7d. KEY= with no value clears the setting.
            ConnectWise statuses and types belong to the board, HaloPSA priorities to the
            ticket type: set those in the same command or before.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The integration's name.") var name: String
    @Argument(help: ArgumentHelp("The settings to change.", valueName: "key=value")) var assignments: [String]
    @Flag(help: "Print one JSON document.") var json = false

    func validate() throws {
        _ = try parsedAssignments()
    }

    func run() async throws {
        let assignments = try parsedAssignments()
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let (integration, credentials) = try access.integrationWithCredentials(named: name)
        let integrationID = integration.id
        do {
            try TicketSettingAssignment.checkKeys(assignments, for: integration.system)
        } catch {
            throw CommandFailure(
                "\(error.description) (\"\(integration.displayName)\" is \(integration.system.displayName))")
        }
        let stored = TicketSettings(stored: try access.run { try $0.ticketSettings(forIntegration: integrationID) })
        let editor = TicketSettingsEditor(connector: connection.connectors(for: access.store)(credentials))
        let updated: TicketSettings
        let resolver: TicketSettingsResolver
        do {
            (updated, resolver) = try await editor.applying(assignments, to: stored)
        } catch {
            throw CommandFailure("\(error.description); nothing was saved")
        }
        try access.run { try $0.saveTicketSettings(updated.stored, forIntegration: integrationID) }
        if !json {
            print("Saved \(assignments.count) ticket setting\(assignments.count == 1 ? "" : "s").")
        }
        try SettingsReport(integration: integration, reviews: resolver.review(updated)).print(json: json, warn: true)
    }

    private func parsedAssignments() throws(ValidationError) -> [TicketSettingAssignment] {
        do {
            return try TicketSettingAssignment.parseAll(assignments)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
