import Foundation
import PSACore

/// What the screens may use from PSACore. The composition root builds it; tests build it
/// over a temporary database (and the sandbox, for checks with a PSA).
public struct WizardServices: Sendable {
    public let store: Store
    /// Proves credentials with one authenticated call to their PSA.
    public var validateCredentials: @Sendable (Credentials) async -> Result<Void, ConnectorError>
    public var now: @Sendable () -> Date

    public init(
        store: Store, client: HTTPClient = HTTPClient(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.now = now
        validateCredentials = { credentials in
            do throws(ConnectorError) {
                try await PSAConnectors.make(credentials, client: client).validate()
                return .success(())
            } catch {
                return .failure(error)
            }
        }
    }
}
