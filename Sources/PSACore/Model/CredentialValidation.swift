import Foundation

/// Checks of credential fields that need no network: present, well-formed, and a host
/// where a host is expected.
extension Credentials {
    /// Every problem, field by field, in the order the fields are asked for.
    public func problems() -> [CredentialError] {
        var problems: [CredentialError] = []
        func require(_ value: String, _ field: CredentialField) {
            if value.allSatisfy(\.isWhitespace) { problems.append(CredentialError(field: field, reason: "is empty")) }
        }
        func requireSecret(_ value: Secret, _ field: CredentialField) {
            if value.isBlank { problems.append(CredentialError(field: field, reason: "is empty")) }
        }
        switch self {
        case .halo(let credentials):
            if let problem = Self.checkBaseURL(credentials.url, field: .url, forbidPathSuffix: "/api") {
                problems.append(problem)
            }
            require(credentials.clientID, .clientID)
            requireSecret(credentials.clientSecret, .clientSecret)
            if let tenant = credentials.tenant, tenant.allSatisfy(\.isWhitespace) {
                problems.append(CredentialError(field: .tenant, reason: "is empty; leave it out instead"))
            }
        case .connectwise(let credentials):
            if let problem = Self.checkSite(credentials.site) { problems.append(problem) }
            require(credentials.companyID, .company)
            require(credentials.publicKey, .publicKey)
            requireSecret(credentials.privateKey, .privateKey)
            require(credentials.clientID, .clientID)
            if !credentials.clientID.allSatisfy(\.isWhitespace), UUID(uuidString: credentials.clientID) == nil {
                problems.append(
                    CredentialError(
                        field: .clientID, reason: "is not a GUID (the clientId from developer.connectwise.com)"))
            }
        case .autotask(let credentials):
            require(credentials.username, .username)
            requireSecret(credentials.secret, .secret)
            require(credentials.integrationCode, .integrationCode)
            if let problem = Self.checkBaseURL(credentials.zoneDiscoveryURL, field: .zoneDiscoveryURL) {
                problems.append(problem)
            }
        }
        return problems
    }

    /// A base URL: http(s), a host, no user-info, query or fragment, no path beyond "/".
    static func checkBaseURL(_ text: String, field: CredentialField, forbidPathSuffix: String? = nil)
        -> CredentialError?
    {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return CredentialError(field: field, reason: "is empty") }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            return CredentialError(field: field, reason: "is not a URL such as https://example.halopsa.com")
        }
        guard scheme == "https" || scheme == "http" else {
            return CredentialError(field: field, reason: "must start with https://")
        }
        if components.user != nil || components.password != nil {
            return CredentialError(field: field, reason: "must not contain a user name or password")
        }
        if components.query != nil || components.fragment != nil {
            return CredentialError(field: field, reason: "must not contain a query (?...) or fragment (#...)")
        }
        let path = components.path
        if let suffix = forbidPathSuffix,
            path.lowercased().hasSuffix(suffix) || path.lowercased().hasSuffix(suffix + "/")
        {
            return CredentialError(field: field, reason: "must not end with \(suffix); give the address without it")
        }
        if !path.isEmpty, path != "/" {
            return CredentialError(field: field, reason: "must not contain a path (\(path))")
        }
        if scheme == "http", !URLPolicy.isLoopback(host: host) {
            return CredentialError(
                field: field, reason: "must use https (http is only allowed for 127.0.0.1 and localhost)")
        }
        return nil
    }

    /// A ConnectWise site: a host name, or a URL with no path.
    static func checkSite(_ site: String) -> CredentialError? {
        let trimmed = site.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return CredentialError(field: .site, reason: "is empty") }
        if trimmed.contains("://") { return checkBaseURL(trimmed, field: .site) }
        guard let components = URLComponents(string: "https://" + trimmed), let host = components.host, !host.isEmpty,
            components.user == nil, components.query == nil, components.fragment == nil,
            components.path.isEmpty || components.path == "/"
        else {
            return CredentialError(
                field: .site, reason: "must be a host such as api-na.myconnectwise.net, without a path or query")
        }
        return nil
    }
}
