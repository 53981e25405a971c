import ArgumentParser
import Foundation
import PSACore
import TerminalUI

/// `psalink integration list`.
struct IntegrationListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the PSA integrations.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print one JSON document.") var json = false

    func run() throws {
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let integrations = try access.run { try $0.integrations() }
        if json {
            try JSONOutput.print(["integrations": integrations.map { IntegrationSummary($0) }])
            return
        }
        guard !integrations.isEmpty else {
            print("No integrations yet. Add one with: psalink integration add --help")
            return
        }
        let nameWidth = min(40, max(12, integrations.map { DisplayWidth.columns(of: $0.displayName) }.max() ?? 0))
        print(TextFitting.padded("NAME", to: nameWidth) + "  SYSTEM              DEFAULT  HEALTH")
        for integration in integrations {
            let name = TextFitting.padded(TerminalSafeText.escaped(integration.displayName), to: nameWidth)
            let system = TextFitting.padded(integration.system.displayName, to: 18)
            let isDefault = integration.isDefault ? "yes    " : "       "
            var health = integration.health.keyword
            if case .failing(let reason, _) = integration.health { health += ": " + TerminalSafeText.escaped(reason) }
            if integration.eventsFailedForGood > 0 {
                let count = integration.eventsFailedForGood
                health += "; \(count) event\(count == 1 ? "" : "s") failed for good"
            }
            print("\(name)  \(system)  \(isDefault)  \(health)")
        }
    }
}
