/// An Autotask user-defined ticket field (`Tickets/entityInformation/userDefinedFields`): a
/// picklist or free text, required or not, perhaps with a default. psalink sets it from the
/// ticket setting `udf.NAME`.
public struct UserField: Sendable, Equatable {
    /// As Autotask spells it; a ticket carries it as `{"name", "value"}`.
    public var name: String
    /// What Autotask shows people; the name when it has none.
    public var label: String
    public var isRequired: Bool
    /// The picklist; nil for a text field.
    public var choices: [Choice]?
    /// The value a new ticket gets when none is given: the field's `defaultValue`, else its
    /// picklist's default.
    public var defaultValue: String?

    public init(
        name: String, label: String? = nil, isRequired: Bool = false, choices: [Choice]? = nil,
        defaultValue: String? = nil
    ) {
        self.name = name
        self.label = label ?? name
        self.isRequired = isRequired
        self.choices = choices
        self.defaultValue = defaultValue
    }

    /// The setting key: `udf.NAME`.
    public var settingKey: String { TicketSettings.userFieldKey(name) }
}
