import PSACore

/// One credential field of the form: what it is called, where the admin finds the value
/// in the PSA, and which credential field it holds, so that a problem lands beside it.
struct CredentialFieldSpec: Equatable {
    enum Key: Hashable, Sendable {
        /// The PSA the credentials are for: the form's first row, though no credential.
        case system
        case name
        case url, haloClientID, clientSecret, tenant
        case site, company, publicKey, privateKey, connectWiseClientID
        case username, secret, integrationCode, zoneDiscoveryURL
    }

    var key: Key
    var label: String
    var hint: String
    var isSecret = false
    var isOptional = false
    /// The field `Credentials.problems()` names; nil for the display name.
    var field: CredentialField?

    /// The field's name in `Credentials.storedFields`; nil for the display name.
    var storedName: String? {
        switch key {
        case .system, .name: return nil
        case .url: return "url"
        case .haloClientID, .connectWiseClientID: return "clientId"
        case .clientSecret: return "clientSecret"
        case .tenant: return "tenant"
        case .site: return "site"
        case .company: return "companyId"
        case .publicKey: return "publicKey"
        case .privateKey: return "privateKey"
        case .username: return "username"
        case .secret: return "secret"
        case .integrationCode: return "integrationCode"
        case .zoneDiscoveryURL: return "zoneDiscoveryUrl"
        }
    }

    static let displayName = CredentialFieldSpec(
        key: .name, label: "Display name", hint: "How this integration is shown in psalink, e.g. \"Contoso HaloPSA\".",
        field: nil)

    /// The fields of `system`, in the order they are asked for.
    static func fields(for system: PSASystem) -> [CredentialFieldSpec] {
        switch system {
        case .halo:
            return [
                displayName,
                CredentialFieldSpec(
                    key: .url, label: "Server URL",
                    hint: "HaloPSA: Configuration > Integrations > HaloPSA API; the server URL without /api.",
                    field: .url),
                CredentialFieldSpec(
                    key: .haloClientID, label: "Client ID",
                    hint: "The API application's Client ID (authentication method: Client ID and Secret).",
                    field: .clientID),
                CredentialFieldSpec(
                    key: .clientSecret, label: "Client Secret", hint: "The API application's Client Secret.",
                    isSecret: true, field: .clientSecret),
                CredentialFieldSpec(
                    key: .tenant, label: "Tenant",
                    hint: "Only for hosted instances that need one; leave empty otherwise.",
                    isOptional: true, field: .tenant),
            ]
        case .connectwise:
            return [
                displayName,
                CredentialFieldSpec(
                    key: .site, label: "Site", hint: "Your ConnectWise site, e.g. api-na.myconnectwise.net.",
                    field: .site),
                CredentialFieldSpec(
                    key: .company, label: "Company ID", hint: "The company ID you type when signing in to ConnectWise.",
                    field: .company),
                CredentialFieldSpec(
                    key: .publicKey, label: "Public key",
                    hint: "System > Members > API Members: the API member's public key.", field: .publicKey),
                CredentialFieldSpec(
                    key: .privateKey, label: "Private key",
                    hint: "The API member's private key, shown once when created.",
                    isSecret: true, field: .privateKey),
                CredentialFieldSpec(
                    key: .connectWiseClientID, label: "Client ID",
                    hint: "The clientId (a GUID) issued for this integration at developer.connectwise.com.",
                    field: .clientID),
            ]
        case .autotask:
            return [
                displayName,
                CredentialFieldSpec(
                    key: .username, label: "API user name",
                    hint: "The user name of an API user (API-only security level).",
                    field: .username),
                CredentialFieldSpec(
                    key: .secret, label: "Secret", hint: "The API user's secret.", isSecret: true, field: .secret),
                CredentialFieldSpec(
                    key: .integrationCode, label: "Integration code",
                    hint: "The API user's API tracking identifier (integration code).", field: .integrationCode),
                CredentialFieldSpec(
                    key: .zoneDiscoveryURL, label: "Zone lookup URL",
                    hint: "Leave empty to use Autotask's own (webservices2.autotask.net); set it for a test server.",
                    isOptional: true, field: .zoneDiscoveryURL),
            ]
        }
    }
}
