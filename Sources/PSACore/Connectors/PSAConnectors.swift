/// Builds the connector for a set of credentials: the one place that knows every vendor.
public enum PSAConnectors {
    /// `budgets` gives every request the budget of the PSA tenant the credentials reach; only
    /// tests and benchmarks that measure a connector alone leave it out.
    public static func make(
        _ credentials: Credentials, client: HTTPClient, retry: RetryPolicy = .standard, budgets: RateBudgets?
    ) -> any PSAConnector {
        let transport = ConnectorTransport(
            client: client, retry: retry, budget: budgets?.budget(for: credentials),
            secrets: credentials.secretValues)
        switch credentials {
        case .halo(let halo): return HaloConnector(credentials: halo, transport: transport)
        case .connectwise(let connectwise): return ConnectWiseConnector(credentials: connectwise, transport: transport)
        case .autotask(let autotask): return AutotaskConnector(credentials: autotask, transport: transport)
        }
    }
}
