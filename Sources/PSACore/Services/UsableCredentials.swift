/// The credentials of a stored integration, ready for a connector, or why they cannot be used.
/// The commands, the wizard and the delivery worker all read them here (DESIGN §2).
public enum UsableCredentials {
    /// `integration`'s saved credentials.
    public static func of(_ integration: Integration, in store: Store) throws(CredentialsUnavailable) -> Credentials {
        try credentials(of: integration, in: store)
    }

    /// The integration with this id and its credentials, for work that only kept the id (an
    /// event routed to it).
    public static func ofIntegration(id: Int64, in store: Store) throws(CredentialsUnavailable) -> (
        Integration, Credentials
    ) {
        let found: Integration?
        do {
            found = try store.integration(id: id)
        } catch {
            throw .unreadable(error)
        }
        guard let integration = found else { throw .removed(id: id) }
        return (integration, try credentials(of: integration, in: store))
    }

    private static func credentials(of integration: Integration, in store: Store)
        throws(CredentialsUnavailable) -> Credentials
    {
        let fields: [String: String]
        do {
            fields = try store.credentials(forIntegration: integration.id)
        } catch {
            throw .unreadable(error)
        }
        guard let credentials = Credentials(system: integration.system, storedFields: fields) else {
            throw .incomplete(integration: integration.displayName)
        }
        return credentials
    }
}

/// Why a stored integration's credentials cannot be used; nothing was sent to its PSA.
public enum CredentialsUnavailable: Error, Equatable, Sendable, CustomStringConvertible {
    /// No integration has this id any more (removed since the caller read it).
    case removed(id: Int64)
    /// Fields the system needs are missing (e.g. a damaged record).
    case incomplete(integration: String)
    /// The store could not be read.
    case unreadable(StoreError)

    public var description: String {
        switch self {
        case .removed(let id): return "integration #\(id) has been removed"
        case .incomplete(let name):
            return "the stored credentials of \"\(name)\" are incomplete; add the integration again"
        case .unreadable(let error): return "could not read the credentials: \(error.description)"
        }
    }
}
