/// The fixed credentials the sandbox accepts. Fake values: they open nothing but the sandbox.
public struct SandboxCredentials: Sendable, Codable, Equatable {
    public var haloClientID = "psalink-sandbox"
    public var haloClientSecret = "sandbox-halo-client-secret"
    public var haloTenant = "psalink"

    public var connectWiseCompany = "psalink"
    public var connectWisePublicKey = "sandboxPublicKey"
    public var connectWisePrivateKey = "sandbox-cw-private-key"
    /// A second API member with the same private key whose security role may only read: ticket
    /// writes get 403.
    public var connectWiseReadOnlyPublicKey = "sandboxReadOnlyKey"
    public var connectWiseClientID = "5b3f1c2e-7a4d-4e8f-9c1b-2d3e4f5a6b7c"
    public var connectWiseCodebase = "v4_6_release/"

    public var autotaskUsername = "api-user@psalink.example"
    public var autotaskSecret = "sandbox-autotask-secret"
    public var autotaskIntegrationCode = "PSALINKSANDBOX0000000001"

    public var nerdioTenant = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"
    public var nerdioClientID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
    public var nerdioClientSecret = "sandbox-nerdio-client-secret"
    public var nerdioScope = "api://0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/.default"

    public init() {}
}

/// Where each emulated API answers, with the credentials to use: what `psalink sandbox`
/// prints as one JSON line.
public struct SandboxEndpoints: Sendable, Codable, Equatable {
    public var baseURL: String
    /// HaloPSA instance URL (the API is under `/api`).
    public var haloURL: String
    /// ConnectWise site, as a URL because the sandbox speaks plain http on loopback.
    public var connectWiseSite: String
    /// Autotask zone discovery address (instead of https://webservices2.autotask.net).
    public var autotaskZoneDiscoveryURL: String
    /// Nerdio Manager REST API and the Entra ID authority for its token.
    public var nerdioURL: String
    public var nerdioAuthority: String
    public var credentials: SandboxCredentials

    init(baseURL: String, credentials: SandboxCredentials) {
        self.baseURL = baseURL
        haloURL = baseURL
        connectWiseSite = baseURL
        autotaskZoneDiscoveryURL = baseURL
        nerdioURL = baseURL
        nerdioAuthority = baseURL
        self.credentials = credentials
    }
}
