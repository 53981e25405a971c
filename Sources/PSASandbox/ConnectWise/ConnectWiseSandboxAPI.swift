import Foundation
import Hummingbird

/// The emulated ConnectWise PSA (Manage) REST API 3.0 (psa-apis.md §1): the unauthenticated
/// codebase lookup under `/login/companyinfo`, and under `/{codebase}apis/3.0` Basic
/// authentication plus the `clientId` header on every call, system info, companies, boards with
/// their statuses and types, priorities, severities, impacts, and service tickets with notes.
/// Lists take `conditions`, `orderBy`, `fields`, `page` and `pageSize` and answer with a `Link`
/// header. A second API member, `connectWiseReadOnlyPublicKey`, may read but gets 403 on writes.
struct ConnectWiseSandboxAPI {
    let sandbox: PSASandbox

    func register(on router: Router<SandboxRequestContext>) {
        let credentials = sandbox.credentials
        let companies = ConnectWiseSandboxCompanies(sandbox: sandbox)
        let tickets = ConnectWiseSandboxTickets(
            state: sandbox.connectWise, credentials: credentials, companies: companies)

        router.get("/login/companyinfo/:company") { _, context in
            Self.companyInfo(context.parameters.get("company") ?? "", credentials: credentials)
        }

        let codebase = credentials.connectWiseCodebase.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let api = router.group(RouterPath("/\(codebase)/apis/3.0"))
            .add(middleware: ConnectWiseSandboxAuth(credentials: credentials))

        api.get("system/info") { _, _ in
            JSONResponse.make([
                "version": "v2025.1.99999", "isCloud": false, "serverTimeZone": "Eastern Standard Time",
                "licenseBits": [], "cloudRegion": "NA", "maxWorkFlowRecordsAllowed": 1000,
            ])
        }

        let companyList = ConnectWiseSandboxList(
            fields: ["id", "identifier", "name", "status", "types", "website", "deletedFlag", "_info"],
            selections: ConnectWiseSandboxList.SelectionCache())
        api.get("company/companies") { request, _ in
            let view = companies.view()
            return companyList.respond(
                companies.all(view).map(ConnectWiseSandboxData.json), to: request, version: view.version)
        }
        api.get("company/companies/count") { request, _ in
            Self.count(
                companies.all(companies.view()).map(ConnectWiseSandboxData.json), list: companyList, request: request)
        }
        api.get("company/companies/:id") { _, context in
            let id = context.parameters.get("id").flatMap(Int.init)
            guard let company = id.flatMap({ companies.company(id: $0) }) else {
                return ConnectWiseSandboxError.notFound("Company with id \(id.map(String.init) ?? "?") was not found.")
            }
            return JSONResponse.make(ConnectWiseSandboxData.json(company))
        }

        let boardList = ConnectWiseSandboxList(fields: ["id", "name", "inactiveFlag", "projectFlag"])
        api.get("service/boards") { request, _ in
            boardList.respond(ConnectWiseSandboxData.boards.map(ConnectWiseSandboxData.json), to: request)
        }
        let statusList = ConnectWiseSandboxList(fields: [
            "id", "name", "board", "sortOrder", "inactive", "closedStatus", "defaultFlag", "escalationStatus",
            "timeEntryNotAllowed",
        ])
        api.get("service/boards/:board/statuses") { request, context in
            guard let board = Self.board(context) else { return Self.boardNotFound(context) }
            let statuses = ConnectWiseSandboxData.statuses.filter { $0.boardID == board.id }
            return statusList.respond(statuses.map(ConnectWiseSandboxData.json), to: request)
        }
        let typeList = ConnectWiseSandboxList(fields: [
            "id", "name", "board", "inactiveFlag", "defaultFlag", "requestForChangeFlag",
        ])
        api.get("service/boards/:board/types") { request, context in
            guard let board = Self.board(context) else { return Self.boardNotFound(context) }
            let types = ConnectWiseSandboxData.types.filter { $0.boardID == board.id }
            return typeList.respond(types.map(ConnectWiseSandboxData.json), to: request)
        }
        let namedList = ConnectWiseSandboxList(fields: ["id", "name", "sortOrder", "defaultFlag", "description"])
        for (path, values) in [
            ("service/priorities", ConnectWiseSandboxData.priorities),
            ("service/severities", ConnectWiseSandboxData.severities),
            ("service/impacts", ConnectWiseSandboxData.impacts),
        ] {
            api.get(RouterPath(path)) { request, _ in
                namedList.respond(values.map(ConnectWiseSandboxData.json), to: request)
            }
        }

        api.get("service/tickets") { request, _ in tickets.list(request) }
        api.get("service/tickets/count") { request, _ in
            Self.count(tickets.records(), list: ConnectWiseSandboxTickets.list, request: request)
        }
        api.post("service/tickets") { request, context in await tickets.create(request, context: context) }
        api.get("service/tickets/:id") { _, context in tickets.get(context) }
        api.patch("service/tickets/:id") { request, context in await tickets.patch(request, context: context) }
        api.get("service/tickets/:id/notes") { request, context in tickets.notes(request, context: context) }
        api.post("service/tickets/:id/notes") { request, context in await tickets.addNote(request, context: context) }
    }

