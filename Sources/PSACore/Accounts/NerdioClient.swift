import Foundation

/// Reads every account from Nerdio Manager for MSP's REST API: a client-credentials token
/// from Microsoft Entra ID (`POST {authority}/{tenant}/oauth2/v2.0/token`), then
/// `GET {url}/rest-api/v1/accounts` with it, following next-page links and page numbers.
///
/// The transport is a closure, so that tests can answer from memory; the default one is the
/// project's `HTTPClient` with its retry policy.
public struct NerdioClient: Sendable {
    public typealias Transport = @Sendable (HTTPRequest) async throws(HTTPError) -> HTTPResponse

    /// More pages than this is taken for a server that never stops paging.
    public static let maxPages = 1000

    public let settings: NerdioSyncSettings
    private let transport: Transport

    public init(settings: NerdioSyncSettings, transport: @escaping Transport) {
        self.settings = settings
        self.transport = transport
    }

    public init(settings: NerdioSyncSettings, client: HTTPClient, retry: RetryPolicy = .standard) {
        self.init(settings: settings) { request throws(HTTPError) in
            try await client.send(request, retry: retry)
        }
    }

    /// Every account, all pages read, or an error: never a partial list.
    public func fetchAccounts() async throws(NerdioSyncError) -> [NerdioAccount] {
        try settings.check()
        let settings = settings.normalized
        let token = try await requestToken(settings)
        let firstURL = settings.url + "/rest-api/v1/accounts"
        var url = firstURL
        var seen: Set<String> = []
        var items: [HaloJSON] = []
        var pageNumbering: NerdioPage.Numbering?
        var pagesRead = 0
        while true {
            guard pagesRead < Self.maxPages else {
                throw .pagination("Nerdio Manager still had more after \(Self.maxPages) pages; nothing was applied")
            }
            seen.insert(url)
            let json = try await get(url, token: token)
            pagesRead += 1
            let page = try NerdioPage(json)
            items += page.items
            if pageNumbering == nil { pageNumbering = page.numbering }
            guard let next = try page.nextURL(current: url, first: firstURL, numbering: pageNumbering) else { break }
            guard !seen.contains(next) else {
                throw .pagination(
                    "page \(pagesRead) points back to a page already read (\(SecretRedaction.redactURL(next))); "
                        + "nothing was applied")
            }
            url = next
        }
        return try NerdioPage.accounts(from: items)
    }

    private func requestToken(_ settings: NerdioSyncSettings) async throws(NerdioSyncError) -> String {
        var request = HTTPRequest.form(
            url: settings.authority + "/" + settings.tenant + "/oauth2/v2.0/token",
            fields: [
                ("grant_type", "client_credentials"), ("client_id", settings.clientID),
                ("client_secret", settings.clientSecret.reveal()), ("scope", settings.scope),
            ])
        request.headers.set(name: "Accept", value: "application/json")
        // Asking for a token again changes nothing.
        request.retryable = true
        let response = try await send(request)
        guard response.isSuccess else {
            if response.isRedirect { throw .token(status: response.status, message: redirectText(response)) }
            // Entra ID's documented refusals are OAuth errors (4xx); a 5xx, 408 or 429 is a bad moment.
            if RetryPolicy.isRetryable(status: response.status) {
                throw .tokenUnavailable(status: response.status, message: tokenErrorText(response))
            }
            throw .token(status: response.status, message: tokenErrorText(response))
        }
        guard let json = HaloJSON.parse(response.body), let token = json["access_token"]?.string else {
            throw .unexpectedResponse("Microsoft Entra ID answered without an access_token")
        }
        return token
    }

