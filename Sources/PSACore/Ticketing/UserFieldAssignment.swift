/// One `udf.NAME=VALUE` argument: an Autotask user-defined field, by its name as Autotask
/// spells it (in any case). An empty value clears it.
public struct UserFieldAssignment: Sendable, Equatable {
    public var name: String
    /// The picklist value or label, or the text, as typed and trimmed; nil clears the field.
    public var value: String?

    public init(name: String, value: String?) {
        self.name = name
        self.value = value
    }

    /// The assignment when `argument` is `udf.NAME=VALUE`; nil for any other argument.
    public init?(parsing argument: String) {
        guard let separator = argument.firstIndex(of: "=") else { return nil }
        let key = argument[..<separator].trimmingCharacters(in: .whitespaces)
        guard let name = TicketSettings.userFieldName(key) else { return nil }
        let value = argument[argument.index(after: separator)...].trimmingCharacters(in: .whitespaces)
        self.init(name: name.trimmingCharacters(in: .whitespaces), value: value.isEmpty ? nil : value)
    }

    /// The key as given: `udf.Region`.
    public var key: String { TicketSettings.userFieldKey(name) }
}

/// A user-defined field as `settings show` reports it: the stored value, the picklist's label
/// for it, and whether it still holds.
public struct UserFieldReview: Sendable, Equatable {
    /// As Autotask spells it (as stored when Autotask no longer has the field).
    public var name: String
    public var value: String?
    /// The picklist label of the value, or the text itself; nil when unknown.
    public var label: String?
    public var status: TicketSettingReview.Status

    public init(name: String, value: String?, label: String?, status: TicketSettingReview.Status) {
        self.name = name
        self.value = value
        self.label = label
        self.status = status
    }

    public var key: String { TicketSettings.userFieldKey(name) }
}