    /// `{"Codebase": "v4_6_release/", ...}` for the sandbox's company (in any case), and the JSON
    /// `null` ConnectWise answers for a company ID it does not know [CW1, django-connectwise].
    static func companyInfo(_ company: String, credentials: SandboxCredentials) -> Response {
        guard company.lowercased() == credentials.connectWiseCompany.lowercased() else {
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "null")))
        }
        return JSONResponse.make([
            "CompanyName": "Northwind IT Services", "Codebase": credentials.connectWiseCodebase,
            "VersionCode": "v2025.1", "VersionNumber": "v4.6.99999", "CompanyID": credentials.connectWiseCompany,
            "IsCloud": false, "SiteUrl": "127.0.0.1",
        ])
    }

    /// `GET .../count` → `{"count": N}` for the records the conditions select [CW5].
    static func count(_ records: [[String: Any]], list: ConnectWiseSandboxList, request: Request) -> Response {
        guard let text = request.uri.queryParameters["conditions"].map(String.init), !text.isEmpty else {
            return JSONResponse.make(["count": records.count])
        }
        do {
            let condition = try ConnectWiseSandboxCondition.parse(text)
            var count = 0
            for record in records where try condition.matches(record) { count += 1 }
            return JSONResponse.make(["count": count])
        } catch {
            return ConnectWiseSandboxError.badRequest(error.message)
        }
    }

    static func board(_ context: SandboxRequestContext) -> ConnectWiseSandboxData.Board? {
        let id = context.parameters.get("board").flatMap(Int.init)
        return ConnectWiseSandboxData.boards.first { $0.id == id }
    }

    static func boardNotFound(_ context: SandboxRequestContext) -> Response {
        ConnectWiseSandboxError.notFound("Board with id \(context.parameters.get("board") ?? "?") was not found.")
    }
}

/// Who is calling: the API member with full rights, or the read-only one.
enum ConnectWiseSandboxMember {
    case full
    case readOnly
}

/// Checks `Authorization: Basic base64(company+publicKey:privateKey)` and the `clientId`
/// header on every API call [CW1, CW2, CW6], answering 401 with ConnectWise's error body.
struct ConnectWiseSandboxAuth: RouterMiddleware {
    typealias Context = SandboxRequestContext

    let credentials: SandboxCredentials

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        switch Self.member(of: request, credentials: credentials) {
        case .success: return try await next(request, context)
        case .failure(let refusal): return refusal.response
        }
    }

    struct Refusal: Error {
        var message: String
        var response: Response {
            ConnectWiseSandboxError.response(.unauthorized, code: "Unauthorized", message: message)
        }
    }

    static func member(of request: Request, credentials: SandboxCredentials) -> Result<
        ConnectWiseSandboxMember, Refusal
    > {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
            let pair = String(data: decoded, encoding: .utf8), let colon = pair.firstIndex(of: ":"),
            let plus = pair[..<colon].firstIndex(of: "+")
        else {
            return .failure(Refusal(message: "Unauthorized"))
        }
        let company = pair[..<plus]
        let publicKey = String(pair[pair.index(after: plus)..<colon])
        let privateKey = pair[pair.index(after: colon)...]
        guard company.lowercased() == credentials.connectWiseCompany.lowercased(),
            privateKey == credentials.connectWisePrivateKey,
            [credentials.connectWisePublicKey, credentials.connectWiseReadOnlyPublicKey].contains(publicKey)
        else {
            return .failure(Refusal(message: "Unauthorized"))
        }
        guard let clientID = ConnectWiseSandboxList.header("clientId", in: request.headers), !clientID.isEmpty else {
            return .failure(
                Refusal(
                    message: "A clientId header is required; register the integration at developer.connectwise.com."))
        }
        guard clientID.lowercased() == credentials.connectWiseClientID.lowercased() else {
            return .failure(Refusal(message: "The clientId is not valid."))
        }
        return .success(publicKey == credentials.connectWiseReadOnlyPublicKey ? .readOnly : .full)
    }
}
