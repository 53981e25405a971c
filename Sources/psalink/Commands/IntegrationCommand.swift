import ArgumentParser
import Foundation
import PSACore

/// `psalink integration ...`: the PSA integrations.
struct IntegrationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "integration",
        abstract: "Add, list, validate, set the default, pause and remove PSA integrations.",
        subcommands: [
            IntegrationAddCommand.self, IntegrationListCommand.self, IntegrationValidateCommand.self,
            IntegrationSetDefaultCommand.self, IntegrationPauseCommand.self, IntegrationResumeCommand.self,
            IntegrationRemoveCommand.self,
        ]
    )
}

/// `psalink integration pause NAME`: no tickets while paused; events wait in the outbox.
struct IntegrationPauseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause", abstract: "Pause an integration: its events wait in the outbox until it is resumed.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The integration's name.") var name: String

    func run() throws {
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let integration = try access.integrationWithCredentials(named: name).0
        try access.run { try $0.setPaused(true, integration: integration.id) }
        print("Paused \"\(integration.displayName)\": no tickets until `psalink integration resume`; events wait.")
    }
}

struct IntegrationResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Resume a paused integration: its waiting events are delivered.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The integration's name.") var name: String

    func run() throws {
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let integration = try access.integrationWithCredentials(named: name).0
        try access.run { try $0.setPaused(false, integration: integration.id) }
        print(
            "Resumed \"\(integration.displayName)\": waiting events go out with the next `events send` or a running `serve`."
        )
    }
}
