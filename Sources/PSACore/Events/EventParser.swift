import Foundation

/// Why an event was refused: the line it came on (NDJSON), the field, and what is wrong.
public struct EventRejection: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int?
    public var field: String?
    public var reason: String
    /// The refused event's id, when it has a usable one, so that the sender can tell which.
    public var eventID: String?

    public init(line: Int?, field: String?, reason: String, eventID: String? = nil) {
        self.line = line
        self.field = field
        self.reason = reason
        self.eventID = eventID
    }

    public var description: String {
        var text = line.map { "line \($0): " } ?? ""
        if let field { text += "\(field): " }
        return text + reason
    }
}

/// Reads events as `events send` (NDJSON, one event per line) and `serve` (one event or an
/// array) receive them. Each event stands or falls alone: a bad one is refused with its line
/// and field, and the others still go through. Fields this version does not know are
/// ignored, so that newer senders keep working; a known field with a wrong value is refused.
public enum EventParser {
    /// Limits that keep one event from flooding a PSA ticket or the database.
    public static let maximumIDLength = 200
    public static let maximumTitleLength = 1_000
    public static let maximumDetailsBytes = 64 * 1_024

    /// One result per non-blank line, numbered from 1.
    public static func parseLines(_ data: Data) -> [(line: Int, result: Result<NotificationEvent, EventRejection>)] {
        var results: [(line: Int, result: Result<NotificationEvent, EventRejection>)] = []
        var lineNumber = 0
        for var line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if lineNumber == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
            guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else { continue }
            results.append((lineNumber, parseObject(Data(line), line: lineNumber)))
        }
        return results
    }

    /// A request body: one event object or an array of them.
    public static func parseBody(_ data: Data) -> Result<[Result<NotificationEvent, EventRejection>], EventRejection> {
        guard let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            return .failure(EventRejection(line: nil, field: nil, reason: "the body is not valid JSON"))
        }
        if let items = json as? [Any] {
            return .success(items.enumerated().map { index, item in event(from: item, line: nil, position: index) })
        }
        return .success([event(from: json, line: nil, position: nil)])
    }

    static func parseObject(_ data: Data, line: Int) -> Result<NotificationEvent, EventRejection> {
        guard let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            return .failure(EventRejection(line: line, field: nil, reason: "not valid JSON"))
        }
        return event(from: json, line: line, position: nil)
    }

    /// An event from decoded JSON; `position` names an item of an array body in messages.
    static func event(from json: Any, line: Int?, position: Int?) -> Result<NotificationEvent, EventRejection> {
        let prefix = position.map { "[\($0)]." } ?? ""
        let eventID = ((json as? [String: Any])?["id"] as? String).flatMap {
            $0.isEmpty || $0.count > maximumIDLength ? nil : $0
        }
        func reject(_ field: String?, _ reason: String) -> Result<NotificationEvent, EventRejection> {
            .failure(EventRejection(line: line, field: field.map { prefix + $0 }, reason: reason, eventID: eventID))
        }
        guard let object = json as? [String: Any] else { return reject(nil, "an event must be a JSON object") }
        let fields = Fields(object)
        guard case .some(let id) = fields.text("id"), !id.isEmpty else { return reject("id", fields.problem("id")) }
        guard id.count <= maximumIDLength else { return reject("id", "longer than \(maximumIDLength) characters") }
        guard let conditionObject = object["condition"] as? [String: Any] else {
            return reject("condition", object["condition"] == nil ? "missing" : "must be an object")
        }
        let condition = Fields(conditionObject)
        guard case .some(let conditionID) = condition.text("id"), !conditionID.isEmpty else {
            return reject("condition.id", condition.problem("id"))
        }
        guard case .some(let typeText) = condition.text("type") else {
            return reject("condition.type", condition.problem("type"))
        }
        guard let type = NotificationEvent.ConditionType(rawValue: typeText) else {
            return reject("condition.type", unknown(typeText, NotificationEvent.ConditionType.allCases.map(\.rawValue)))
        }
        guard case .some(let stateText) = fields.text("state") else { return reject("state", fields.problem("state")) }
        guard let state = NotificationEvent.State(rawValue: stateText) else {
            return reject("state", unknown(stateText, NotificationEvent.State.allCases.map(\.rawValue)))
        }
        var severity: NotificationEvent.Severity?
        if let value = object["severity"], !(value is NSNull) {
            guard let text = value as? String else { return reject("severity", "must be a string") }
            guard let known = NotificationEvent.Severity(rawValue: text) else {
                return reject("severity", unknown(text, NotificationEvent.Severity.allCases.map(\.rawValue)))
            }
            severity = known
        }
        guard case .some(let title) = fields.text("title"), !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            return reject("title", fields.problem("title"))
        }
        guard title.count <= maximumTitleLength else {
            return reject("title", "longer than \(maximumTitleLength) characters")
        }
        var optional: [String: String] = [:]
        for key in ["account", "target", "details", "queue", "occurredAt"] {
            switch fields.text(key) {
            case .some(let text): optional[key] = text
            case .none where object[key] != nil && !(object[key] is NSNull): return reject(key, "must be a string")
            case .none: break
            }
        }
        if let conditionName = conditionObject["name"], !(conditionName is String || conditionName is NSNull) {
            return reject("condition.name", "must be a string")
        }
        let details = optional["details"] ?? ""
        guard details.utf8.count <= maximumDetailsBytes else {
            return reject("details", "larger than \(maximumDetailsBytes / 1_024) KB")
        }
        var occurredAt: Date?
        if let text = optional["occurredAt"] {
            guard let date = parseDate(text) else {
                return reject(
                    "occurredAt", "\(String(reflecting: text)) is not an ISO 8601 time such as 2026-11-29T10:00:00Z")
            }
            occurredAt = date
        }
        let account = optional["account"].flatMap { $0.isEmpty ? nil : $0 }
        let queue = optional["queue"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        return .success(
            NotificationEvent(
                id: id, accountID: account,
                condition: .init(id: conditionID, type: type, name: conditionObject["name"] as? String),
                severity: severity,
                state: state, target: optional["target"] ?? "", title: title, details: details, occurredAt: occurredAt,
                queue: queue))
    }

    private static func unknown(_ value: String, _ known: [String]) -> String {
        "\(String(reflecting: value)) is not one of \(known.joined(separator: ", "))"
    }

    private static func parseDate(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    /// Reads text fields and says why one is unusable.
    private struct Fields {
        let object: [String: Any]

        init(_ object: [String: Any]) { self.object = object }

        func text(_ key: String) -> String? { object[key] as? String }

        func problem(_ key: String) -> String {
            switch object[key] {
            case nil, is NSNull: return "missing"
            case let text as String where text.trimmingCharacters(in: .whitespaces).isEmpty: return "is empty"
            default: return "must be a string"
            }
        }
    }
}
