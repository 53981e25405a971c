import ArgumentParser
import Foundation
import PSACore
import TerminalUI

/// `psalink import`: applies a document written by `psalink export` (DESIGN §4), all or nothing,
/// after checking its ticket settings against the PSAs they are for (DESIGN §6).
struct ImportCommand: AsyncParsableCommand {
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

            Each integration's ticket settings, and each queue's over them, are checked against \
            its PSA as psalink settings set checks them: a value the PSA does not offer, or a \
            field the PSA requires on new tickets left without a value or a default, refuses \
            the import. When a PSA does not answer, its integration's settings are imported \
            unchecked and marked for review, which psalink settings show reports until the \
            settings are next saved.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var connection: ConnectionOptions
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
        /// The integrations whose ticket settings could not be checked against their PSA.
        var reviewNeeded: [Review]
    }

    struct Review: Encodable {
        var integration: String
        var reason: String
    }

    func run() async throws {
        let source = file == "-" ? "standard input" : file
        let data = try InputFile.read(file, consequence: "nothing was imported")
        let document: ConfigurationDocument
        do {
            document = try ConfigurationDocument.decode(data)
        } catch {
            throw CommandFailure("\(source): \(error.description); nothing was imported")
        }
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        // The document's own problems first: no PSA is asked about a document that cannot be applied.
        let problems = try access.run { try $0.configurationProblems(document) }
        if !problems.isEmpty {
            throw CommandFailure(
                "\(source): \(FlagWording.describe(ConfigurationError.invalid(problems))); nothing was imported")
        }
        let credentials = try access.run { try $0.importedCredentials(document) }
        let checked = await ConfigurationPSACheck(connectors: connection.connectors(for: access.store))
            .check(document, credentials: credentials)
        if !checked.problems.isEmpty {
            throw CommandFailure(
                "\(source): \(FlagWording.describe(ConfigurationError.invalid(checked.problems))); nothing was imported"
            )
        }
        let result: ConfigurationImportSummary
        do {
            result = try access.store.importConfiguration(
                checked.document, source: file == "-" ? nil : URL(fileURLWithPath: file).lastPathComponent,
                reviews: checked.reviews)
        } catch {
            throw CommandFailure("\(source): \(FlagWording.describe(error)); nothing was imported")
        }
        let reviews = result.reviewNeeded.map { name in
            Review(integration: name, reason: checked.reviews.first { $0.key == name }?.value ?? "")
        }
        if json {
            try JSONOutput.print(
                Summary(
                    file: file, integrationsAdded: result.integrationsAdded,
                    integrationsUpdated: result.integrationsUpdated, accountsAdded: result.accountsAdded,
                    accountsUpdated: result.accountsUpdated, settings: result.settings, queues: result.queues,
                    mappings: result.mappings, mspCustomers: result.mspCustomers, nerdioSync: result.nerdioSync,
                    reviewNeeded: reviews))
            for review in reviews { FileHandleOutput.standardError("warning: " + Self.reviewLine(review)) }
            return
        }
        print("Imported \(source): \(result.counts).")
        for review in reviews { print(Self.reviewLine(review)) }
    }

    /// `settings of "Halo" not checked against the PSA (REASON); marked for review: run ...`.
    static func reviewLine(_ review: Review) -> String {
        let name = TerminalSafeText.escaped(review.integration)
        return "settings of \"\(name)\" not checked against the PSA (\(TerminalSafeText.escaped(review.reason))); "
            + "marked for review: run psalink settings show \(shellWord(name))"
    }

    /// The name as one shell word, so that the suggested command can be pasted.
    static func shellWord(_ text: String) -> String {
        let plain =
            !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
