import Foundation
import PSACore

/// What the screens may use from PSACore. The composition root builds it; tests build it
/// over a temporary database (and the sandbox, for checks with a PSA).
public struct WizardServices: Sendable {
    public let store: Store
    /// The connector for a PSA; tests may substitute their own.
    public var connector: @Sendable (Credentials) -> any PSAConnector
    public var now: @Sendable () -> Date
    /// Shown at the right of every title bar, e.g. that this is the demo.
    public var banner: String?

    public init(
        store: Store, client: HTTPClient = HTTPClient(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.now = now
        connector = { credentials in PSAConnectors.make(credentials, client: client) }
    }

    /// The integration's saved credentials, or why they cannot be used.
    func storedCredentials(of integration: Integration) -> Result<Credentials, WizardFailure> {
        guard let id = integration.id else { return .failure(WizardFailure("the integration is not saved")) }
        do throws(StoreError) {
            guard
                let credentials = Credentials(
                    system: integration.system, storedFields: try store.credentials(forIntegration: id))
            else {
                return .failure(
                    WizardFailure(
                        "the stored credentials of \"\(integration.displayName)\" are incomplete; add it again"))
            }
            return .success(credentials)
        } catch {
            return .failure(WizardFailure("could not read the credentials: \(error.description)"))
        }
    }

    /// Proves credentials with one authenticated call to their PSA.
    func validate(_ credentials: Credentials) async -> Result<Void, ConnectorError> {
        do throws(ConnectorError) {
            try await connector(credentials).validate()
            return .success(())
        } catch {
            return .failure(error)
        }
    }

    /// The integration's companies: from the cache unless `fromPSA` or the cache is empty;
    /// a listing from the PSA replaces the cache before it is returned.
    func companies(
        integrationID: Int64, credentials: Credentials, fromPSA: Bool,
        progress: @escaping @Sendable (CompanyProgress) -> Void
    ) async -> Result<[PSACompany], WizardFailure> {
        do {
            if !fromPSA {
                let cached = try store.companies(forIntegration: integrationID)
                if !cached.isEmpty { return .success(cached) }
            }
            let listing = try await connector(credentials).companies(progress: progress)
            try Task.checkCancellation()
            try store.replaceCompanies(listing.companies, forIntegration: integrationID)
            return .success(try store.companies(forIntegration: integrationID))
        } catch let error as ConnectorError {
            return .failure(WizardFailure(error.description))
        } catch let error as StoreError {
            return .failure(WizardFailure(error.description))
        } catch {
            return .failure(WizardFailure("cancelled"))
        }
    }

    /// The PSA's ticket-setting choices for `context`.
    func ticketChoices(credentials: Credentials, context: ChoiceContext) async -> Result<TicketChoices, ConnectorError>
    {
        do throws(ConnectorError) {
            return .success(try await connector(credentials).ticketChoices(for: context))
        } catch {
            return .failure(error)
        }
    }
}

/// Why slow work for a screen failed, as one line for the screen.
public struct WizardFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
