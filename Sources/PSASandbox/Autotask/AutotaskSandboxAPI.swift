import Foundation
import Hummingbird

/// The emulated Autotask REST API v1.0 under `/atservicesrest`: zone discovery, header
/// authentication on every call, filter queries paged through `nextPageUrl`, entity field
/// information, tickets and ticket notes. Autotask paths are case-insensitive in practice
/// (the swagger spells them `/ATServicesRest/V1.0`), so one catch-all route per spelling of
/// the root dispatches on the lowered path.
struct AutotaskSandboxAPI {
    let sandbox: PSASandbox

    static let readOnlyUsername = "readonly@psalink.example"

    func register(on router: Router<SandboxRequestContext>) {
        for root in ["atservicesrest", "ATServicesRest", "ATServicesREST", "AtServicesRest"] {
            for method in [HTTPRequest.Method.get, .post, .patch, .put, .delete] {
                router.on("/\(root)/**", method: method) { request, context in
                    await handle(request, context: context)
                }
            }
        }
    }

    private func handle(_ request: Request, context: SandboxRequestContext) async -> Response {
        let segments = request.uri.path.lowercased().split(separator: "/").map(String.init).dropFirst()
        let path = Array(segments)
        if request.method == .get, path == ["versioninformation"] {
            return JSONResponse.make(["apiVersions": ["1.0"]])
        }
        guard path.first == "v1.0", path.count >= 2 else {
            return Self.errors(["The requested resource does not exist."], status: .notFound)
        }
        let resource = Array(path.dropFirst())
        if resource == ["zoneinformation"] {
            return zoneInformation(request)
        }
        switch authenticate(request) {
        case .refused(let response): return response
        case .signedIn(let user):
            let endpoint = Self.endpoint(of: resource)
            return await sandbox.autotask.withinFlight(endpoint: endpoint) {
                await route(request, context: context, resource: resource, user: user)
            }
        }
    }

    /// The object endpoint a path belongs to, for the thread limit: `Tickets/{id}/Notes` is
    /// the TicketNotes endpoint, everything else is its first segment.
    static func endpoint(of resource: [String]) -> String {
        if resource.count >= 3, resource[0] == "tickets", resource[2] == "notes" { return "ticketnotes" }
        return resource[0]
    }

    private func route(
        _ request: Request, context: SandboxRequestContext, resource: [String], user: AutotaskSandboxUser
    ) async -> Response {
        let method = request.method
        let tickets = AutotaskSandboxTickets(sandbox: sandbox, request: request, context: context, user: user)
        let isRead = method == .get
        let isQuery = method == .get || method == .post
        let entity = resource[0]
        let rest = Array(resource.dropFirst())
        if isRead, resource == ["thresholdinformation"] {
            // The vendor's documented budget, 10,000 requests per 60 minutes; the count is this
            // hour's accepted Autotask requests plus what other integrations were set to use.
            return JSONResponse.make([
                "externalRequestThreshold": 10000, "requestThresholdTimeframe": 60,
                "currentTimeframeRequestCount": sandbox.rateLimits.autotaskTimeframeRequestCount(),
            ])
        }
        if isRead,
            rest == ["entityinformation", "fields"] || rest.suffix(3) == ["notes", "entityinformation", "fields"]
        {
            switch rest.count == 2 ? entity : "ticketnotes" {
            case "companies": return JSONResponse.make(AutotaskSandboxFields.json(AutotaskSandboxFields.company))
            case "tickets": return JSONResponse.make(AutotaskSandboxFields.json(sandbox.autotask.ticketFields()))
            case "ticketnotes": return JSONResponse.make(AutotaskSandboxFields.json(AutotaskSandboxFields.ticketNote))
            default: break
            }
        }
        if isRead, rest == ["entityinformation", "userdefinedfields"] {
            switch entity {
            case "companies": return JSONResponse.make(["fields": [Any]()])
            case "tickets":
                let fields = sandbox.autotask.requirements.withLock { $0.userDefinedFields }
                return JSONResponse.make(AutotaskSandboxFields.json(fields))
            default: break
            }
        }
        if isQuery, rest == ["query"] || rest == ["query", "next"] {
            switch entity {
            case "companies": return await AutotaskSandboxCompanies(sandbox: sandbox).query(request, context: context)
            case "tickets": return await tickets.query()
            default: break
            }
        }
        if isRead, entity == "companies", rest.count == 1 {
            return AutotaskSandboxCompanies(sandbox: sandbox).get(id: rest[0])
        }
        if entity == "tickets" {
            switch (method, rest.count) {
            case (.post, 0): return await tickets.create()
            case (.patch, 0): return await tickets.update()
            case (.get, 1): return tickets.get(id: rest[0])
            case (.post, 2) where rest[1] == "notes": return await tickets.addNote(ticketID: rest[0])
            default: break
            }
        }
        return Self.errors(
            ["The requested resource does not support http method '\(method.rawValue)'."], status: .methodNotAllowed)
    }

    /// `zoneInformation` needs no authentication headers (AT3). Which status an unknown user
    /// gets is not documented; an ASP.NET Web API fault (500) with the error envelope is
    /// the most likely answer.
    private func zoneInformation(_ request: Request) -> Response {
        let user = request.uri.queryParameters["user"].map(String.init) ?? ""
        guard AutotaskSandboxUser(username: user, credentials: sandbox.credentials) != nil else {
            return Self.errors(
                ["Zone information could not be determined for user \(user.isEmpty ? "(none)" : user)."],
                status: .internalServerError)
        }
        let base = Self.baseURL(of: request)
        return JSONResponse.make([
            "zoneName": "Sandbox Zone", "url": base + "/atservicesrest/", "webUrl": base + "/", "ci": 0,
        ])
    }

    private enum Authentication {
        case signedIn(AutotaskSandboxUser)
        case refused(Response)
    }

    private func authenticate(_ request: Request) -> Authentication {
        let credentials = sandbox.credentials
        let headers = request.headers
        func header(_ name: String) -> String? {
            headers.first { $0.name.canonicalName == name }?.value
        }
        let code = header("apiintegrationcode")
        let name = header("username")
        let secret = header("secret")
        guard let code, let name, let secret else {
            return .refused(
                Self.errors(
                    ["Authentication failed: the ApiIntegrationCode, UserName and Secret headers are required."],
                    status: .unauthorized))
        }
        guard let user = AutotaskSandboxUser(username: name, credentials: credentials),
            secret == credentials.autotaskSecret
        else {
            return .refused(
                Self.errors(["Authentication failed: the user name or secret is incorrect."], status: .unauthorized))
        }
        guard code == credentials.autotaskIntegrationCode else {
            return .refused(
                Self.errors(
                    ["Authentication failed: the API integration code (tracking identifier) is not valid."],
                    status: .unauthorized))
        }
        return .signedIn(user)
    }

    static func baseURL(of request: Request) -> String {
        let host = request.head.authority ?? "127.0.0.1"
        return "http://\(host)"
    }

    static func errors(_ messages: [String], status: HTTPResponse.Status) -> Response {
        JSONResponse.make(["errors": messages], status: status)
    }
}

/// The API users the sandbox knows: the full one, and a read-only one whose writes fail.
struct AutotaskSandboxUser {
    var username: String
    var canWrite: Bool

    init?(username: String, credentials: SandboxCredentials) {
        switch username.lowercased() {
        case credentials.autotaskUsername.lowercased(): canWrite = true
        case AutotaskSandboxAPI.readOnlyUsername: canWrite = false
        default: return nil
        }
        self.username = username
    }
}
