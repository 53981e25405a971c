import Foundation

/// The JSON Autotask sends. The live API speaks camelCase while the published swagger copy
/// (AT1) spells the same names in PascalCase, so keys are read with their first letter
/// lowered and both spellings decode alike.
enum AutotaskWire {
    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in
            let key = path.last?.stringValue ?? ""
            return LoweredKey(key.prefix(1).lowercased() + key.dropFirst())
        }
        return decoder
    }

    struct LoweredKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ text: String) { stringValue = text }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// An id or picklist value: picklist values are strings in the spec, entity ids are
    /// integers, and clients have seen both forms for each.
    struct Value: Decodable, Hashable, Sendable {
        let text: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int64.self) {
                text = String(number)
            } else if let number = try? container.decode(Double.self) {
                text = number == number.rounded() ? String(Int64(number)) : String(number)
            } else if let flag = try? container.decode(Bool.self) {
                text = flag ? "true" : "false"
            } else {
                text = try container.decode(String.self)
            }
        }
    }

    struct ZoneInformation: Decodable {
        var url: String?
        var errors: [ErrorItem]?
    }

    /// `GET ThresholdInformation` (AT1; camelCase as AT4 parses it, PascalCase in AT1's model).
    struct ThresholdInformation: Decodable {
        var externalRequestThreshold: Int?
        var requestThresholdTimeframe: Int?
        var currentTimeframeRequestCount: Int?
    }

    struct PageDetails: Decodable {
        var count: Int?
        var nextPageUrl: String?
    }

    struct QueryResult<Item: Decodable>: Decodable {
        var items: [Item]
        var pageDetails: PageDetails?
    }

    struct Company: Decodable {
        var id: Value
        var companyName: String?
        var companyType: Value?
        var isActive: Bool?
        var webAddress: String?
    }

    struct Ticket: Decodable {
        var id: Value
        var ticketNumber: String?
        var title: String?
        var companyID: Value?
        var status: Value?
        var priority: Value?
        var externalID: String?
        var completedDate: String?
    }

    struct ItemResult<Item: Decodable>: Decodable {
        var item: Item?
    }

    struct OperationResult: Decodable {
        var itemId: Value
    }

    struct FieldsResult: Decodable {
        var fields: [Field]
    }

    struct Field: Decodable {
        var name: String
        var isRequired: Bool?
        var isPickList: Bool?
        var picklistValues: [PicklistValue]?
        /// User-defined fields only (`Tickets/entityInformation/userDefinedFields`).
        var label: String?
        var defaultValue: Value?
        var isActive: Bool?
    }

    struct PicklistValue: Decodable {
        var value: Value
        var label: String?
        var isDefaultValue: Bool?
        var sortOrder: Int?
        var parentValue: Value?
        var isActive: Bool?
        var isSystem: Bool?
    }

    /// `{"errors": [...]}` holds strings; some clients (AT4) also meet `{"message","field"}` objects.
    struct ErrorBody: Decodable {
        var errors: [ErrorItem]?
        var message: String?
    }

    struct ErrorItem: Decodable {
        var message: String
        var field: String?

        init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                message = text
                field = nil
                return
            }
            let container = try decoder.container(keyedBy: LoweredKey.self)
            message = try container.decodeIfPresent(String.self, forKey: LoweredKey("message")) ?? ""
            field = try container.decodeIfPresent(String.self, forKey: LoweredKey("field"))
        }
    }
}
