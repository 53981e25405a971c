import Foundation

extension NotificationEvent {
    /// The event in the shape of DESIGN §4, as it is stored; `EventParser` reads it back.
    public var json: Data {
        var condition: [String: Any] = ["id": self.condition.id, "type": self.condition.type.rawValue]
        if let name = self.condition.name { condition["name"] = name }
        var object: [String: Any] = [
            "id": id, "condition": condition, "state": state.rawValue, "target": target, "title": title,
            "details": details,
        ]
        if let accountID { object["account"] = accountID }
        if let severity { object["severity"] = severity.rawValue }
        if let queue { object["queue"] = queue }
        if let occurredAt {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            object["occurredAt"] = formatter.string(from: occurredAt)
        }
        // Only strings and dictionaries of strings: serialization cannot fail.
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }

    /// An event stored by `json`.
    public init?(json: Data) {
        guard case .success(let event) = EventParser.parseObject(json, line: 0) else { return nil }
        self = event
    }
}
