import Foundation

/// A parsed Autotask query (`QueryModel`: `filter`, `IncludeFields`, `MaxRecords`), from a
/// POST body or a GET `?search=` parameter. Names are matched case-insensitively.
struct AutotaskSandboxQuery {
    var filter: AutotaskSandboxFilter
    var includeFields: [String]?
    var maxRecords: Int
    /// The query as JSON text, carried in next-page links.
    var searchText: String

    enum Problem: Error {
        case invalid(String)
    }

    static func parse(_ object: Any?, knownFields: Set<String>) throws(Problem) -> AutotaskSandboxQuery {
        guard let root = object as? [String: Any] else {
            throw .invalid("The query body is missing or is not a JSON object.")
        }
        let lowered = Dictionary(root.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        var maxRecords = 500
        if let value = lowered["maxrecords"], !(value is NSNull) {
            guard let number = (value as? NSNumber)?.intValue, (1...500).contains(number) else {
                throw .invalid("MaxRecords must be between 1 and 500.")
            }
            maxRecords = number
        }
        guard let items = lowered["filter"] as? [Any], !items.isEmpty else {
            throw .invalid("A filter is required: add at least one filter expression to the query.")
        }
        let filter = AutotaskSandboxFilter.and(
            try items.map { item throws(Problem) in try parseFilter(item, knownFields) })
        let include = (lowered["includefields"] as? [Any])?.compactMap { ($0 as? String)?.lowercased() }
        let data = JSONWriter.data(root)
        return AutotaskSandboxQuery(
            filter: filter, includeFields: include?.isEmpty == false ? include : nil, maxRecords: maxRecords,
            searchText: String(decoding: data, as: UTF8.self))
    }

    private static func parseFilter(_ item: Any, _ knownFields: Set<String>) throws(Problem) -> AutotaskSandboxFilter {
        guard let object = item as? [String: Any] else { throw .invalid("A filter expression must be a JSON object.") }
        let lowered = Dictionary(
            object.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        guard let op = (lowered["op"] as? String)?.lowercased() else {
            throw .invalid("A filter expression is missing its op.")
        }
        if op == "and" || op == "or" {
            let children = try ((lowered["items"] as? [Any]) ?? []).map { child throws(Problem) in
                try parseFilter(child, knownFields)
            }
            guard !children.isEmpty else { throw .invalid("The \(op) expression has no items.") }
            return op == "and" ? .and(children) : .or(children)
        }
        guard let field = (lowered["field"] as? String)?.lowercased(), !field.isEmpty else {
            throw .invalid("The \(op) expression is missing its field.")
        }
        guard knownFields.contains(field) else {
            throw .invalid("Unable to find \(lowered["field"] ?? field) in the entity's fields.")
        }
        guard let comparison = AutotaskSandboxFilter.Comparison(rawValue: op) else {
            throw .invalid("The filter operator \(op) is not supported.")
        }
        let raw = lowered["value"]
        let values = (raw as? [Any] ?? [raw as Any]).map(AutotaskSandboxFilter.Scalar.init)
        return .compare(comparison, field: field, values: values)
    }
}

/// Filter expressions with the documented operators (AT4 `query.go`, AT7).
indirect enum AutotaskSandboxFilter {
    case and([AutotaskSandboxFilter])
    case or([AutotaskSandboxFilter])
    case compare(Comparison, field: String, values: [Scalar])

    enum Comparison: String {
        case eq, noteq, gt, gte, lt, lte, contains, exist, notexist, `in`, notin
        case beginsWith = "beginswith"
        case endsWith = "endswith"
    }

    /// Booleans compare as 1 and 0 and strings case-insensitively, as SQL Server does.
    enum Scalar: Equatable {
        case number(Double)
        case text(String)
        case none

        init(_ any: Any) {
            switch any {
            case let text as String: self = .text(text.lowercased())
            case let flag as Bool: self = .number(flag ? 1 : 0)
            case let number as Double: self = .number(number)
            case let number as Int: self = .number(Double(number))
            default: self = .none
            }
        }

        init(_ value: AutotaskSandboxValue) {
            switch value {
            case .int(let number): self = .number(Double(number))
            case .bool(let flag): self = .number(flag ? 1 : 0)
            case .string(let text): self = text.isEmpty ? .none : .text(text.lowercased())
            case .null: self = .none
            }
        }

        func order(_ other: Scalar) -> Int? {
            switch (self, other) {
            case (.number(let left), .number(let right)): return left < right ? -1 : (left > right ? 1 : 0)
            case (.text(let left), .text(let right)): return left < right ? -1 : (left > right ? 1 : 0)
            case (.text(let left), .number(let right)):
                return Double(left).map { $0 < right ? -1 : ($0 > right ? 1 : 0) }
            case (.number, .text): return other.order(self).map { -$0 }
            default: return nil
            }
        }
    }

    func matches(_ lookup: (String) -> Scalar) -> Bool {
        switch self {
        case .and(let items): return items.allSatisfy { $0.matches(lookup) }
        case .or(let items): return items.contains { $0.matches(lookup) }
        case .compare(let comparison, let field, let values):
            let actual = lookup(field)
            let expected = values.first ?? .none
            switch comparison {
            case .exist: return actual != .none
            case .notexist: return actual == .none
            case .eq: return actual.order(expected) == 0
            case .noteq: return actual.order(expected) != 0
            case .gt: return (actual.order(expected) ?? 0) > 0
            case .gte: return (actual.order(expected) ?? -1) >= 0
            case .lt: return (actual.order(expected) ?? 0) < 0
            case .lte: return (actual.order(expected) ?? 1) <= 0
            case .in: return values.contains { actual.order($0) == 0 }
            case .notin: return !values.contains { actual.order($0) == 0 }
            case .contains, .beginsWith, .endsWith:
                guard case .text(let text) = actual, case .text(let part) = expected else { return false }
                if comparison == .contains { return text.contains(part) }
                return comparison == .beginsWith ? text.hasPrefix(part) : text.hasSuffix(part)
            }
        }
    }
}
