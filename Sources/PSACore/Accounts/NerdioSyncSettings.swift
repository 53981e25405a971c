import Foundation

/// Where and how `psalink accounts sync` reads Nerdio Manager's accounts: the REST API's
/// address and the Microsoft Entra ID app registration (client credentials) whose token
/// it accepts. Stored like PSA credentials, secret included.
public struct NerdioSyncSettings: Sendable, Equatable {
    /// The public cloud's authority; sovereign clouds and tests give their own.
    public static let defaultAuthority = "https://login.microsoftonline.com"

    /// Nerdio Manager's address, without `/rest-api`.
    public var url: String
    /// The Entra ID tenant (directory) of the app registration: a GUID or a domain.
    public var tenant: String
    public var clientID: String
    public var clientSecret: Secret
    /// The scope the token is asked for, e.g. `api://<app id>/.default`.
    public var scope: String
    /// The Entra ID authority the token comes from.
    public var authority: String

    public init(
        url: String, tenant: String, clientID: String, clientSecret: Secret, scope: String,
        authority: String = NerdioSyncSettings.defaultAuthority
    ) {
        self.url = url
        self.tenant = tenant
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scope = scope
        self.authority = authority
    }

    /// The fields as the store keeps them. `clientSecret` is one of
    /// `Credentials.secretFieldNames`, so the audit log masks it.
    public var storedFields: [String: String] {
        [
            "url": url, "tenant": tenant, "clientId": clientID, "clientSecret": clientSecret.reveal(),
            "scope": scope, "authority": authority,
        ]
    }

    /// Reads stored fields back; nil when a required one is missing (a damaged record).
    public init?(storedFields fields: [String: String]) {
        guard let url = fields["url"], let tenant = fields["tenant"], let clientID = fields["clientId"],
            let secret = fields["clientSecret"], let scope = fields["scope"]
        else { return nil }
        self.init(
            url: url, tenant: tenant, clientID: clientID, clientSecret: Secret(secret), scope: scope,
            authority: fields["authority"] ?? Self.defaultAuthority)
    }

    /// `url` and `authority` without trailing slashes, and the other fields trimmed.
    public var normalized: NerdioSyncSettings {
        NerdioSyncSettings(
            url: Self.withoutTrailingSlashes(url.trimmingCharacters(in: .whitespaces)),
            tenant: tenant.trimmingCharacters(in: .whitespaces),
            clientID: clientID.trimmingCharacters(in: .whitespaces), clientSecret: clientSecret,
            scope: scope.trimmingCharacters(in: .whitespaces),
            authority: Self.withoutTrailingSlashes(authority.trimmingCharacters(in: .whitespaces)))
    }

    /// Why these settings cannot be used, before anything is sent: empty fields, a tenant
    /// that is not a plain name, addresses that are not https (plain http only to this
    /// machine), with a query or with credentials in them.
    public func check() throws(NerdioSyncError) {
        let settings = normalized
        for (field, value) in [
            (NerdioSyncField.tenant, settings.tenant), (.clientID, settings.clientID), (.scope, settings.scope),
        ] where value.isEmpty {
            throw .invalidSettings(field, reason: "is empty")
        }
        if clientSecret.isBlank { throw .invalidSettings(.clientSecret, reason: "is empty") }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-_"))
        if settings.tenant.unicodeScalars.contains(where: { !allowed.contains($0) || !$0.isASCII }) {
            throw .invalidSettings(.tenant, reason: "must be a tenant ID (GUID) or domain name")
        }
        try Self.checkAddress(settings.url, field: .url)
        try Self.checkAddress(settings.authority, field: .authority)
    }

    private static func checkAddress(_ address: String, field: NerdioSyncField) throws(NerdioSyncError) {
        if address.isEmpty { throw .invalidSettings(field, reason: "is empty") }
        do {
            _ = try URLPolicy.check(address)
        } catch {
            throw .invalidSettings(field, reason: error.description)
        }
        guard let components = URLComponents(string: address) else {
            throw .invalidSettings(field, reason: "not a well-formed URL")
        }
        if components.query != nil || components.fragment != nil {
            throw .invalidSettings(field, reason: "must not contain a query or fragment")
        }
    }

