import ArgumentParser
import Foundation
import PSACore
import TerminalUI

#if canImport(Glibc)
    import Glibc
#endif

/// `psalink accounts ...`: the Nerdio Manager accounts to map.
struct AccountsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts", abstract: "The Nerdio Manager accounts that get mapped to PSA customers.",
        subcommands: [AccountsImportCommand.self, AccountsSyncCommand.self, AccountsListCommand.self])
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

    func run() throws {
        let data = try InputFile.read(file, consequence: "nothing was imported")
        let accounts: [NerdioAccount]
        do {
            accounts = try AccountFile.parse(data)
        } catch {
            throw CommandFailure("\(file == "-" ? "standard input" : file): \(error.description); nothing was imported")
        }
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let result = try access.run { try $0.importAccounts(accounts) }
        let summary = AccountChanges(accounts: accounts.count, result, file: file)
        if json {
            try JSONOutput.print(summary)
        } else {
            print(summary.line(verb: "Imported", source: "", vanishedFrom: "the file"))
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

/// `psalink accounts sync`: reads the accounts from Nerdio Manager's REST API and applies
/// them like an import; keeps the settings that worked for the next sync.
struct AccountsSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Read the accounts from Nerdio Manager's REST API and apply them like an import.",
        discussion: """
            The first sync needs --url, --tenant, --client-id, --scope and the client secret (from \
            --client-secret-env VAR or --client-secret-file PATH, or asked for in a terminal). After a \
            successful sync they are stored, and psalink accounts sync without options reuses them; \
            options given later replace the stored ones once a sync with them succeeds. Renamed accounts \
            keep their mappings; accounts Nerdio no longer lists are flagged as missing. A failed sync \
            changes nothing.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var connection: ConnectionOptions

    @Option(help: ArgumentHelp("Nerdio Manager's address, without /rest-api.", valueName: "url")) var url: String?
    @Option(help: ArgumentHelp("The Entra ID tenant of the app registration.", valueName: "tenant"))
    var tenant: String?
    @Option(help: ArgumentHelp("The app registration's Application (client) ID.", valueName: "id"))
    var clientId: String?
    @Option(help: ArgumentHelp("Environment variable holding the client secret.", valueName: "var"))
    var clientSecretEnv: String?
    @Option(help: ArgumentHelp("File holding the client secret.", valueName: "path")) var clientSecretFile: String?
    @Option(help: ArgumentHelp("The token's scope, e.g. api://<app id>/.default.", valueName: "scope"))
    var scope: String?
    @Option(
        help: ArgumentHelp(
            "The Entra ID authority (default https://login.microsoftonline.com).", valueName: "url"))
    var authority: String?
    @Flag(help: "Print one JSON document.") var json = false

    func validate() throws {
        if clientSecretEnv != nil && clientSecretFile != nil {
            throw ValidationError("give either --client-secret-env or --client-secret-file, not both")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let access = try StoreAccess(global, environment: environment)
        let stored = try access.run { try $0.nerdioSync() }
        if stored != nil && stored?.settings == nil {
            throw CommandFailure(
                "the stored Nerdio sync settings are incomplete; give --url, --tenant, --client-id, --scope and the client secret again"
            )
        }
        let settings = try resolveSettings(stored: stored?.settings, environment: environment)
        let client = NerdioClient(settings: settings, client: connection.client)
        let outcome: NerdioSync.Outcome
        do {
            outcome = try await NerdioSync.run(client, store: access.store)
        } catch {
            switch error {
            case .nerdio(let failure):
                throw CommandFailure("sync failed, nothing was changed: \(FlagWording.describe(failure))")
            case .store(let failure): throw CommandFailure(FlagWording.describe(failure))
            }
        }
        let saved = stored?.settings?.normalized != settings.normalized
        let summary = AccountChanges(
            accounts: outcome.accounts, outcome.summary, url: settings.normalized.url, settingsSaved: saved)
        if json {
            try JSONOutput.print(summary)
        } else {
            print(summary.line(verb: "Synced", source: " from Nerdio Manager", vanishedFrom: "Nerdio Manager"))
            if saved { print("Saved the sync settings; psalink accounts sync without options reuses them.") }
        }
    }

    /// The options given, over the stored settings. Without stored ones, --url, --tenant,
    /// --client-id and --scope are needed (a usage error, exit 2, otherwise) and the secret is
    /// read from its option or asked for.
    private func resolveSettings(stored: NerdioSyncSettings?, environment: [String: String]) throws
        -> NerdioSyncSettings
    {
        let secretGiven = clientSecretEnv != nil || clientSecretFile != nil
        guard let stored else {
            let missing = [("--url", url), ("--tenant", tenant), ("--client-id", clientId), ("--scope", scope)]
                .filter { $0.1 == nil }.map(\.0)
            if !missing.isEmpty {
                throw ValidationError(
                    "no sync settings are stored yet: give \(missing.joined(separator: ", "))"
                        + (secretGiven ? "" : " and --client-secret-env VAR or --client-secret-file PATH"))
            }
            if !secretGiven && isatty(0) != 1 {
                throw ValidationError(
                    "no sync settings are stored yet: give --client-secret-env VAR or --client-secret-file PATH")
            }
            return NerdioSyncSettings(
                url: url ?? "", tenant: tenant ?? "", clientID: clientId ?? "",
                clientSecret: try readSecret(environment),
                scope: scope ?? "", authority: authority ?? NerdioSyncSettings.defaultAuthority)
        }
        var settings = stored
        if let url { settings.url = url }
        if let tenant { settings.tenant = tenant }
        if let clientId { settings.clientID = clientId }
        if let scope { settings.scope = scope }
        if let authority { settings.authority = authority }
        if secretGiven { settings.clientSecret = try readSecret(environment) }
        return settings
    }

    private func readSecret(_ environment: [String: String]) throws(CommandFailure) -> Secret {
        try SecretInput.read(
            label: "client secret", flag: "--client-secret", environmentVariable: clientSecretEnv,
            file: clientSecretFile, environment: environment)
    }
}

/// What an account import or sync changed, as `--json` prints it (`file` for an import,
/// `url` and `settingsSaved` for a sync) and as one line of text.
struct AccountChanges: Encodable {
    var file: String?
    var url: String?
    var accounts: Int
    var added: Int
    var updated: Int
    var unchanged: Int
    var markedMissing: Int
    var returned: Int
    var settingsSaved: Bool?

    init(
        accounts: Int, _ result: AccountImportSummary, file: String? = nil, url: String? = nil,
        settingsSaved: Bool? = nil
    ) {
        self.file = file
        self.url = url
        self.accounts = accounts
        added = result.added
        updated = result.updated
        unchanged = result.unchanged
        markedMissing = result.markedMissing
        returned = result.returned
        self.settingsSaved = settingsSaved
    }

    func line(verb: String, source: String, vanishedFrom place: String) -> String {
        var line =
            "\(verb) \(NumberText.grouped(accounts)) accounts\(source): \(added) added, \(updated) updated, "
            + "\(unchanged) unchanged"
        if returned > 0 { line += ", \(returned) back after being missing" }
        if markedMissing > 0 { line += "; \(markedMissing) no longer in \(place), flagged as missing" }
        return line + "."
    }
}
