import ArgumentParser
import Foundation
import PSACore

/// `psalink import`: applies a document written by `psalink export` (DESIGN §4), all or nothing.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Apply a configuration document written by psalink export.",
        discussion: """
            The whole document is checked before anything changes, and applied in one \
            transaction: integrations are matched by name (added or updated; a secret the \
            document leaves out keeps the stored one), accounts are added or updated, and the \
            ticket settings, integration settings, queues, mappings and MSP customer of each \
            integration in the document are replaced by the document's (a document without \
            integration settings, from an older psalink, keeps the stored ones; a bad value, such \
            as a rate-limit that is not N/SECONDS, refuses the import). The settings count \
            includes both kinds. Integrations and accounts it does not name \
            are left alone. Mapped companies need not be cached; run psalink companies refresh \
            afterwards to see their names.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The document, or - for standard input.", valueName: "file")) var file: String
    @Flag(help: "Print one JSON document.") var json = false

    struct Summary: Encodable {
        var file: String
        var integrationsAdded: Int
        var integrationsUpdated: Int
        var accountsAdded: Int
        var accountsUpdated: Int
        var settings: Int
        var queues: Int
        var mappings: Int
        var mspCustomers: Int
        var nerdioSync: Bool
    }

    func run() throws {
        let source = file == "-" ? "standard input" : file
        let data = try InputFile.read(file, consequence: "nothing was imported")
        let document: ConfigurationDocument
        do {
            document = try ConfigurationDocument.decode(data)
        } catch {
            throw CommandFailure("\(source): \(error.description); nothing was imported")
        }
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let result: ConfigurationImportSummary
        do {
            result = try access.store.importConfiguration(
                document, source: file == "-" ? nil : URL(fileURLWithPath: file).lastPathComponent)
        } catch {
            throw CommandFailure("\(source): \(FlagWording.describe(error)); nothing was imported")
        }
        if json {
            try JSONOutput.print(
                Summary(
                    file: file, integrationsAdded: result.integrationsAdded,
                    integrationsUpdated: result.integrationsUpdated, accountsAdded: result.accountsAdded,
                    accountsUpdated: result.accountsUpdated, settings: result.settings, queues: result.queues,
                    mappings: result.mappings, mspCustomers: result.mspCustomers, nerdioSync: result.nerdioSync))
            return
        }
        print("Imported \(source): \(result.counts).")
    }
}
