import ArgumentParser

/// `psalink integration ...`: the PSA integrations.
struct IntegrationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "integration",
        abstract: "Add, list, validate, set the default and remove PSA integrations.",
        subcommands: [
            IntegrationAddCommand.self, IntegrationListCommand.self, IntegrationValidateCommand.self,
            IntegrationSetDefaultCommand.self, IntegrationRemoveCommand.self,
        ]
    )
}
