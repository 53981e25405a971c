import Foundation
import PSACore
import TerminalUI
import Wizard

/// Composition root of the wizard: checks the terminal, opens the store, picks the
/// theme, and runs the home screen until the admin quits.
struct WizardLauncher {
    var options: GlobalOptions
    /// Every request of the wizard goes through this one client, as the commands' do.
    var client: HTTPClient
    var environment: [String: String]
    /// Shown in every screen's title bar (the demo says so there).
    var banner: String?

    /// The process exit status: 0 when the admin quit, 1 when something they can fix
    /// stopped the wizard from starting.
    func run() -> Int32 {
        do {
            try TerminalPreflight.check(environment: environment)
        } catch {
            FileHandleOutput.error(error.description)
            return 1
        }

        let store: Store
        do {
            let path = try DatabaseLocation.resolve(argument: options.db, environment: environment)
            store = try Store.open(at: path)
        } catch {
            FileHandleOutput.error(FlagWording.describe(error))
            return 1
        }

        let folders = ThemeSelection.folders(environment: environment, executablePath: "/proc/self/exe")
        let selection = ThemeSelection.resolve(option: options.theme, environment: environment, folders: folders)
        let themeNotice = selection.problem.map { "using the default theme: \($0.description)" }
        if let themeNotice { FileHandleOutput.error(themeNotice) }

        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(theme: selection.theme, colors: selection.usesColor)
        } catch {
            FileHandleOutput.error(error.description)
            return 1
        }
        defer { terminal.stop() }

        let loop = RunLoop<WizardApp>()
        var services = WizardServices(store: store, client: client)
        services.banner = banner
        var app = WizardApp(services: services, inbox: loop.inbox, notice: themeNotice)
        return loop.run(&app, on: terminal)
    }
}
