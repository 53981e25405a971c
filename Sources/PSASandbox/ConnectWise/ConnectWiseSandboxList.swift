import Foundation
import Hummingbird
import Synchronization

/// ConnectWise's error body `{"code", "message", "errors": [{"code", "message", "resource",
/// "field"}]}` [CW9 `model_error_response_message.go`, `model_validation_error.go`].
enum ConnectWiseSandboxError {
    struct Item {
        var code: String
        var message: String
        var resource: String
        var field: String?
    }

    static func response(
        _ status: HTTPResponse.Status, code: String, message: String, errors: [Item] = []
    ) -> Response {
        var body: [String: Any] = ["code": code, "message": message]
        if !errors.isEmpty {
            body["errors"] = errors.map { item -> [String: Any] in
                var entry: [String: Any] = ["code": item.code, "message": item.message, "resource": item.resource]
                if let field = item.field { entry["field"] = field }
                return entry
            }
        }
        return JSONResponse.make(body, status: status)
    }

    /// 400 `InvalidObject`: a body ConnectWise will not save, each problem naming its field.
    static func invalid(_ resource: String, _ errors: [Item]) -> Response {
        response(.badRequest, code: "InvalidObject", message: "\(resource) object is invalid", errors: errors)
    }

    static func badRequest(_ message: String) -> Response {
        response(.badRequest, code: "BadRequest", message: message)
    }

    static func notFound(_ message: String) -> Response {
        response(.notFound, code: "NotFound", message: message)
    }
}

/// A list endpoint's query: `conditions`, `orderBy`, `fields`, `page` and `pageSize`, with a
/// navigable `Link` header (psa-apis.md §1.4, §1.5).
struct ConnectWiseSandboxList {
    /// Fields that `conditions` and `orderBy` may name (top-level names; paths go deeper).
    let fields: Set<String>
    /// Set for records that seldom change (companies): the filtered and sorted selection of
    /// each query is kept, with the version of the records it came from, so paging through
    /// 50,000 records filters and sorts them once, not once per page.
    var selections: SelectionCache? = nil

    final class SelectionCache: Sendable {
        /// Built once and only read afterwards; JSON dictionaries are not Sendable by type.
        private struct Selection: @unchecked Sendable {
            let records: [[String: Any]]
        }

        private let entries = Mutex<[String: Selection]>([:])

        func selection(for key: String) -> [[String: Any]]? {
            entries.withLock { $0[key] }?.records
        }

        func keep(_ records: [[String: Any]], for key: String) {
            let selection = Selection(records: records)
            entries.withLock { entries in
                if entries.count > 16 { entries.removeAll() }
                entries[key] = selection
            }
        }
    }

    /// ConnectWise's default page size, and its hard limit of 1,000 records per response [CW11]:
    /// a larger pageSize is answered with 1,000, and the `Link` header says 1,000.
    static let defaultPageSize = 25
    static let maxPageSize = 1000

