import ArgumentParser
import Foundation
import PSACore

/// `psalink integration add`: validates the credentials against the PSA, then saves them.
struct IntegrationAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a PSA integration: validate its credentials with the PSA, then save them.",
        discussion: """
            halo:        --url URL --client-id ID --client-secret-env VAR|--client-secret-file PATH [--tenant T]
            connectwise: --site SITE|URL --company ID --public-key KEY --private-key-env VAR|--private-key-file PATH --client-id GUID
            autotask:    --username USER --secret-env VAR|--secret-file PATH --integration-code CODE [--zone-discovery-url URL]
            Secrets are read from an environment variable or a file, or asked for when run in a terminal.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var connection: ConnectionOptions

    @Option(help: "The PSA: halo, connectwise or autotask.") var system: PSASystem
    @Option(help: "The name shown for this integration.") var name: String

    @Option(help: ArgumentHelp("HaloPSA: the instance URL, without /api.", valueName: "url")) var url: String?
    @Option(
        help: ArgumentHelp(
            "HaloPSA: the API application's Client ID; ConnectWise: the integration's clientId GUID.",
            valueName: "id")) var clientId: String?
    @Option(help: ArgumentHelp("HaloPSA: environment variable holding the Client Secret.", valueName: "var"))
    var clientSecretEnv: String?
    @Option(help: ArgumentHelp("HaloPSA: file holding the Client Secret.", valueName: "path")) var clientSecretFile:
        String?
    @Option(help: ArgumentHelp("HaloPSA: tenant, for hosted instances that need one.", valueName: "tenant"))
    var tenant: String?

    @Option(help: ArgumentHelp("ConnectWise: the site, e.g. api-na.myconnectwise.net.", valueName: "site"))
    var site: String?
    @Option(help: ArgumentHelp("ConnectWise: the company ID you log in with.", valueName: "id")) var company: String?
    @Option(help: ArgumentHelp("ConnectWise: the API member's public key.", valueName: "key")) var publicKey: String?
    @Option(help: ArgumentHelp("ConnectWise: environment variable holding the private key.", valueName: "var"))
    var privateKeyEnv: String?
    @Option(help: ArgumentHelp("ConnectWise: file holding the private key.", valueName: "path")) var privateKeyFile:
        String?

    @Option(help: ArgumentHelp("Autotask: the API user's user name.", valueName: "user")) var username: String?
    @Option(help: ArgumentHelp("Autotask: environment variable holding the API user's secret.", valueName: "var"))
    var secretEnv: String?
    @Option(help: ArgumentHelp("Autotask: file holding the API user's secret.", valueName: "path")) var secretFile:
        String?
    @Option(help: ArgumentHelp("Autotask: the API tracking identifier.", valueName: "code")) var integrationCode:
        String?
    @Option(
        help: ArgumentHelp(
            "Autotask: where zones are discovered (default https://webservices2.autotask.net).",
            valueName: "url")) var zoneDiscoveryUrl: String?

    @Flag(help: "Print one JSON document.") var json = false

    /// Options that belong to each system, for the "not for this system" usage check.
    private var givenOptions: [(flag: String, systems: Set<PSASystem>, given: Bool)] {
        [
            ("--url", [.halo], url != nil), ("--client-id", [.halo, .connectwise], clientId != nil),
            ("--client-secret-env", [.halo], clientSecretEnv != nil),
            ("--client-secret-file", [.halo], clientSecretFile != nil), ("--tenant", [.halo], tenant != nil),
            ("--site", [.connectwise], site != nil), ("--company", [.connectwise], company != nil),
            ("--public-key", [.connectwise], publicKey != nil),
            ("--private-key-env", [.connectwise], privateKeyEnv != nil),
            ("--private-key-file", [.connectwise], privateKeyFile != nil),
            ("--username", [.autotask], username != nil), ("--secret-env", [.autotask], secretEnv != nil),
            ("--secret-file", [.autotask], secretFile != nil),
            ("--integration-code", [.autotask], integrationCode != nil),
            ("--zone-discovery-url", [.autotask], zoneDiscoveryUrl != nil),
        ]
    }

    func validate() throws {
        let foreign = givenOptions.filter { $0.given && !$0.systems.contains(system) }.map(\.flag)
        if !foreign.isEmpty {
            throw ValidationError("\(foreign.joined(separator: ", ")) not used with --system \(system.rawValue)")
        }
        let required: [(String, Bool)]
        switch system {
        case .halo: required = [("--url", url != nil), ("--client-id", clientId != nil)]
        case .connectwise:
            required = [
                ("--site", site != nil), ("--company", company != nil), ("--public-key", publicKey != nil),
                ("--client-id", clientId != nil),
            ]
        case .autotask: required = [("--username", username != nil), ("--integration-code", integrationCode != nil)]
        }
        let missing = required.filter { !$0.1 }.map(\.0)
        if !missing.isEmpty {
            throw ValidationError("--system \(system.rawValue) needs \(missing.joined(separator: ", "))")
        }
        for (env, file, flag) in [
            (clientSecretEnv, clientSecretFile, "--client-secret"), (privateKeyEnv, privateKeyFile, "--private-key"),
            (secretEnv, secretFile, "--secret"),
        ] where env != nil && file != nil {
            throw ValidationError("give either \(flag)-env or \(flag)-file, not both")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let credentials = try readCredentials(environment: environment)
        let problems = credentials.problems()
        guard problems.isEmpty else {
            throw CommandFailure(problems.map { $0.description(naming: FlagWording.flag) }.joined(separator: "; "))
        }
        let access = try StoreAccess(global, environment: environment)
        let displayName = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !displayName.isEmpty else { throw CommandFailure("--name: is empty") }
        if try access.run({ try $0.integration(named: displayName) }) != nil {
            throw CommandFailure("--name: an integration named \"\(displayName)\" already exists; choose another name")
        }

        let connector = connection.connectors(for: access.store)(credentials)
        do {
            try await connector.validate()
        } catch {
            throw CommandFailure("validation failed, nothing was saved: \(FlagWording.describe(error))")
        }
        let saved = try access.run { store in
            try store.insert(
                NewIntegration(system: system, displayName: displayName, health: .healthy(checkedAt: Date())),
                credentials: credentials.storedFields)
        }
        if json {
            try JSONOutput.print(["integration": IntegrationSummary(saved)])
        } else {
            let role = saved.isDefault ? " It is the default PSA system." : ""
            print("Validated and saved \(system.displayName) integration \"\(saved.displayName)\".\(role)")
        }
    }

    private func readCredentials(environment: [String: String]) throws(CommandFailure) -> Credentials {
        switch system {
        case .halo:
            let secret = try SecretInput.read(
                label: "client secret", flag: "--client-secret", environmentVariable: clientSecretEnv,
                file: clientSecretFile, environment: environment)
            return .halo(
                HaloCredentials(url: url ?? "", clientID: clientId ?? "", clientSecret: secret, tenant: tenant))
        case .connectwise:
            let privateKey = try SecretInput.read(
                label: "private key", flag: "--private-key", environmentVariable: privateKeyEnv, file: privateKeyFile,
                environment: environment)
            return .connectwise(
                ConnectWiseCredentials(
                    site: site ?? "", companyID: company ?? "", publicKey: publicKey ?? "", privateKey: privateKey,
                    clientID: clientId ?? ""))
        case .autotask:
            let secret = try SecretInput.read(
                label: "secret", flag: "--secret", environmentVariable: secretEnv, file: secretFile,
                environment: environment)
            return .autotask(
                AutotaskCredentials(
                    username: username ?? "", secret: secret, integrationCode: integrationCode ?? "",
                    zoneDiscoveryURL: zoneDiscoveryUrl ?? AutotaskCredentials.defaultZoneDiscoveryURL))
        }
    }
}