    static func withoutTrailingSlashes(_ text: String) -> String {
        var text = text
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}

/// A Nerdio sync setting, named by what it holds; each front end words it (a flag, a form
/// label), and `name` is the plain wording.
public enum NerdioSyncField: Sendable, Hashable, CaseIterable {
    case url, tenant, clientID, clientSecret, scope, authority

    public var name: String {
        switch self {
        case .url: return "Nerdio Manager URL"
        case .tenant: return "tenant"
        case .clientID: return "client ID"
        case .clientSecret: return "client secret"
        case .scope: return "scope"
        case .authority: return "authority"
        }
    }
}

/// Why a Nerdio accounts sync failed, in one line an admin can act on. Never contains the
/// client secret or the access token.
public enum NerdioSyncError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A setting that cannot be used, and why (e.g. "is empty"); nothing was sent.
    case invalidSettings(NerdioSyncField, reason: String)
    /// Entra ID refused the token request: the status and its OAuth `error` and
    /// `error_description` (e.g. AADSTS7000215 for a wrong client secret).
    case token(status: Int, message: String)
    /// Entra ID answered the token request with a 5xx, 408 or 429: a bad moment, not a refusal.
    case tokenUnavailable(status: Int, message: String)
    /// Nerdio Manager refused the token (401) or the app's permissions (403).
    case refused(status: Int, message: String)
    /// Another non-2xx answer from Nerdio Manager, after the client's retries.
    case server(status: Int, message: String)
    /// No answer: DNS, connection, TLS, timeout.
    case transport(HTTPError)
    /// An answer that is not an account list: HTML, malformed JSON, an unknown shape.
    case unexpectedResponse(String)
    /// The next page cannot be followed safely.
    case pagination(String)
    /// The next page link leaves Nerdio Manager's address (`host`, nil when it names none), where
    /// the token must not go; `origin` is the host of the address given.
    case nextPageElsewhere(host: String?, origin: String?)
    /// An account the list cannot be applied with (no id or name, a repeated id).
    case invalidAccount(String)

    public var description: String { description(naming: \.name) }

    /// The same rule as `ConnectorError.isTransient`: a later sync may succeed where this one
    /// met a 5xx, 408 or 429, no answer, or an answer that is not Nerdio Manager's.
    public var isTransient: Bool {
        switch self {
        case .tokenUnavailable, .server, .unexpectedResponse: return true
        case .transport(let error): return error.isTransient
        case .invalidSettings, .token, .refused, .pagination, .nextPageElsewhere, .invalidAccount: return false
        }
    }

    /// The failure with any setting named as the front end names it.
    public func description(naming: (NerdioSyncField) -> String) -> String {
        switch self {
        case .invalidSettings(let field, let reason): return "\(naming(field)): \(reason)"
        case .token(let status, let message):
            return "Microsoft Entra ID refused the token request (\(status)): \(message)"
        case .refused(let status, let message):
            let hint =
                status == 401
                ? "check \(naming(.scope)) and that the app registration is allowed to use the Nerdio Manager API"
                : "the app registration lacks a Nerdio Manager role"
            return "Nerdio Manager refused the request (\(status)): \(message); \(hint)"
        case .tokenUnavailable(let status, let message):
            return "may be temporary: Microsoft Entra ID answered \(status): \(message)"
        case .server(let status, let message): return "may be temporary: Nerdio Manager answered \(status): \(message)"
        case .transport(let error): return error.description
        case .unexpectedResponse(let message):
            return "may be temporary: unexpected answer from Nerdio Manager: \(message)"
        case .pagination(let message): return "cannot read every page of accounts: \(message)"
        case .nextPageElsewhere(let host, let origin):
            let target = host.map { "host \($0)" } ?? "another address"
            return "cannot read every page of accounts: the next page link points to \(target) instead of "
                + "\(origin ?? naming(.url)); the token is only sent to \(naming(.url)), so nothing was applied"
        case .invalidAccount(let message): return "Nerdio Manager sent an unusable account: \(message)"
        }
    }
}
