/// Credentials as the store keeps them: a flat map of field names to values. The names
/// are stable; renaming one would make stored integrations unreadable.
extension Credentials {
    /// The stored fields whose values are secret, in every system (and the Nerdio sync's).
    public static let secretFieldNames: Set<String> = ["clientSecret", "privateKey", "secret"]

    public var storedFields: [String: String] {
        switch self {
        case .halo(let credentials):
            var fields = [
                "url": credentials.url, "clientId": credentials.clientID,
                "clientSecret": credentials.clientSecret.reveal(),
            ]
            fields["tenant"] = credentials.tenant
            return fields
        case .connectwise(let credentials):
            return [
                "site": credentials.site, "companyId": credentials.companyID, "publicKey": credentials.publicKey,
                "privateKey": credentials.privateKey.reveal(), "clientId": credentials.clientID,
            ]
        case .autotask(let credentials):
            return [
                "username": credentials.username, "secret": credentials.secret.reveal(),
                "integrationCode": credentials.integrationCode, "zoneDiscoveryUrl": credentials.zoneDiscoveryURL,
            ]
        }
    }

    /// Reads stored fields back; nil when a required one is missing (a damaged record).
    public init?(system: PSASystem, storedFields fields: [String: String]) {
        switch system {
        case .halo:
            guard let url = fields["url"], let clientID = fields["clientId"], let secret = fields["clientSecret"] else {
                return nil
            }
            self = .halo(
                HaloCredentials(url: url, clientID: clientID, clientSecret: Secret(secret), tenant: fields["tenant"]))
        case .connectwise:
            guard let site = fields["site"], let company = fields["companyId"], let publicKey = fields["publicKey"],
                let privateKey = fields["privateKey"], let clientID = fields["clientId"]
            else { return nil }
            self = .connectwise(
                ConnectWiseCredentials(
                    site: site, companyID: company, publicKey: publicKey, privateKey: Secret(privateKey),
                    clientID: clientID))
        case .autotask:
            guard let username = fields["username"], let secret = fields["secret"],
                let code = fields["integrationCode"]
            else { return nil }
            self = .autotask(
                AutotaskCredentials(
                    username: username, secret: Secret(secret), integrationCode: code,
                    zoneDiscoveryURL: fields["zoneDiscoveryUrl"] ?? AutotaskCredentials.defaultZoneDiscoveryURL))
        }
    }
}
