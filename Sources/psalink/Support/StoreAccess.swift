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

    /// The integration with this display name (case-insensitive) and its credentials.
    func integration(named name: String) throws(CommandFailure) -> (Integration, Credentials) {
        do {
            guard let integration = try store.integration(named: name), let id = integration.id else {
                throw CommandFailure(
                    "no integration is named \"\(name)\" (psalink integration list shows them)")
            }
            let fields = try store.credentials(forIntegration: id)
            guard let credentials = Credentials(system: integration.system, storedFields: fields) else {
                throw CommandFailure(
                    "the stored credentials of \"\(integration.displayName)\" are incomplete; add the integration again"
                )
            }
            return (integration, credentials)
        } catch let failure as CommandFailure {
            throw failure
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
