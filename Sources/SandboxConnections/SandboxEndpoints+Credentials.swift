import PSACore
import PSASandbox

extension SandboxEndpoints {
    /// Credentials that the sandbox's emulated `system` accepts, as an admin would enter them:
    /// the demo's integrations, the benchmarks' and the tests' all come from here.
    public func credentials(for system: PSASystem) -> Credentials {
        let sandbox = credentials
        switch system {
        case .halo:
            return .halo(
                HaloCredentials(
                    url: haloURL, clientID: sandbox.haloClientID, clientSecret: Secret(sandbox.haloClientSecret),
                    tenant: sandbox.haloTenant))
        case .connectwise:
            return .connectwise(
                ConnectWiseCredentials(
                    site: connectWiseSite, companyID: sandbox.connectWiseCompany,
                    publicKey: sandbox.connectWisePublicKey, privateKey: Secret(sandbox.connectWisePrivateKey),
                    clientID: sandbox.connectWiseClientID))
        case .autotask:
            return .autotask(
                AutotaskCredentials(
                    username: sandbox.autotaskUsername, secret: Secret(sandbox.autotaskSecret),
                    integrationCode: sandbox.autotaskIntegrationCode, zoneDiscoveryURL: autotaskZoneDiscoveryURL))
        }
    }

    /// Nerdio accounts sync settings that the sandbox's Nerdio Manager and Entra ID accept.
    public var nerdioSyncSettings: NerdioSyncSettings {
        NerdioSyncSettings(
            url: nerdioURL, tenant: credentials.nerdioTenant, clientID: credentials.nerdioClientID,
            clientSecret: Secret(credentials.nerdioClientSecret), scope: credentials.nerdioScope,
            authority: nerdioAuthority)
    }
}
