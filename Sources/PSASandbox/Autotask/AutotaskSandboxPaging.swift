import Foundation
import Hummingbird

/// Autotask's query envelope `{"items", "pageDetails": {count, requestCount, prevPageUrl,
/// nextPageUrl}}` (AT2 `PagingModel`). Records are returned in id order; a next-page link
/// carries the last id returned (`paging`) and the query itself (`search`), so it works both
/// as a GET and as a POST that repeats the original body.
enum AutotaskSandboxPaging {
    /// The query of a request: the POST body, or else the `search` parameter.
    static func queryInput(_ request: Request, context: SandboxRequestContext) async -> Any? {
        if request.method == .post, let body = await JSONResponse.body(of: request, context: context) {
            return body
        }
        guard let search = request.uri.queryParameters["search"] else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(search.utf8))
    }

    /// The id after which this page starts, from a next-page link; nil on a first page.
    static func cursor(_ request: Request) -> Int? {
        request.uri.queryParameters["paging"].flatMap { Int($0) }
    }

    static func response(
        items: [[String: Any]], lastID: Int?, hasMore: Bool, query: AutotaskSandboxQuery, entity: String,
        request: Request
    ) -> Response {
        var next: Any = NSNull()
        if hasMore, let lastID {
            var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: "\0"..."\u{7F}"))
            allowed.insert(charactersIn: "-._~")
            let search = query.searchText.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
            next =
                AutotaskSandboxAPI.baseURL(of: request)
                + "/atservicesrest/v1.0/\(entity)/query/next?paging=\(lastID)&search=\(search)"
        }
        return JSONResponse.make([
            "items": items,
            "pageDetails": [
                "count": items.count, "requestCount": query.maxRecords, "prevPageUrl": NSNull(), "nextPageUrl": next,
            ] as [String: Any],
        ])
    }

    static func invalid(_ problem: AutotaskSandboxQuery.Problem) -> Response {
        switch problem {
        case .invalid(let message): return AutotaskSandboxAPI.errors([message], status: .badRequest)
        }
    }
}

/// `Companies/query` and `Companies/{id}`: the seeded companies as Autotask holds them now
/// (`/sandbox/companies` renames, deactivates and deletes them), the MSP's own company with id 0
/// (the widely repeated owner-company id) and the others from 29,683,001 up.
struct AutotaskSandboxCompanies {
    let sandbox: PSASandbox

    static let firstCustomerID = 29_683_000

    static func id(ofIndex index: Int) -> Int { index == 0 ? 0 : firstCustomerID + index }

    static let fieldNames = Set(AutotaskSandboxFields.company.map { $0.name.lowercased() })
    static let typeValues = Dictionary(
        uniqueKeysWithValues: AutotaskSandboxFields.companyTypes.map { ($0.type, $0.value) })

    func query(_ request: Request, context: SandboxRequestContext) async -> Response {
        let query: AutotaskSandboxQuery
        do {
            query = try AutotaskSandboxQuery.parse(
                await AutotaskSandboxPaging.queryInput(request, context: context), knownFields: Self.fieldNames)
        } catch {
            return AutotaskSandboxPaging.invalid(error)
        }
        let companies = sandbox.companies(in: .autotask)
        var index = 0
        if let after = AutotaskSandboxPaging.cursor(request) {
            index = after < Self.firstCustomerID ? 1 : after - Self.firstCustomerID + 1
        }
        var items: [[String: Any]] = []
        items.reserveCapacity(query.maxRecords)
        var lastID: Int?
        var hasMore = false
        while index < companies.count {
            guard let company = companies.company(index) else {
                index += 1
                continue
            }
            let id = Self.id(ofIndex: index)
            let typeValue = Self.typeValues[company.type] ?? 1
            let matches = query.filter.matches { field in
                switch field {
                case "id": return .number(Double(id))
                case "companyname": return .text(company.name.lowercased())
                case "companytype": return .number(Double(typeValue))
                case "isactive": return .number(company.isActive ? 1 : 0)
                case "companynumber": return .text(String(index))
                default: return .none
                }
            }
            index += 1
            guard matches else { continue }
            if items.count == query.maxRecords {
                hasMore = true
                break
            }
            var item = Self.record(company, index: index - 1)
            if let include = query.includeFields {
                item = item.filter { $0.key == "id" || include.contains($0.key.lowercased()) }
            }
            items.append(item)
            lastID = id
        }
        return AutotaskSandboxPaging.response(
            items: items, lastID: lastID, hasMore: hasMore, query: query, entity: "Companies", request: request)
    }

    /// `GET Companies/{id}`: `{"item": {...}}`, or `{"item": null}` for an id Autotask does not
    /// have (never had, or deleted), as it answers for a missing ticket.
    func get(id: String) -> Response {
        let view = sandbox.companies(in: .autotask)
        let record = CompanyControlAPI.index(of: id, in: .autotask, count: view.count).flatMap {
            Self.record($0, in: view)
        }
        return JSONResponse.make(["item": record.map { $0 as Any } ?? NSNull()])
    }

    /// The company at `index` as Autotask returns it; nil once it is deleted.
    static func record(_ index: Int, in view: SandboxCompanyView) -> [String: Any]? {
        view.company(index).map { record($0, index: index) }
    }

    private static func record(_ company: SandboxCompany, index: Int) -> [String: Any] {
        [
            "id": id(ofIndex: index), "companyName": company.name, "companyType": typeValues[company.type] ?? 1,
            "isActive": company.isActive, "companyNumber": String(index), "webAddress": "www." + company.domain,
            "userDefinedFields": [Any](),
        ]
    }
}
