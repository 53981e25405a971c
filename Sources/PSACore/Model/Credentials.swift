import Foundation

/// What psalink needs to sign in to one PSA.
public enum Credentials: Sendable, Equatable {
    case halo(HaloCredentials)
    case connectwise(ConnectWiseCredentials)
    case autotask(AutotaskCredentials)

    public var system: PSASystem {
        switch self {
        case .halo: return .halo
        case .connectwise: return .connectwise
        case .autotask: return .autotask
        }
    }

    /// The values known to be secret, so that redaction can find them in any text.
    public var secretValues: [String] {
        switch self {
        case .halo(let credentials): return [credentials.clientSecret.reveal()]
        case .connectwise(let credentials): return [credentials.privateKey.reveal()]
        case .autotask(let credentials): return [credentials.secret.reveal()]
        }
    }
}

/// HaloPSA: an API application using client credentials.
public struct HaloCredentials: Sendable, Equatable {
    /// The instance, e.g. `https://contoso.halopsa.com` (without `/api`).
    public var url: String
    public var clientID: String
    public var clientSecret: Secret
    /// Added as `?tenant=` on the token URL, for hosted instances that need it.
    public var tenant: String?

    public init(url: String, clientID: String, clientSecret: Secret, tenant: String? = nil) {
        self.url = url
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.tenant = tenant
    }
}

/// ConnectWise PSA: an API member's keys plus the integration's clientId.
public struct ConnectWiseCredentials: Sendable, Equatable {
    /// The site, a host (`api-na.myconnectwise.net`) or a URL with no path.
    public var site: String
    /// The company ID used to log in (not a customer's id).
    public var companyID: String
    public var publicKey: String
    public var privateKey: Secret
    /// The GUID issued at developer.connectwise.com, sent as the `clientId` header.
    public var clientID: String

    public init(site: String, companyID: String, publicKey: String, privateKey: Secret, clientID: String) {
        self.site = site
        self.companyID = companyID
        self.publicKey = publicKey
        self.privateKey = privateKey
        self.clientID = clientID
    }
}

/// Datto Autotask PSA: an API user and the integration's tracking identifier.
public struct AutotaskCredentials: Sendable, Equatable {
    public var username: String
    public var secret: Secret
    /// The API tracking identifier (`ApiIntegrationCode` header).
    public var integrationCode: String
    /// Where the user's zone is looked up; Autotask's own address unless overridden.
    public var zoneDiscoveryURL: String

    public static let defaultZoneDiscoveryURL = "https://webservices2.autotask.net"

    public init(
        username: String, secret: Secret, integrationCode: String,
        zoneDiscoveryURL: String = AutotaskCredentials.defaultZoneDiscoveryURL
    ) {
        self.username = username
        self.secret = secret
        self.integrationCode = integrationCode
        self.zoneDiscoveryURL = zoneDiscoveryURL
    }
}

/// A credential field that cannot be used as given: which field, and why (e.g. "is empty").
public struct CredentialError: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: CredentialField
    public var reason: String

    public init(field: CredentialField, reason: String) {
        self.field = field
        self.reason = reason
    }

    /// The problem with the field named as the front end names it.
    public func description(naming: (CredentialField) -> String) -> String { "\(naming(field)): \(reason)" }

    public var description: String { description(naming: \.name) }
}