    private func get(_ url: String, token: String) async throws(NerdioSyncError) -> HaloJSON {
        var request = HTTPRequest(url: url, headers: ["Accept": "application/json"])
        request.headers.set(name: "Authorization", value: "Bearer \(token)")
        let response = try await send(request)
        let secrets = [settings.clientSecret.reveal(), token]
        guard response.isSuccess else {
            if response.isRedirect { throw .unexpectedResponse(redirectText(response)) }
            let text = SecretRedaction.redact(HaloErrorText.message(in: response), knownSecrets: secrets)
            let message = text.isEmpty ? "no details given" : text
            switch response.status {
            case 401, 403: throw .refused(status: response.status, message: message)
            default: throw .server(status: response.status, message: message)
            }
        }
        guard let json = HaloJSON.parse(response.body) else {
            let reason = DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not JSON"))
            throw .unexpectedResponse(ConnectorTransport.describeUnexpected(response, error: reason))
        }
        return json
    }

    private func send(_ request: HTTPRequest) async throws(NerdioSyncError) -> HTTPResponse {
        do {
            return try await transport(request)
        } catch {
            throw .transport(error)
        }
    }

    /// Entra ID's OAuth error (`error`, and the first line of `error_description`: the
    /// AADSTS code and text, without the trace and correlation ids).
    private func tokenErrorText(_ response: HTTPResponse) -> String {
        let secrets = [settings.clientSecret.reveal()]
        if let json = HaloJSON.parse(response.body) {
            let code = json["error"]?.string
            let description = json["error_description"]?.string.map {
                String($0.split(whereSeparator: \.isNewline).first ?? "").trimmingCharacters(in: .whitespaces)
            }
            if code != nil || description != nil {
                let text = [code, description].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
                return SecretRedaction.redact(text, knownSecrets: secrets)
            }
        }
        let text = SecretRedaction.redact(HaloErrorText.message(in: response), knownSecrets: secrets)
        return text.isEmpty ? "no details given" : text
    }

    private func redirectText(_ response: HTTPResponse) -> String {
        let target = response.headers["Location"].map { SecretRedaction.redactURL($0) } ?? "no address given"
        return "a redirect (\(response.status)) to \(target), which psalink does not follow; check the address"
    }
}

/// One page of the accounts answer, read liberally: a bare array, or an object with the
/// list under `items`, `value`, `accounts` or `data`, and maybe a next-page link
/// (`@odata.nextLink`, `nextLink`, `next`) or page fields (`page`, `totalPages`).
struct NerdioPage: Sendable {
    /// Whether the API counts pages from 0 or from 1, as its first answer shows.
    enum Numbering: Sendable, Equatable {
        case zeroBased
        case oneBased
    }

    static let listKeys = ["items", "value", "accounts", "data"]
    static let nextLinkKeys = ["@odata.nextLink", "nextLink", "next", "nextPageLink"]

    var items: [HaloJSON]
    var nextLink: String?
    var page: Int?
    var totalPages: Int?
    var pageSize: Int?

    init(_ json: HaloJSON) throws(NerdioSyncError) {
        if let list = json.array {
            items = list
            return
        }
        guard case .object = json else {
            throw .unexpectedResponse("JSON that is neither an account list nor an object holding one")
        }
        guard let list = Self.listKeys.lazy.compactMap({ json[$0]?.array }).first else {
            throw .unexpectedResponse(
                "JSON without an account list (expected an array, or one under items, value, accounts or data)")
        }
        items = list
        nextLink = Self.nextLinkKeys.lazy.compactMap { key -> String? in
            guard let value = json[key] else { return nil }
            return value.string ?? value["href"]?.string
        }.first?.trimmingCharacters(in: .whitespaces)
        if nextLink?.isEmpty ?? false { nextLink = nil }
        page = ["page", "pageNumber", "currentPage"].lazy.compactMap { json[$0]?.int }.first
        totalPages = ["totalPages", "pageCount"].lazy.compactMap { json[$0]?.int }.first
        pageSize = ["pageSize", "perPage"].lazy.compactMap { json[$0]?.int }.first
    }

    var numbering: Numbering? {
        guard let page else { return nil }
        return page == 0 ? .zeroBased : .oneBased
    }

