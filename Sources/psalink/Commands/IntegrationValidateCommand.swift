import ArgumentParser
import Foundation
import PSACore

/// `psalink integration validate NAME`: checks the stored credentials and records the result
/// as the integration's health.
struct IntegrationValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check an integration's credentials with its PSA and record its health.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The integration's name.") var name: String
    @Flag(help: "Print one JSON document.") var json = false

    func run() async throws {
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let (integration, credentials) = try access.integration(named: name)
        let connector = PSAConnectors.make(credentials, client: connection.client)
        var failure: ConnectorError?
        do {
            try await connector.validate()
        } catch {
            failure = error
        }
        let health: Health =
            failure.map { .failing(reason: $0.description, checkedAt: Date()) } ?? .healthy(checkedAt: Date())
        try access.run { try $0.recordHealth(health, forIntegration: integration.id!) }
        var updated = integration
        updated.health = health
        if json {
            try JSONOutput.print(["integration": IntegrationSummary(updated)])
        } else if failure == nil {
            print("\"\(integration.displayName)\": credentials valid.")
        }
        if let failure { throw CommandFailure("\"\(integration.displayName)\": \(FlagWording.describe(failure))") }
    }
}
