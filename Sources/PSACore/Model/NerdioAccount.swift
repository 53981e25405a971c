import Foundation

/// A customer account of Nerdio Manager for MSP: what gets mapped to a PSA customer.
public struct NerdioAccount: Hashable, Sendable, Codable {
    /// Nerdio's account id, as text.
    public var id: String
    public var name: String
    /// The customer's Microsoft Entra tenant.
    public var tenantID: String
    /// The customer's main domain, where known (Auto Match uses it).
    public var domain: String?
    /// Set when the account was missing from the latest import or sync; its mappings stay.
    public var missingSince: Date?

    public init(id: String, name: String, tenantID: String, domain: String? = nil, missingSince: Date? = nil) {
        self.id = id
        self.name = name
        self.tenantID = tenantID
        self.domain = domain
        self.missingSince = missingSince
    }
}
