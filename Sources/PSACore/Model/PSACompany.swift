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
    /// Internet domains of the company (its website or e-mail domain), lower-cased, for Auto Match.
    public var domains: [String]

    public init(
        id: String, name: String, isActive: Bool = true, type: String? = nil, isMSP: Bool = false,
        tenantIDs: [String] = [], domains: [String] = []
    ) {
        self.id = id
        self.name = name
        self.isActive = isActive
        self.type = type
        self.isMSP = isMSP
        self.tenantIDs = tenantIDs
        self.domains = domains
    }
}
