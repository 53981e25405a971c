/// Lists every company of an integration's PSA and makes it the integration's company cache:
/// `companies refresh` and the wizard's Mapping tab.
public struct CompanyCacheRefresh: Sendable {
    let store: Store
    /// How long one page may wait for the PSA's rate budget.
    let budgetWait: Duration
    let makeConnector: @Sendable (Credentials) -> any PSAConnector

    /// `budgetWait`: a refresh the admin asked for waits its turns; a sync gives up sooner
    /// and leaves the refresh to the next one.
    public init(
        store: Store, budgetWait: Duration = .seconds(900),
        makeConnector: @escaping @Sendable (Credentials) -> any PSAConnector
    ) {
        self.store = store
        self.budgetWait = budgetWait
        self.makeConnector = makeConnector
    }

    /// What a refresh did.
    public struct Summary: Sendable, Equatable {
        /// Companies now in the cache.
        public var count: Int
        /// HTTP requests the listing took.
        public var requests: Int
        /// From the first request to the cache written, to the millisecond.
        public var seconds: Double
    }

    /// Why the cache was not refreshed; it is then left as it was.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case connector(ConnectorError)
        case store(StoreError)
        /// The task was cancelled before the cache was written.
        case cancelled

        public var description: String {
            switch self {
            case .connector(let error): return error.description
            case .store(let error): return error.description
            case .cancelled: return "cancelled"
            }
        }
    }

    /// Lists the companies (reporting `progress` as pages arrive) and replaces the cache of
    /// `integrationID` with them, unless the task is cancelled first.
    public func refresh(
        integrationID: Int64, credentials: Credentials, progress: @escaping @Sendable (CompanyProgress) -> Void
    ) async throws(Failure) -> Summary {
        let started = ContinuousClock.now
        let connector = makeConnector(credentials)
        // Background work: when the PSA's budget is short, tickets go first, and the listing
        // waits for its turns (a cancel still stops it at once).
        let result = await RequestPriority.$current.withValue(.background) {
            await BudgetWait.$limit.withValue(budgetWait) { () async -> Result<CompanyListing, ConnectorError> in
                do throws(ConnectorError) {
                    return .success(try await connector.companies(progress: progress))
                } catch {
                    return .failure(error)
                }
            }
        }
        let listing: CompanyListing
        switch result {
        case .success(let value): listing = value
        case .failure(let error): throw Task.isCancelled ? .cancelled : .connector(error)
        }
        if Task.isCancelled { throw .cancelled }
        do throws(StoreError) {
            try store.replaceCompanies(listing.companies, forIntegration: integrationID)
            // A company gone, inactive or merged makes its mappings need review, audited once.
            try MappingHealth(store: store).review(integrationID: integrationID)
        } catch {
            throw .store(error)
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Summary(
            count: listing.companies.count, requests: listing.requests, seconds: (seconds * 1000).rounded() / 1000)
    }
}
