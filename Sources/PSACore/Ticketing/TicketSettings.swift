/// An integration's ticket settings: the stored value of each key (a PSA id, or the duration
/// of `reopen-window`).
public struct TicketSettings: Sendable, Equatable {
    public var values: [TicketSettingKey: String]
    /// Stored keys this build does not know (written by a newer psalink); kept so that saving
    /// does not erase them.
    public var unknownKeys: [String: String]

    public init(values: [TicketSettingKey: String] = [:], unknownKeys: [String: String] = [:]) {
        self.values = values
        self.unknownKeys = unknownKeys
    }

    /// From the store's key → value rows.
    public init(stored: [String: String]) {
        self.init()
        for (key, value) in stored {
            if let known = TicketSettingKey(rawValue: key) {
                values[known] = value
            } else {
                unknownKeys[key] = value
            }
        }
    }

    /// The store's key → value rows.
    public var stored: [String: String] {
        var rows = unknownKeys
        for (key, value) in values { rows[key.rawValue] = value }
        return rows
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