    /// The address of the page after this one, or nil on the last page. A link is resolved
    /// against `current` and must stay on `first`'s scheme, host and port: the token goes
    /// nowhere else. Page fields make `first` with `page=` the next number.
    func nextURL(current: String, first: String, numbering: Numbering?) throws(NerdioSyncError) -> String? {
        if let nextLink {
            guard let base = URL(string: current), let resolved = URL(string: nextLink, relativeTo: base)?.absoluteURL,
                let target = URLComponents(url: resolved, resolvingAgainstBaseURL: false),
                let origin = URLComponents(string: first)
            else {
                throw .pagination("the next page link is not a URL; nothing was applied")
            }
            guard Self.sameOrigin(target, origin) else {
                throw .nextPageElsewhere(host: target.host, origin: origin.host)
            }
            return resolved.absoluteString
        }
        guard let page, let totalPages else { return nil }
        let last = numbering == .zeroBased ? totalPages - 1 : totalPages
        guard page < last else { return nil }
        guard var components = URLComponents(string: first) else {
            throw .pagination("cannot build the next page's address; nothing was applied")
        }
        var query = (components.queryItems ?? []).filter { $0.name != "page" && $0.name != "pageSize" }
        query.append(URLQueryItem(name: "page", value: String(page + 1)))
        if let pageSize { query.append(URLQueryItem(name: "pageSize", value: String(pageSize))) }
        components.queryItems = query
        guard let url = components.string else {
            throw .pagination("cannot build the next page's address; nothing was applied")
        }
        return url
    }

    private static func sameOrigin(_ target: URLComponents, _ origin: URLComponents) -> Bool {
        func port(_ components: URLComponents) -> Int? {
            components.port ?? (components.scheme?.lowercased() == "https" ? 443 : 80)
        }
        return target.scheme?.lowercased() == origin.scheme?.lowercased()
            && target.host?.lowercased() == origin.host?.lowercased() && port(target) == port(origin)
    }

    /// The accounts in `items`; any entry without an id or a name, or a repeated id, fails
    /// the whole list.
    static func accounts(from items: [HaloJSON]) throws(NerdioSyncError) -> [NerdioAccount] {
        var accounts: [NerdioAccount] = []
        var ids: Set<String> = []
        for (index, item) in items.enumerated() {
            let position = "entry \(index + 1)"
            guard case .object = item else {
                throw .invalidAccount("\(position) of the list is not an object; nothing was applied")
            }
            let name = item["name"]?.string.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            let id = item["id"].flatMap(text(of:))?.trimmingCharacters(in: .whitespaces)
            guard let id, !id.isEmpty else {
                let named = name.map { " (\"\(printable($0))\")" } ?? ""
                throw .invalidAccount("\(position)\(named) has no id; nothing was applied")
            }
            guard let name, !name.isEmpty else {
                throw .invalidAccount("account \(printable(id)) (\(position)) has no name; nothing was applied")
            }
            guard ids.insert(id).inserted else {
                throw .invalidAccount("account id \(printable(id)) appears twice; nothing was applied")
            }
            let tenant =
                ["tenantId", "tenantID", "tenant_id"].lazy.compactMap { item[$0].flatMap(text(of:)) }.first ?? ""
            let domain = item["domain"]?.string?.trimmingCharacters(in: .whitespaces)
            accounts.append(
                NerdioAccount(
                    id: id, name: name, tenantID: tenant.trimmingCharacters(in: .whitespaces),
                    domain: (domain?.isEmpty ?? true) ? nil : domain))
        }
        return accounts
    }

    /// Text as sent ("007" stays "007"), or a whole number's digits.
    private static func text(of value: HaloJSON) -> String? {
        if case .string(let text) = value { return text.isEmpty ? nil : text }
        return value.int.map(String.init)
    }

    /// `text` for a one-line message: control characters dropped, long text cut.
    private static func printable(_ text: String) -> String {
        let shown = String(
            String.UnicodeScalarView(text.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }))
        return shown.count > 80 ? String(shown.prefix(80)) + "..." : shown
    }
}
