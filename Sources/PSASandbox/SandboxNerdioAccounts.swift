/// One account of the emulated Nerdio Manager, as `GET /rest-api/v1/accounts` serves it.
public struct SandboxNerdioAccount: Sendable, Equatable {
    public var id: String
    public var name: String
    public var tenantID: String
    public var domain: String
}

extension PSASandbox {
    /// The accounts the emulated Nerdio API serves, for a demo that starts with them.
    public var nerdioAccounts: [SandboxNerdioAccount] {
        NerdioAccounts.accounts(from: companies).compactMap { account in
            guard let id = account["id"] as? Int, let name = account["name"] as? String,
                let tenant = account["tenantId"] as? String, let domain = account["domain"] as? String
            else { return nil }
            return SandboxNerdioAccount(id: String(id), name: name, tenantID: tenant, domain: domain)
        }
    }
}
