import ArgumentParser
import Foundation
import PSACore

#if canImport(Glibc)
    import Glibc
#endif

/// `psalink integration remove NAME [--yes]`.
struct IntegrationRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove an integration with its credentials, company cache and mappings.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The integration's name.") var name: String
    @Flag(help: "Do not ask for confirmation.") var yes = false
    @Option(help: "When removing the default, the integration that becomes the default.") var newDefault: String?

    func run() throws {
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let (integration, _) = try access.integrationWithCredentials(named: name)
        var successorID: Int64?
        if let newDefault {
            let successor = try access.integrationWithCredentials(named: newDefault).0
            guard successor.id != integration.id else {
                throw CommandFailure("--new-default: \"\(successor.displayName)\" is the integration being removed")
            }
            successorID = successor.id
        }
        if !yes {
            guard isatty(0) == 1 else {
                throw CommandFailure("removing \"\(integration.displayName)\" needs confirmation: add --yes")
            }
            FileHandle.standardError.write(
                Data("Remove \"\(integration.displayName)\" and everything linked to it? [y/N] ".utf8))
            guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
                throw CommandFailure("nothing was removed")
            }
        }
        try access.run { try $0.removeIntegration(id: integration.id, newDefault: successorID) }
        let remaining = try access.run { try $0.integrations() }
        var message = "Removed \"\(integration.displayName)\"."
        if integration.isDefault, let successor = remaining.first(where: { $0.isDefault }) {
            message += " \"\(successor.displayName)\" is now the default PSA system."
        }
        print(message)
    }
}
