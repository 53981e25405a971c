import ArgumentParser
import Foundation
import PSACore
import TerminalUI
import Wizard

/// `psalink`: with no subcommand, the wizard's home screen.
struct PsalinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "psalink",
        abstract: "Link Nerdio Manager accounts to HaloPSA, ConnectWise PSA or Datto Autotask PSA.",
        discussion: """
            Without a subcommand, psalink opens the setup wizard in this terminal.
            Keys: arrows move, Tab changes focus, ? shows every key, q quits.
            Set NO_COLOR to draw without colors.
            """,
        version: Version.description,
        subcommands: [
            IntegrationCommand.self, CompaniesCommand.self, AccountsCommand.self, MappingCommand.self,
            SandboxCommand.self, SettingsCommand.self, QueueCommand.self, EventsCommand.self, TicketsCommand.self,
            ServeCommand.self,
        ]
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let status = WizardLauncher(options: global, environment: ProcessInfo.processInfo.environment).run()
        if status != 0 { throw ExitCode(status) }
    }
}
