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
            ServeCommand.self, SyncCommand.self, ExportCommand.self, ImportCommand.self, AuditCommand.self,
            MaintenanceCommand.self,
            DoctorCommand.self,
        ]
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var connection: ConnectionOptions
    @Flag(help: "Try the wizard on emulated PSAs and sample Nerdio accounts, with a temporary database.")
    var demo = false

    func validate() throws {
        if demo, global.db != nil { throw ValidationError("--demo uses a temporary database; leave out --db") }
    }

    func run() throws {
        let client = connection.client
        var launcher = WizardLauncher(
            options: global, client: client, environment: ProcessInfo.processInfo.environment)
        guard demo else {
            let status = launcher.run()
            if status != 0 { throw ExitCode(status) }
            return
        }
        let environment: DemoEnvironment
        do {
            environment = try runBlocking { try await DemoEnvironment.start(client: client) }
        } catch {
            throw CommandFailure("the demo could not start: \(error)")
        }
        launcher.options.db = environment.databasePath
        launcher.banner = DemoEnvironment.notice
        let status = launcher.run()
        runBlocking { await environment.stop() }
        if status != 0 { throw ExitCode(status) }
    }
}
