import PSACore

/// Opening the store and finding integrations, with the messages every command shares.
struct StoreAccess {
    let store: Store

    init(_ options: GlobalOptions, environment: [String: String]) throws(CommandFailure) {
        do {
            let path = try DatabaseLocation.resolve(argument: options.db, environment: environment)
            store = try Store.open(at: path)
        } catch {
            throw CommandFailure(FlagWording.describe(error))
        }
    }

    /// The integration with this display name (case-insensitive).
    func integration(named name: String) throws(CommandFailure) -> Integration {
        guard let integration = try run({ try $0.integration(named: name) }) else {
            throw CommandFailure("no integration is named \"\(name)\" (psalink integration list shows them)")
        }
        return integration
    }

    /// The integration with this display name and its credentials.
    func integrationWithCredentials(named name: String) throws(CommandFailure) -> (Integration, Credentials) {
        let integration = try integration(named: name)
        do {
            return (integration, try UsableCredentials.of(integration, in: store))
        } catch {
            throw CommandFailure(FlagWording.describe(error))
        }
    }

    /// Runs store work; a store error becomes the one-line failure it describes.
    func run<T>(_ body: (Store) throws -> T) throws(CommandFailure) -> T {
        do {
            return try body(store)
        } catch {
            throw CommandFailure(FlagWording.describe(error))
        }
    }
}
