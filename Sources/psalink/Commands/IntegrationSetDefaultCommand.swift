import ArgumentParser
import Foundation
import PSACore

/// `psalink integration set-default NAME`.
struct IntegrationSetDefaultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-default",
        abstract: "Make an integration the default PSA system (events without a queue go there).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The integration's name.") var name: String

    func run() throws {
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let (integration, _) = try access.integrationWithCredentials(named: name)
        try access.run { try $0.setDefaultIntegration(id: integration.id) }
        print("\"\(integration.displayName)\" is now the default PSA system.")
    }
}
