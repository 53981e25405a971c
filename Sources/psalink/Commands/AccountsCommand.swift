import ArgumentParser
import Foundation
import PSACore
import TerminalUI

/// `psalink accounts ...`: the Nerdio Manager accounts to map.
struct AccountsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts", abstract: "The Nerdio Manager accounts that get mapped to PSA customers.",
        subcommands: [AccountsImportCommand.self, AccountsListCommand.self])
}

struct AccountsImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import accounts from a CSV (header id,name,tenantId[,domain]) or JSON file.",
        discussion: """
            Re-importing updates names and keeps mappings. Accounts missing from the file are \
            flagged as missing, not deleted. A file with any bad row changes nothing.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The file, or - for standard input.", valueName: "file")) var file: String
    @Flag(help: "Print one JSON document.") var json = false

    struct Summary: Encodable {
        var file: String
        var accounts: Int
        var added: Int
        var updated: Int
        var unchanged: Int
        var markedMissing: Int
        var returned: Int
    }

    func run() throws {
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: file) else {
                throw CommandFailure("cannot read \(file)")
            }
            data = contents
        }
        let accounts: [NerdioAccount]
        do {
            accounts = try AccountFile.parse(data)
        } catch {
            throw CommandFailure("\(file == "-" ? "standard input" : file): \(error.description); nothing was imported")
        }
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let result = try access.run { try $0.importAccounts(accounts) }
        let summary = Summary(
            file: file, accounts: accounts.count, added: result.added, updated: result.updated,
            unchanged: result.unchanged, markedMissing: result.markedMissing, returned: result.returned)
        if json {
            try JSONOutput.print(summary)
        } else {
            var line =
                "Imported \(NumberText.grouped(accounts.count)) accounts: \(result.added) added, "
                + "\(result.updated) updated, \(result.unchanged) unchanged"
            if result.returned > 0 { line += ", \(result.returned) back after being missing" }
            if result.markedMissing > 0 {
                line += "; \(result.markedMissing) no longer in the file, flagged as missing"
            }
            print(line + ".")
        }
    }
}

struct AccountsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the Nerdio accounts.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print one JSON document.") var json = false

    struct Listed: Encodable {
        var id: String
        var name: String
        var tenantId: String
        var domain: String?
        var missing: Bool
    }

    func run() throws {
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let accounts = try access.run { try $0.accounts() }
        if json {
            try JSONOutput.print([
                "accounts": accounts.map {
                    Listed(
                        id: $0.id, name: $0.name, tenantId: $0.tenantID, domain: $0.domain,
                        missing: $0.missingSince != nil)
                }
            ])
            return
        }
        guard !accounts.isEmpty else {
            print("No accounts yet. Import them with: psalink accounts import FILE")
            return
        }
        let nameWidth = min(40, max(12, accounts.map { DisplayWidth.columns(of: $0.name) }.max() ?? 0))
        print(
            "ID          " + TextFitting.padded("NAME", to: nameWidth) + "  TENANT                                STATE"
        )
        for account in accounts {
            let id = TextFitting.padded(TerminalSafeText.escaped(account.id), to: 10)
            let name = TextFitting.padded(TerminalSafeText.escaped(account.name), to: nameWidth)
            print("\(id)  \(name)  \(account.tenantID)  \(account.missingSince == nil ? "" : "missing")")
        }
    }
}