    /// `version` names the state of the records, for the selections kept: a change to them
    /// comes with a new version.
    func respond(_ records: @autoclosure () -> [[String: Any]], to request: Request, version: Int = 0) -> Response {
        var parameters: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { parameters[key.lowercased()] = String(value) }
        let selected: [[String: Any]]
        switch select(records, parameters: parameters, version: version) {
        case .failure(let error): return error.response
        case .success(let selection): selected = selection
        }

        guard let page = Self.positive(parameters["page"], default: 1) else {
            return ConnectWiseSandboxError.badRequest("page must be a whole number of 1 or more.")
        }
        guard let requestedSize = Self.positive(parameters["pagesize"], default: Self.defaultPageSize) else {
            return ConnectWiseSandboxError.badRequest("pageSize must be a whole number of 1 or more.")
        }
        let pageSize = min(requestedSize, Self.maxPageSize)
        let lastPage = max(1, (selected.count + pageSize - 1) / pageSize)
        var pageRecords: [[String: Any]] = []
        if page <= lastPage {
            let start = (page - 1) * pageSize
            pageRecords = Array(selected[start..<min(selected.count, start + pageSize)])
        }

        var body: [[String: Any]] = pageRecords
        if let list = parameters["fields"], !list.trimmingCharacters(in: .whitespaces).isEmpty {
            let paths = list.split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces).split(separator: "/").map(String.init)
            }
            body = pageRecords.map { Self.project($0, paths) }
        }
        var headers: HTTPFields = [:]
        if let link = Self.link(request, page: page, pageSize: pageSize, lastPage: lastPage) {
            headers.append(Self.field("Link", link))
        }
        return JSONResponse.make(body, headers: headers)
    }

    struct ErrorResponse: Error {
        var response: Response
    }

    /// The records a query selects, filtered by `conditions` and sorted by `orderBy`.
    private func select(_ records: () -> [[String: Any]], parameters: [String: String], version: Int)
        -> Result<[[String: Any]], ErrorResponse>
    {
        let key = "\(version)\u{0}" + (parameters["conditions"] ?? "") + "\u{0}" + (parameters["orderby"] ?? "")
        if let cached = selections?.selection(for: key) { return .success(cached) }
        let result = selectUncached(records, parameters: parameters)
        if let selections, case .success(let selected) = result { selections.keep(selected, for: key) }
        return result
    }

    private func selectUncached(_ records: () -> [[String: Any]], parameters: [String: String])
        -> Result<[[String: Any]], ErrorResponse>
    {
        var selected = records()

        if let text = parameters["conditions"], !text.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                let condition = try ConnectWiseSandboxCondition.parse(text)
                if let unknown = condition.fields.first(where: { !ConnectWiseSandboxJSON.hasField($0[0], in: fields) })
                {
                    return .failure(
                        ErrorResponse(
                            response: ConnectWiseSandboxError.badRequest(
                                "\(unknown.joined(separator: "/")) is not a valid field for conditions on this resource."
                            )))
                }
                var kept: [[String: Any]] = []
                for record in selected where try condition.matches(record) { kept.append(record) }
                selected = kept
            } catch {
                return .failure(ErrorResponse(response: ConnectWiseSandboxError.badRequest(error.message)))
            }
        }

        var keys: [(path: [String], descending: Bool)] = [(["id"], false)]
        if let orderBy = parameters["orderby"], !orderBy.trimmingCharacters(in: .whitespaces).isEmpty {
            keys = []
            for part in orderBy.split(separator: ",") {
                let words = part.split(separator: " ")
                let path = words.first?.split(separator: "/", omittingEmptySubsequences: false).map(String.init) ?? []
                let direction = words.count == 2 ? words[1].lowercased() : "asc"
                guard let name = path.first, !path.contains(""), words.count <= 2, ["asc", "desc"].contains(direction),
                    ConnectWiseSandboxJSON.hasField(name, in: fields)
                else {
                    return .failure(
                        ErrorResponse(
                            response: ConnectWiseSandboxError.badRequest(
                                "orderBy must be a list of fields, each followed by asc or desc; '\(part)' is not.")))
                }
                keys.append((path, direction == "desc"))
            }
        }
        selected = Self.sorted(selected, by: keys)
        return .success(selected)
    }

    /// `first` and `prev` from page 2 on, `next` and `last` before the last page; no header
    /// when everything fits on one page. The URLs keep every other query parameter as sent.
    static func link(_ request: Request, page: Int, pageSize: Int, lastPage: Int) -> String? {
        let host = request.head.authority ?? Self.header("Host", in: request.headers) ?? "127.0.0.1"
        let kept = (request.uri.query ?? "").split(separator: "&").filter { item in
            let name = item.split(separator: "=", maxSplits: 1).first?.lowercased() ?? ""
            return name != "page" && name != "pagesize"
        }
        func url(_ page: Int) -> String {
            let query = (kept.map(String.init) + ["pageSize=\(pageSize)", "page=\(page)"]).joined(separator: "&")
            return "<http://\(host)\(request.uri.path)?\(query)>"
        }
        var links: [String] = []
        if page > 1 {
            links.append("\(url(1)); rel=\"first\"")
            links.append("\(url(min(page - 1, lastPage))); rel=\"prev\"")
        }
        if page < lastPage {
            links.append("\(url(page + 1)); rel=\"next\"")
            links.append("\(url(lastPage)); rel=\"last\"")
        }
        return links.isEmpty ? nil : links.joined(separator: ", ")
    }

    /// A header HTTPTypes has no constant for (`clientId`, `Host`), by name in any case.
    static func header(_ name: String, in fields: HTTPFields) -> String? {
        fields.first { $0.name.canonicalName == name.lowercased() }?.value
    }

    static func field(_ name: String, _ value: String) -> HTTPFields.Element {
        HTTPFields.Element(name: HTTPFields.Element.Name(name)!, value: value)
    }

    /// The number, `value` when absent, nil when it is not a whole number of 1 or more.
    private static func positive(_ text: String?, default value: Int) -> Int? {
        guard let text, !text.isEmpty else { return value }
        guard let number = Int(text), number >= 1 else { return nil }
        return number
    }

    static func sorted(_ records: [[String: Any]], by keys: [(path: [String], descending: Bool)]) -> [[String: Any]] {
        records.enumerated().sorted { left, right in
            for key in keys {
                let order = compare(
                    ConnectWiseSandboxJSON.values(at: key.path, in: left.element).first ?? nil,
                    ConnectWiseSandboxJSON.values(at: key.path, in: right.element).first ?? nil)
                if order != .orderedSame { return (order == .orderedAscending) != key.descending }
            }
            return left.offset < right.offset
        }.map(\.element)
    }

    private static func compare(_ left: Any?, _ right: Any?) -> ComparisonResult {
        switch (left, right) {
        case (nil, nil): return .orderedSame
        case (nil, _): return .orderedAscending
        case (_, nil): return .orderedDescending
        case (let left as Bool, let right as Bool):
            return left == right ? .orderedSame : (left ? .orderedDescending : .orderedAscending)
        case (let left as Int, let right as Int):
            return left == right ? .orderedSame : (left < right ? .orderedAscending : .orderedDescending)
        case (let left as String, let right as String): return left.compare(right, options: [.caseInsensitive])
        default: return .orderedSame
        }
    }

    /// Only the named fields; `status/name` keeps `status` with just `name`.
    static func project(_ record: [String: Any], _ paths: [[String]]) -> [String: Any] {
        var result: [String: Any] = [:]
        let groups = Dictionary(grouping: paths.filter { !$0.isEmpty }) { $0[0].lowercased() }
        for (name, group) in groups {
            guard let key = record.keys.first(where: { $0.lowercased() == name }), let value = record[key] else {
                continue
            }
            if group.contains(where: { $0.count == 1 }) {
                result[key] = value
            } else if let nested = value as? [String: Any] {
                result[key] = project(nested, group.map { Array($0.dropFirst()) })
            }
        }
        return result
    }
}
