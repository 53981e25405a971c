import ArgumentParser
import Foundation
import PSACore
import TerminalUI

/// `psalink mapping set NAME --account ID (--company ID | --skip | --enable | --clear)`.
struct MappingSetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Map one account to a PSA customer, skip it, enable it or clear its mapping.",
        discussion: """
            Give exactly one of --company, --skip, --enable and --clear. Skipping keeps the \
            account's company, so --enable brings it back; --clear removes the company and leaves \
            a skipped account skipped. The company must be in the local cache \
            (psalink companies refresh NAME).
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The integration's name.") var name: String
    @Option(help: ArgumentHelp("The Nerdio account's id.", valueName: "id")) var account: String
    @Option(help: ArgumentHelp("Map the account to this PSA company id.", valueName: "id")) var company: String?
    @Flag(help: "Skip the account: it gets no tickets.") var skip = false
    @Flag(help: "Enable a skipped account again.") var enable = false
    @Flag(help: "Remove the account's PSA customer.") var clear = false
    @Flag(help: "Print one JSON document.") var json = false

    func validate() throws {
        let chosen = [company != nil, skip, enable, clear].filter { $0 }.count
        guard chosen == 1 else {
            throw ValidationError("give exactly one of --company ID, --skip, --enable and --clear")
        }
        if let company, company.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--company: is empty")
        }
    }

    struct Document: Encodable {
        var integration: String
        var account: MappedAccount
    }

    func run() throws {
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let integration = try MappingTarget.integration(named: name, in: access)
        let id = integration.id
        let mapping = try MappingTarget.run(access, for: integration) { store -> AccountMapping? in
            if let company {
                try store.setMapping(integration: id, account: account, company: company)
            } else if skip {
                try store.skip(account: account, integration: id)
            } else if enable {
                try store.enable(account: account, integration: id)
            } else {
                try store.clearMapping(account: account, integration: id)
            }
            return try store.mappings(forIntegration: id).first { $0.accountID == account }
        }
        guard let mapping else {
            throw CommandFailure("account \(String(reflecting: account)) was removed while it was being mapped")
        }
        if json {
            try JSONOutput.print(Document(integration: integration.displayName, account: MappedAccount(mapping)))
            return
        }
        let accountLabel =
            "\"\(TerminalSafeText.escaped(mapping.accountName))\" (\(TerminalSafeText.escaped(mapping.accountID)))"
        let customer = MappingTable.customer(mapping)
        switch mapping.status {
        case .skipped:
            print(
                "\(accountLabel) is skipped\(customer.isEmpty ? "" : "; it keeps \(customer) for when it is enabled").")
        case .unmapped:
            print("\(accountLabel) has no PSA customer.")
        case .mapped, .proposed:
            print("\(accountLabel) is mapped to \(customer).")
        case .needsReview:
            print(
                "\(accountLabel) is mapped to \(customer), which needs review (\(mapping.reviewReason.map(MappingTable.explanation) ?? ""))."
            )
        }
    }
}
