import PSACore

/// How the commands word PSACore's typed fields and remedies: as the flags an admin types.
/// PSACore names fields by what they hold; only this file knows their flags.
enum FlagWording {
    static func flag(_ field: CredentialField) -> String {
        switch field {
        case .url: return "--url"
        case .clientID: return "--client-id"
        case .clientSecret: return "--client-secret"
        case .tenant: return "--tenant"
        case .site: return "--site"
        case .company: return "--company"
        case .publicKey: return "--public-key"
        case .privateKey: return "--private-key"
        case .username: return "--username"
        case .secret: return "--secret"
        case .integrationCode: return "--integration-code"
        case .zoneDiscoveryURL: return "--zone-discovery-url"
        }
    }

    static func flag(_ setting: NerdioSyncField) -> String {
        switch setting {
        case .url: return "--url"
        case .tenant: return "--tenant"
        case .clientID: return "--client-id"
        case .clientSecret: return "--client-secret"
        case .scope: return "--scope"
        case .authority: return "--authority"
        }
    }

    static func remedy(_ remedy: ConfigurationProblem.Remedy) -> String {
        switch remedy {
        case .exportWithSecrets: return "export with --include-secrets"
        case .exportWithSecretsOrAddIntegration:
            return "export with --include-secrets, or add the integration here first (psalink integration add)"
        }
    }

    /// Any error as one line, with the fields, remedies and database hints of PSACore's typed
    /// errors worded for the command line.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as CredentialError: return error.description(naming: flag)
        case let error as ConnectorError: return error.description(naming: flag)
        case let error as NerdioSyncError: return describe(error)
        case let error as NerdioSync.Failure:
            switch error {
            case .nerdio(let error): return describe(error)
            case .store(let error): return describe(error)
            }
        case let error as StoreError: return describe(error)
        case CredentialsUnavailable.unreadable(let error): return describe(error)
        case CompanyCacheRefresh.Failure.connector(let error): return describe(error)
        case CompanyCacheRefresh.Failure.store(let error): return describe(error)
        case let error as ConfigurationError:
            if case .store(let error) = error { return describe(error) }
            return error.description(wording: remedy)
        default: return "\(error)"
        }
    }

    static func describe(_ error: NerdioSyncError) -> String {
        // The secret is read from an option pair, so it has no single flag to name.
        if case .invalidSettings(.clientSecret, let reason) = error { return "the client secret \(reason)" }
        return error.description(naming: flag)
    }

    /// The store's description, with how to pick another database where that would help.
    static func describe(_ error: StoreError) -> String {
        let anotherFile = "choose another file with --db"
        let location = "pass --db PATH or set \(DatabaseLocation.environmentVariable)"
        switch error {
        case .emptyPath: return "cannot tell where to keep the database (--db was given an empty path); \(location)"
        case .noLocation: return "\(error.description); \(location)"
        case .cannotCreate, .readOnly, .notPsalinkDatabase: return "\(error.description); \(anotherFile)"
        case .corrupt: return "\(error.description) or \(anotherFile)"
        default: return error.description
        }
    }
}
