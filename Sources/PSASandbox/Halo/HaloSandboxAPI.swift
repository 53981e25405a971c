import Foundation
import Hummingbird

/// The emulated Halo API: `GET /api/authinfo`, the OAuth2 client-credentials token endpoint
/// `POST /auth/token[?tenant=]`, and under `/api` the clients, the setup lists, tickets and
/// actions, each guarded by a Bearer token and the scope it needs. Halo's paths are
/// case-insensitive; routes answer in the spec's spelling and in lower case.
struct HaloSandboxAPI {
    let sandbox: PSASandbox
    let state: HaloSandboxState

    /// A second API application with the same secret, allowed to read but not to edit tickets.
    static let readOnlyClientID = "psalink-readonly"
    static let readOnlyScopes = ["read:tickets", "read:customers"]
    /// Halo client ids of `sandbox.companies`: index + 12 (the MSP's own company is 12).
    static let clientIDOffset = 12
    /// `/Tickets` documents "Maximum size: 100"; `/Client` documents none.
    static let ticketPageLimit = 100

    init(sandbox: PSASandbox) {
        self.sandbox = sandbox
        state = sandbox.halo
    }

    func register(on router: Router<SandboxRequestContext>) {
        route(router, .get, "/api/AuthInfo") { request, _ in authInfo(request) }
        route(router, .post, "/auth/token") { request, context in await token(request, context: context) }

        resource(router, .get, "/api/Client", scope: "read:customers") { request, _ in clients(request) }
        resource(router, .get, "/api/Client/:id", scope: "read:customers") { _, context in
            let id = context.parameters.get("id", as: Int.self) ?? 0
            let view = sandbox.companies(in: .halo)
            guard let index = CompanyControlAPI.index(of: String(id), in: .halo, count: view.count),
                let client = Self.client(index, in: view)
            else { return Self.failure("Client \(id) not found", status: .notFound) }
            return JSONResponse.make(client)
        }
        resource(router, .get, "/api/AzureADConnection", scope: "read:customers") { _, _ in
            JSONResponse.make([["id": Self.microsoftConnectionID, "name": "Microsoft 365", "type": 2]])
        }
        resource(router, .get, "/api/AzureADConnection/:id", scope: "read:customers") { request, context in
            guard context.parameters.get("id", as: Int.self) == Self.microsoftConnectionID else {
                return Self.failure("Connection not found", status: .notFound)
            }
            var connection: [String: Any] = ["id": Self.microsoftConnectionID, "name": "Microsoft 365"]
            if Self.flag(request, "includetenants") == true { connection["mappings_client"] = tenantMappings() }
            return JSONResponse.make(connection)
        }
        resource(router, .get, "/api/TicketType", scope: "read:tickets") { request, _ in
            let showInactive = Self.flag(request, "showinactive") ?? false
            return JSONResponse.make(
                HaloSandboxSetup.ticketTypes.filter { showInactive || !$0.inactive }.map {
                    HaloSandboxSetup.json($0, detailed: false)
                })
        }
        resource(router, .get, "/api/TicketType/:id", scope: "read:tickets") { _, context in
            guard let id = context.parameters.get("id", as: Int.self), let type = HaloSandboxSetup.ticketType(id)
            else { return Self.failure("Ticket Type not found", status: .notFound) }
            return JSONResponse.make(
                HaloSandboxSetup.json(type, detailed: true, requirements: state.requirements()[id] ?? [:]))
        }
        resource(router, .get, "/api/Status", scope: "read:tickets") { request, _ in
            let excludeClosed = Self.flag(request, "excludeclosed") ?? false
            return JSONResponse.make(
                HaloSandboxSetup.statuses.filter { !(excludeClosed && $0.isClosed) }.map(HaloSandboxSetup.json))
        }
        resource(router, .get, "/api/Priority", scope: "read:tickets") { request, _ in
            let slaID = Self.int(request, "slaid")
            return JSONResponse.make(
                HaloSandboxSetup.priorities.filter { slaID == nil || $0.slaID == slaID }.map(HaloSandboxSetup.json))
        }
        resource(router, .get, "/api/SLA/:id", scope: "read:tickets") { _, context in
            guard let id = context.parameters.get("id", as: Int.self), let name = HaloSandboxSetup.slaNames[id] else {
                return Self.failure("SLA not found", status: .notFound)
            }
            return JSONResponse.make([
                "id": id, "name": name,
                "priorities": HaloSandboxSetup.priorities(ofSLA: id).map(HaloSandboxSetup.json),
            ])
        }
        resource(router, .get, "/api/Category", scope: "read:tickets") { request, _ in
            let typeID = Self.int(request, "type_id")
            return JSONResponse.make(
                HaloSandboxSetup.categories.filter { typeID == nil || $0.typeID == typeID }.map {
                    [
                        "id": $0.id, "value": $0.value, "type_id": $0.typeID,
                        "category_name": String($0.value.split(separator: ">").first ?? ""),
                    ] as [String: Any]
                })
        }
        resource(router, .get, "/api/Lookup", scope: "read:tickets") { request, _ in
            guard let lookupID = Self.int(request, "lookupid") else { return JSONResponse.make([Any]()) }
            let rows =
                lookupID == 11
                ? HaloSandboxSetup.lookupTypes : (HaloSandboxSetup.lookupValues[lookupID] ?? [])
            return JSONResponse.make(
                rows.map { ["id": $0.id, "lookupid": lookupID, "name": $0.name] as [String: Any] })
        }
        resource(router, .get, "/api/Outcome", scope: "read:tickets") { _, _ in
            JSONResponse.make(HaloSandboxSetup.outcomes.map(HaloSandboxSetup.json))
        }
        resource(router, .get, "/api/Tickets", scope: "read:tickets") { request, _ in listTickets(request) }
        resource(router, .get, "/api/Tickets/:id", scope: "read:tickets") { _, context in
            let id = context.parameters.get("id", as: Int.self) ?? 0
            guard let ticket = state.withTickets({ $0.tickets[id] }) else {
                return Self.failure("Ticket \(id) not found", status: .notFound)
            }
            return JSONResponse.make(ticket.json)
        }
        resource(router, .post, "/api/Tickets", scope: "edit:tickets") { request, context in
            HaloSandboxTickets(sandbox: sandbox, state: state).post(
                await JSONResponse.body(of: request, context: context))
        }
        resource(router, .get, "/api/Actions", scope: "read:tickets") { request, _ in
            let ticketID = Self.int(request, "ticket_id")
            let actions = state.withTickets { book in
                book.actions.filter { ticketID == nil || $0.ticketID == ticketID }
            }
            return JSONResponse.make(["record_count": actions.count, "actions": actions.map(\.json)])
        }
        resource(router, .post, "/api/Actions", scope: "edit:tickets") { request, context in
            HaloSandboxTickets(sandbox: sandbox, state: state).postActions(
                await JSONResponse.body(of: request, context: context))
        }
    }

