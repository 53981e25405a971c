/// An integration's ticket settings: the stored value of each key (a PSA id, or the duration
/// of `reopen-window`).
public struct TicketSettings: Sendable, Equatable {
    public var values: [TicketSettingKey: String]
    /// Autotask user-defined fields: the field's name, as Autotask spells it, → its value (a
    /// picklist value, or text). Stored as `udf.NAME` rows.
    public var userFields: [String: String]
    /// The integration settings that a queue may set over its integration's (`storm`,
    /// `note-visibility`): a queue's own rows, or, in a routed event's settings, the effective
    /// values. Never sent to the PSA as ticket fields.
    public var integrationValues: [IntegrationSettingKey: String]
    /// Stored keys this build does not know (written by a newer psalink); kept so that saving
    /// does not erase them.
    public var unknownKeys: [String: String]

    /// How a user-defined field's key starts: `udf.Region`.
    public static let userFieldPrefix = "udf."

    public init(
        values: [TicketSettingKey: String] = [:], userFields: [String: String] = [:],
        integrationValues: [IntegrationSettingKey: String] = [:], unknownKeys: [String: String] = [:]
    ) {
        self.values = values
        self.userFields = userFields
        self.integrationValues = integrationValues
        self.unknownKeys = unknownKeys
    }

    /// From the store's key → value rows.
    public init(stored: [String: String]) {
        self.init()
        overlay(stored)
    }

    /// The store's key → value rows.
    public var stored: [String: String] {
        var rows = unknownKeys
        for (name, value) in userFields { rows[Self.userFieldKey(name)] = value }
        for (key, value) in integrationValues { rows[key.rawValue] = value }
        for (key, value) in values { rows[key.rawValue] = value }
        return rows
    }

    /// Sets the rows of `stored` over these settings: a queue's rows over its integration's.
    public mutating func overlay(_ stored: [String: String]) {
        for (key, value) in stored {
            if let known = TicketSettingKey(rawValue: key) {
                values[known] = value
            } else if let name = Self.userFieldName(key) {
                userFields[name] = value
            } else if let integrationKey = IntegrationSettingKey(rawValue: key), integrationKey.appliesToQueues {
                integrationValues[integrationKey] = value
            } else {
                unknownKeys[key] = value
            }
        }
    }

    /// `udf.NAME` for the user-defined field `name`.
    public static func userFieldKey(_ name: String) -> String { userFieldPrefix + name }

    /// The field's name when `key` is a user-defined field's key (the prefix in any case).
    public static func userFieldName(_ key: String) -> String? {
        guard key.count > userFieldPrefix.count, key.lowercased().hasPrefix(userFieldPrefix) else { return nil }
        return String(key.dropFirst(userFieldPrefix.count))
    }

    /// New tickets per customer before a storm's parent ticket takes the rest: nil when `off`,
    /// the standard limit when neither the queue nor the integration sets one (or the stored text
    /// is not a limit, which no checked save writes).
    public var stormLimit: StormLimit? {
        guard let text = integrationValues[.storm] else { return .standard }
        if text.lowercased() == StormLimit.offText { return nil }
        return StormLimit(parsing: text) ?? .standard
    }

    /// Who sees psalink's notes on the ticket; internal unless set.
    public var noteVisibility: NoteVisibility {
        integrationValues[.noteVisibility].flatMap { NoteVisibility(rawValue: $0.lowercased()) } ?? .internal
    }

    public subscript(key: TicketSettingKey) -> String? {
        get { values[key] }
        set { values[key] = newValue }
    }

    /// The context that the PSA's dependent lists follow: the chosen board (ConnectWise) or
    /// ticket type (HaloPSA).
    public func choiceContext(for system: PSASystem) -> ChoiceContext {
        switch TicketSettingKey.parent(of: system) {
        case .board?: return ChoiceContext(board: values[.board])
        case .ticketType?: return ChoiceContext(ticketType: values[.ticketType])
        default: return ChoiceContext()
        }
    }
}
