import Foundation
import PSACore

/// What the screens may use from PSACore. The composition root builds it; tests build it
/// over a temporary database (and the sandbox, for checks with a PSA).
public struct WizardServices: Sendable {
    public let store: Store
    /// The one client every request of the wizard goes through, built from the same connection
    /// options as the commands' (`--ca-bundle`, `--timeout`).
    public let client: HTTPClient
    /// The connector for a PSA; tests may substitute their own. By default one per set of
    /// credentials for the life of the process (`ConnectorPool`): the screens' loads and checks,
    /// test tickets and retries share its zone or codebase lookup and its tokens.
    public var connector: @Sendable (Credentials) -> any PSAConnector
    public var now: @Sendable () -> Date
    /// Shown at the right of every title bar, e.g. that this is the demo.
    public var banner: String?

    public init(
        store: Store, client: HTTPClient = HTTPClient(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.client = client
        self.now = now
        let pool = ConnectorPool(client: client, budgets: RateBudgets(store: store))
        connector = { credentials in pool.connector(for: credentials) }
    }

    /// The integration's saved credentials, or why they cannot be used.
    func storedCredentials(of integration: Integration) -> Result<Credentials, WizardFailure> {
        do throws(CredentialsUnavailable) {
            return .success(try UsableCredentials.of(integration, in: store))
        } catch {
            return .failure(WizardFailure(error.description))
        }
    }

    /// Checks a saved integration's stored credentials with one authenticated call to its PSA
    /// and records the answer as its health. Slow (HTTP): call it from a background task. It
    /// never fails; the outcome says how the check ended:
    /// - `outcome.credentialsValid` is true only when the PSA accepted the credentials;
    /// - `outcome.description` is the line for the screen, "credentials valid." or the reason
    ///   (shown as "\"NAME\": " followed by it);
    /// - the health is recorded unless the credentials could not be read (`.unusable`) or the
    ///   store refused the write (`.notRecorded`), so reread the integrations afterwards.
    func revalidate(_ integration: Integration) async -> ValidationOutcome {
        await IntegrationValidation(store: store, now: now, makeConnector: connector).validate(integration)
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
        if !fromPSA {
            switch cachedCompanies(integrationID: integrationID) {
            case .success(let cached) where cached.isEmpty: break
            case let read: return read
            }
        }
        do throws(CompanyCacheRefresh.Failure) {
            _ = try await CompanyCacheRefresh(store: store, makeConnector: connector).refresh(
                integrationID: integrationID, credentials: credentials, progress: progress)
        } catch {
            return .failure(WizardFailure(error.description))
        }
        return cachedCompanies(integrationID: integrationID)
    }

    private func cachedCompanies(integrationID: Int64) -> Result<[PSACompany], WizardFailure> {
        do throws(StoreError) {
            return .success(try store.companies(forIntegration: integrationID))
        } catch {
            return .failure(WizardFailure(error.description))
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