    // MARK: - Authentication

    private func authInfo(_ request: Request) -> Response {
        let host = request.head.authority ?? "127.0.0.1"
        return JSONResponse.make(["auth_url": "http://\(host)/auth", "tenant_id": sandbox.credentials.haloTenant])
    }

    /// RFC 6749 §4.4 with the client's id and secret in the form body. A tenant is optional
    /// (self-hosted instances have none) but must be this instance's when given.
    private func token(_ request: Request, context: SandboxRequestContext) async -> Response {
        let credentials = sandbox.credentials
        let form = FormFields(await JSONResponse.text(of: request, context: context))
        if let tenant = request.uri.queryParameters["tenant"].map(String.init), tenant != credentials.haloTenant {
            return Self.oauthError("invalid_client", "Unknown tenant '\(tenant)'", status: .unauthorized)
        }
        guard let grantType = form["grant_type"], let clientID = form["client_id"], let secret = form["client_secret"]
        else {
            return Self.oauthError(
                "invalid_request", "grant_type, client_id and client_secret are required", status: .badRequest)
        }
        guard grantType == "client_credentials" else {
            return Self.oauthError(
                "unsupported_grant_type", "The grant type '\(grantType)' is not supported", status: .badRequest)
        }
        let allowed: [String]
        switch clientID {
        case credentials.haloClientID: allowed = ["all"]
        case Self.readOnlyClientID: allowed = Self.readOnlyScopes
        default: allowed = []
        }
        guard !allowed.isEmpty, secret == credentials.haloClientSecret else {
            return Self.oauthError(
                "invalid_client", "The client application is not known or the secret is wrong", status: .unauthorized)
        }
        let requested = (form["scope"] ?? "all").split(separator: " ").map(String.init)
        if let unknown = requested.first(where: { !Self.knownScopes.contains($0) }) {
            return Self.oauthError("invalid_scope", "The scope '\(unknown)' is not valid", status: .badRequest)
        }
        let probe = HaloSandboxState.Grant(clientID: clientID, scopes: allowed, generation: 0, expires: .distantFuture)
        let granted = requested.contains("all") ? allowed : requested.filter(probe.allows)
        guard !granted.isEmpty else {
            return Self.oauthError(
                "invalid_scope", "The application may not use the scope '\(requested.joined(separator: " "))'",
                status: .badRequest)
        }
        let lifetime = sandbox.configuration.tokenLifetime
        let token = state.issueToken(
            HaloSandboxState.Grant(
                clientID: clientID, scopes: granted, generation: sandbox.faults.currentTokenGeneration,
                expires: Date().addingTimeInterval(Double(lifetime))))
        return JSONResponse.make([
            "access_token": token, "token_type": "Bearer", "expires_in": lifetime,
            "scope": granted.joined(separator: " "),
        ])
    }

