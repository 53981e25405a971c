import Foundation

/// A customer record in a PSA (HaloPSA client, ConnectWise company, Autotask company).
public struct PSACompany: Hashable, Sendable, Codable {
    /// The PSA's own id, as text so that every vendor fits.
    public var id: String
    public var name: String
    public var isActive: Bool
    /// The PSA's company type (e.g. "Customer", "Prospect") where it has one.
    public var type: String?
    /// True for the MSP's own company, where the PSA lets it be told apart.
    public var isMSP: Bool
    /// Microsoft Entra tenants the PSA links to this company (HaloPSA's Microsoft 365
    /// connection mappings), for Auto Match.
    public var tenantIDs: [String]
    /// Internet domains of the company (from its website), lower-cased, for Auto Match.
    public var domains: [String]
    /// The company the PSA merged this one into, where the PSA says so (HaloPSA's
    /// `_merge_client_into` on the client's record); nil otherwise.
    public var mergedInto: String?

    public init(
        id: String, name: String, isActive: Bool = true, type: String? = nil, isMSP: Bool = false,
        tenantIDs: [String] = [], domains: [String] = [], mergedInto: String? = nil
    ) {
        self.id = id
        self.name = name
        self.isActive = isActive
        self.type = type
        self.isMSP = isMSP
        self.tenantIDs = tenantIDs
        self.domains = domains
        self.mergedInto = mergedInto
    }
}

extension PSACompany {
    /// The domain of a website as PSAs store it ("https://www.contoso.com/", "www.contoso.com",
    /// "contoso.com"): lower-cased, without scheme, "www." or path; none for an empty or
    /// malformed value.
    public static func domains(fromWebsite website: String?) -> [String] {
        var key = (website ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        if let scheme = key.range(of: "://") { key = String(key[scheme.upperBound...]) }
        if let slash = key.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { key = String(key[..<slash]) }
        if let at = key.lastIndex(of: "@") { key = String(key[key.index(after: at)...]) }
        if let colon = key.firstIndex(of: ":") { key = String(key[..<colon]) }
        if key.hasPrefix("www.") { key.removeFirst(4) }
        while key.hasSuffix(".") { key.removeLast() }
        guard key.contains("."), !key.hasPrefix("."), !key.contains(" ") else { return [] }
        return [key]
    }
}
