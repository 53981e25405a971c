/// A credential field, named by what it holds. PSACore knows no command line or form: each
/// front end words a field its own way (a flag, a form label); `name` is the plain wording for
/// text that outlives the front end, such as a recorded health reason.
public enum CredentialField: Sendable, Hashable, CaseIterable {
    case url, clientID, clientSecret, tenant
    case site, company, publicKey, privateKey
    case username, secret, integrationCode, zoneDiscoveryURL

    public var name: String {
        switch self {
        case .url: return "URL"
        case .clientID: return "client ID"
        case .clientSecret: return "client secret"
        case .tenant: return "tenant"
        case .site: return "site"
        case .company: return "company ID"
        case .publicKey: return "public key"
        case .privateKey: return "private key"
        case .username: return "user name"
        case .secret: return "secret"
        case .integrationCode: return "integration code"
        case .zoneDiscoveryURL: return "zone discovery URL"
        }
    }
}