    static let knownScopes: Set<String> = [
        "all", "all:standard", "admin", "read:tickets", "edit:tickets", "read:customers", "edit:customers",
        "read:crm", "edit:crm", "read:assets", "edit:assets", "read:contracts", "edit:contracts",
    ]

    // MARK: - Clients

    static let microsoftConnectionID = 1

    /// The Microsoft 365 integration links every third client to its customer's tenant, as an
    /// MSP that set up only some of them would have.
    private func tenantMappings() -> [[String: Any]] {
        let view = sandbox.companies(in: .halo)
        return view.indices.filter { $0 % 3 == 0 }.compactMap { index in
            guard let company = view.company(index) else { return nil }
            return [
                "id": index + 1, "details_id": Self.microsoftConnectionID, "client_id": index + Self.clientIDOffset,
                "client_name": company.name, "azure_tenant_id": company.tenantID,
                "azure_tenant_domain": company.domain,
            ]
        }
    }

    private func clients(_ request: Request) -> Response {
        var includeActive = Self.flag(request, "includeactive") ?? true
        var includeInactive = Self.flag(request, "includeinactive") ?? false
        if let pair = request.uri.queryParameters["activeinactive"]?.split(separator: ","), pair.count == 2 {
            includeActive = pair[0].lowercased() == "true"
            includeInactive = pair[1].lowercased() == "true"
        }
        let excludeInternal = Self.flag(request, "exclude_internal") ?? false
        let search = request.uri.queryParameters["search"].map { String($0).lowercased() }
        let topLevel = Self.int(request, "toplevel_id")
        let view = sandbox.companies(in: .halo)
        // Filter first and build JSON for the page only: 50,000 clients are listed in 51 pages.
        let matches = view.indices.filter { index in
            guard let company = view.company(index) else { return false }
            return (company.isActive ? includeActive : includeInactive) && !(excludeInternal && company.isMSP)
                && (search.map { company.name.lowercased().contains($0) } ?? true)
                && (topLevel.map { $0 == Self.topLevelID(company) } ?? true)
        }
        return Self.page(matches, key: "clients", request: request, limit: nil) { index in
            Self.client(index, in: view) ?? [:]
        }
    }

    private static func topLevelID(_ company: SandboxCompany) -> Int {
        (SandboxCompanies.types.firstIndex(of: company.type) ?? 0) + 1
    }

    /// A client's record (the spec's `Area`), in the list and by id; nil once it is deleted. A
    /// client merged into another carries `_merge_client_into`, the other's id.
    static func client(_ index: Int, in view: SandboxCompanyView) -> [String: Any]? {
        guard let company = view.company(index) else { return nil }
        var client: [String: Any] = [
            "id": index + clientIDOffset, "name": company.name, "inactive": !company.isActive,
            "toplevel_id": topLevelID(company), "toplevel_name": company.type, "website": company.domain,
        ]
        if let target = view.mergedInto(index) { client["_merge_client_into"] = target + clientIDOffset }
        return client
    }

