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
        let integration = try access.integration(named: name)
        let validation = IntegrationValidation(
            store: access.store, makeConnector: connection.connectors(for: access.store))
        let outcome = await validation.validate(integration)
        var updated = integration
        switch outcome {
        case .unusable(let reason): throw CommandFailure(FlagWording.describe(reason))
        case .notRecorded(let error, _): throw CommandFailure(FlagWording.describe(error))
        case .notChecked(let error):
            throw CommandFailure("\"\(integration.displayName)\": not checked: \(FlagWording.describe(error))")
        case .valid(let health), .refused(_, let health): updated.health = health
        }
        if json {
            try JSONOutput.print(["integration": IntegrationSummary(updated)])
        } else if outcome.credentialsValid {
            print("\"\(integration.displayName)\": credentials valid.")
        }
        if case .refused(let error, _) = outcome {
            throw CommandFailure("\"\(integration.displayName)\": \(FlagWording.describe(error))")
        }
    }
}
