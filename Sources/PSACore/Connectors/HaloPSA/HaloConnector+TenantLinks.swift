/// Microsoft tenants that HaloPSA's Microsoft 365 (Azure AD) integration links to clients:
/// `GET /AzureADConnection?type=2` lists the connections, and each one's details
/// (`includedetails`, `includetenants`) carry `mappings_client[] {azure_tenant_id, client_id}`
/// (reference §3.3 (2), HA7; `AreaAzureTenant` in the HaloPSA API specification).
extension HaloConnector {
    /// Client id → linked tenant ids. The links are evidence for Auto Match, not part of the
    /// listing: an instance without the integration, or an application not allowed to read
    /// it, gives no links instead of failing the company refresh.
    func tenantLinks() async -> [String: [String]] {
        guard let connections = try? await get("/AzureADConnection", query: [("type", "2")], scope: "read:customers")
        else { return [:] }
        var links: [String: [String]] = [:]
        for connection in Self.items(of: connections) {
            guard let id = connection["id"]?.idText,
                let details = try? await get(
                    "/AzureADConnection/\(id)",
                    query: [("type", "2"), ("includedetails", "true"), ("includetenants", "true")],
                    scope: "read:customers")
            else { continue }
            for mapping in details["mappings_client"]?.array ?? [] {
                guard let client = mapping["client_id"]?.idText, let tenant = mapping["azure_tenant_id"]?.string
                else { continue }
                if !(links[client]?.contains(tenant) ?? false) { links[client, default: []].append(tenant) }
            }
        }
        return links
    }

    /// A list bare or under a key, as Halo answers lists.
    private static func items(of json: HaloJSON) -> [HaloJSON] {
        if let items = json.array { return items }
        if case .object(let fields) = json {
            for key in fields.keys.sorted() {
                if let items = fields[key]?.array { return items }
            }
        }
        return []
    }
}