    private func listTickets(_ request: Request) -> Response {
        let clientID = Self.int(request, "client_id")
        let openOnly = Self.flag(request, "open_only") ?? false
        let closedOnly = Self.flag(request, "closed_only") ?? false
        let search = request.uri.queryParameters["search_summary"].map { String($0).lowercased() }
        let tickets = state.withTickets { book in
            book.tickets.values.filter { ticket in
                (clientID == nil || ticket.clientID == clientID) && !(openOnly && ticket.hasBeenClosed)
                    && !(closedOnly && !ticket.hasBeenClosed)
                    && (search.map { ticket.summary.lowercased().contains($0) } ?? true)
            }.sorted { $0.id < $1.id }
        }
        return Self.page(tickets, key: "tickets", request: request, limit: Self.ticketPageLimit) { $0.json }
    }

    /// Halo's paging: with `pageinate=true`, `page_size` rows of page `page_no` (from 1) and
    /// the `record_count` of all; without it, every row (or the first `count`).
    private static func page<Row>(
        _ rows: [Row], key: String, request: Request, limit: Int?, json: (Row) -> [String: Any]
    ) -> Response {
        guard flag(request, "pageinate") ?? false else {
            let count = int(request, "count").map { max($0, 0) } ?? rows.count
            return JSONResponse.make(["record_count": rows.count, key: rows.prefix(count).map(json)])
        }
        var size = max(int(request, "page_size") ?? 50, 1)
        if let limit { size = min(size, limit) }
        let number = max(int(request, "page_no") ?? 1, 1)
        let (offset, overflow) = (number - 1).multipliedReportingOverflow(by: size)
        let start = overflow ? rows.count : min(offset, rows.count)
        let slice = rows[start..<start + min(size, rows.count - start)]
        return JSONResponse.make([
            "page_no": number, "page_size": size, "record_count": rows.count, key: slice.map(json),
        ])
    }

    // MARK: - Routing

    /// Registers `path` as the spec spells it and in lower case.
    private func route(
        _ router: Router<SandboxRequestContext>, _ method: HTTPRequest.Method, _ path: String,
        _ handler: @escaping @Sendable (Request, SandboxRequestContext) async -> Response
    ) {
        for spelling in Set([path, path.lowercased()]) {
            router.on(RouterPath(spelling), method: method) { request, context in await handler(request, context) }
        }
    }

    /// A route that needs a valid Bearer token carrying `scope`: 401 without one (expired, or
    /// issued before `faults.expireTokens()`), 403 naming the permission when it lacks it.
    private func resource(
        _ router: Router<SandboxRequestContext>, _ method: HTTPRequest.Method, _ path: String, scope: String,
        _ handler: @escaping @Sendable (Request, SandboxRequestContext) async -> Response
    ) {
        route(router, method, path) { request, context in
            let header = request.headers[.authorization] ?? ""
            guard header.lowercased().hasPrefix("bearer "),
                let grant = state.grant(
                    for: String(header.dropFirst(7)), generation: sandbox.faults.currentTokenGeneration)
            else {
                return JSONResponse.make(
                    ["Message": "Authorization has been denied for this request."], status: .unauthorized,
                    headers: [.wwwAuthenticate: header.isEmpty ? "Bearer" : "Bearer error=\"invalid_token\""])
            }
            guard grant.allows(scope) else {
                return JSONResponse.make(
                    ["errorMessage": "Access denied: the API application does not have the '\(scope)' permission."],
                    status: .forbidden)
            }
            return await handler(request, context)
        }
    }

    // MARK: - Helpers

    static func flag(_ request: Request, _ name: String) -> Bool? {
        request.uri.queryParameters[Substring(name)].map { $0.lowercased() == "true" || $0 == "1" }
    }

    static func int(_ request: Request, _ name: String) -> Int? {
        request.uri.queryParameters[Substring(name)].flatMap { Int($0) }
    }

    /// Halo's error body for a refused request: the shape of a serialized .NET exception.
    static func failure(_ message: String, status: HTTPResponse.Status = .badRequest) -> Response {
        JSONResponse.make(["ClassName": "System.Exception", "Message": message], status: status)
    }

    static func oauthError(_ error: String, _ description: String, status: HTTPResponse.Status) -> Response {
        JSONResponse.make(["error": error, "error_description": description], status: status)
    }
}
