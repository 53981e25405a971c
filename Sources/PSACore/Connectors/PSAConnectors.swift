/// Builds the connector for a set of credentials: the one place that knows every vendor.
public enum PSAConnectors {
    public static func make(_ credentials: Credentials, client: HTTPClient, retry: RetryPolicy = .standard)
        -> any PSAConnector
    {
        let transport = ConnectorTransport(client: client, retry: retry, secrets: credentials.secretValues)
        switch credentials {
        case .halo(let halo): return HaloConnector(credentials: halo, transport: transport)
        case .connectwise(let connectwise): return ConnectWiseConnector(credentials: connectwise, transport: transport)
        case .autotask(let autotask): return AutotaskConnector(credentials: autotask, transport: transport)
        }
    }
}
