import Foundation

/// Halo's JSON as it arrives: ids that are numbers in one version and strings in another,
/// fields that come and go, lists bare or under a key. Read with subscripts and lenient
/// accessors rather than strict Codable types; also used to build request bodies.
///
/// Parsed with JSONSerialization: a Decodable enum has to try each type in turn, and every
/// failed try throws. (Client pages, the one bulk list, are decoded straight into a struct.)
enum HaloJSON: Sendable, Equatable, Encodable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([HaloJSON])
    case object([String: HaloJSON])

    /// The JSON in `data`, or nil when it is not JSON.
    static func parse(_ data: Data) -> HaloJSON? {
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            return nil
        }
        return HaloJSON(object)
    }

    /// A response's body, or why it is not what Halo answers (an HTML login page, broken JSON).
    static func decode(_ response: HTTPResponse) throws(ConnectorError) -> HaloJSON {
        guard let json = parse(response.body) else {
            let reason = DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not JSON"))
            throw .unexpectedResponse(ConnectorTransport.describeUnexpected(response, error: reason))
        }
        return json
    }

    private init(_ value: Any) {
        switch value {
        case let text as String:
            self = .string(text)
        case let number as NSNumber:
            // JSON booleans arrive as NSNumbers of type char ("c"), fractions as double ("d").
            switch UInt8(bitPattern: number.objCType.pointee) {
            case UInt8(ascii: "c"), UInt8(ascii: "B"): self = .bool(number.boolValue)
            case UInt8(ascii: "d"), UInt8(ascii: "f"): self = .double(number.doubleValue)
            default: self = .int(number.intValue)
            }
        case let items as [Any]:
            self = .array(items.map(HaloJSON.init))
        case let fields as [String: Any]:
            self = .object(fields.mapValues(HaloJSON.init))
        default:
            self = .null
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    subscript(key: String) -> HaloJSON? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    var array: [HaloJSON]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// Text, or nil for anything else (including the empty string).
    var string: String? {
        if case .string(let text) = self, !text.isEmpty { return text }
        return nil
    }

    /// A whole number, also when sent as text ("12") or as 12.0.
    var int: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value) where value == value.rounded() && abs(value) < 1e15: return Int(value)
        case .string(let text): return Int(text.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    /// true/false, also as 1/0 or "true"/"false".
    var bool: Bool? {
        switch self {
        case .bool(let value): return value
        case .int(let value): return value != 0
        case .string(let text):
            switch text.lowercased() {
            case "true", "1": return true
            case "false", "0": return false
            default: return nil
            }
        default: return nil
        }
    }

    /// An id as psalink keeps it: a number's digits, or non-empty text.
    var idText: String? {
        if let number = int { return String(number) }
        return string
    }

    /// Compact JSON for a request body.
    var encoded: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data("null".utf8)
    }
}

/// The message in a failed Halo response. Halo answers errors in several shapes
/// (`{"resultCode","errorMessage"}`, `{"ClassName","Message"}`, `{"Message"}`, OAuth's
/// `{"error","error_description"}`) or as plain text; the first non-empty one wins.
enum HaloErrorText {
    static func describe(_ response: HTTPResponse) -> VendorErrorText {
        VendorErrorText(message: message(in: response))
    }

    static func message(in response: HTTPResponse) -> String {
        if let json = HaloJSON.parse(response.body), let text = message(in: json) {
            return text
        }
        let text = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("<") { return "an HTML page instead of an error message" }
        return text.count > 300 ? String(text.prefix(300)) + "..." : text
    }

    static func message(in json: HaloJSON) -> String? {
        switch json {
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        case .array(let items):
            return items.lazy.compactMap { message(in: $0) }.first
        case .object:
            for key in ["errorMessage", "Message", "message"] {
                if let text = json[key].flatMap(message(in:)) { return text }
            }
            let description = json["error_description"].flatMap(message(in:))
            if let error = json["error"].flatMap(message(in:)) {
                return description.map { "\(error): \($0)" } ?? error
            }
            return description
        default:
            return nil
        }
    }
}
