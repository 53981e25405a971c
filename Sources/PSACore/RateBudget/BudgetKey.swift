import Foundation

/// The PSA tenant a set of credentials reaches, so that integrations pointing at one PSA
/// share one budget: the PSA counts requests per tenant (per database for Autotask), not per
/// integration.
///
/// - HaloPSA: the instance URL and tenant.
/// - ConnectWise: the site and the login company.
/// - Autotask: the zone lookup address and the API user. The zone itself follows from the user,
///   so it is known before any request is made.
public struct BudgetKey: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public init(_ credentials: Credentials) {
        switch credentials {
        case .halo(let halo):
            rawValue = "halo " + Self.address(halo.url) + " " + (halo.tenant ?? "").lowercased()
        case .connectwise(let connectwise):
            rawValue = "connectwise " + Self.address(connectwise.site) + " " + connectwise.companyID.lowercased()
        case .autotask(let autotask):
            rawValue = "autotask " + Self.address(autotask.zoneDiscoveryURL) + " " + autotask.username.lowercased()
        }
    }

    public var description: String { rawValue }

    /// The PSA the key belongs to: its first word (see `init`).
    public var system: PSASystem? { PSASystem(rawValue: String(rawValue.prefix { $0 != " " })) }

    /// Scheme, host and port, lowercased, without a trailing slash or path, so that spellings
    /// of one address give one key.
    static func address(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let withScheme = trimmed.contains("://") ? trimmed : "https://" + trimmed
        guard let components = URLComponents(string: withScheme), let host = components.host, !host.isEmpty else {
            return trimmed.lowercased()
        }
        let scheme = components.scheme?.lowercased() ?? "https"
        let port = components.port.map { ":\($0)" } ?? ""
        return scheme + "://" + host.lowercased() + port
    }
}
