/// Why a ticket setting was refused. Every description is one line that starts with the key.
public enum TicketSettingsError: Error, Equatable, Sendable {
    /// An argument that is not `KEY=VALUE`.
    case malformedAssignment(String)
    case unknownKey(String)
    /// Neither a ticket setting nor an integration setting (where both are taken).
    case unknownSetting(String)
    case duplicateKey(TicketSettingKey)
    case duplicateIntegrationSetting(IntegrationSettingKey)
    /// A setting of the integration itself where only ticket settings are taken (a queue's).
    case integrationSetting(IntegrationSettingKey)
    case keyNotForSystem(TicketSettingKey, PSASystem)
    /// `validNames` holds at most `TicketSettingsResolver.namesShown` names; `more` counts the rest.
    case valueNotFound(TicketSettingKey, value: String, validNames: [String], more: Int)
    case ambiguousName(TicketSettingKey, name: String, ids: [String])
    case inactiveValue(TicketSettingKey, name: String)
    case needsParent(TicketSettingKey, parent: TicketSettingKey)
    case openStatusCloses(name: String)
    case closingStatusRequired(TicketSettingKey, name: String, closingNames: [String])
    case invalidReopenWindow(String)
    /// The PSA could not list its choices.
    case choicesUnavailable(ConnectorError)
    case duplicateUserField(String)
    /// `udf.NAME` where the PSA has no user-defined ticket fields (only Autotask has them).
    case userFieldsNotForSystem(name: String, PSASystem)
    /// `names` holds at most `TicketSettingsResolver.namesShown` names; `more` counts the rest.
    case unknownUserField(String, names: [String], more: Int)
    /// A picklist field given a value that is neither a value nor a label of its picklist.
    case userFieldValueNotFound(String, value: String, validNames: [String], more: Int)
    case inactiveUserFieldValue(String, name: String)

    /// A mistake in how the command was called rather than in what the PSA offers.
    public var isUsageError: Bool {
        switch self {
        case .malformedAssignment, .unknownKey, .unknownSetting, .duplicateKey, .duplicateIntegrationSetting,
            .integrationSetting, .duplicateUserField:
            return true
        default: return false
        }
    }
}

extension TicketSettingsError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .malformedAssignment(let argument):
            return "\(String(reflecting: argument)) is not KEY=VALUE"
        case .unknownKey(let key):
            return "\(String(reflecting: key)) is not a ticket setting; the keys are "
                + TicketSettingKey.allCases.map(\.rawValue).joined(separator: ", ")
                + ", and udf.NAME for an Autotask user-defined field"
        case .unknownSetting(let key):
            return "\(String(reflecting: key)) is not a setting; the ticket settings are "
                + TicketSettingKey.allCases.map(\.rawValue).joined(separator: ", ")
                + " and udf.NAME (Autotask); the integration settings are "
                + IntegrationSettingKey.allCases.map(\.rawValue).joined(separator: ", ")
        case .duplicateKey(let key):
            return "\(key.rawValue): given more than once"
        case .duplicateIntegrationSetting(let key):
            return "\(key.rawValue): given more than once"
        case .integrationSetting(let key):
            return "\(key.rawValue) is a setting of the integration, not of a ticket queue"
        case .keyNotForSystem(let key, let system):
            let owners = PSASystem.allCases.filter { key.applies(to: $0) }.map(\.displayName)
            return "\(key.rawValue): applies to \(owners.joined(separator: " and ")) only, not to \(system.displayName)"
        case .valueNotFound(let key, let value, let validNames, let more):
            guard !validNames.isEmpty else {
                return
                    "\(key.rawValue): \(String(reflecting: value)) does not exist, and the PSA offers no \(key.choiceNoun)"
            }
            let rest = more > 0 ? " and \(more) more" : ""
            return "\(key.rawValue): no \(key.choiceNoun) has the id or name \(String(reflecting: value)); "
                + "choose one of: \(validNames.joined(separator: ", "))\(rest)"
        case .ambiguousName(let key, let name, let ids):
            return "\(key.rawValue): several values are named \(String(reflecting: name)) (ids "
                + "\(ids.joined(separator: ", "))); give the id instead"
        case .inactiveValue(let key, let name):
            return "\(key.rawValue): \(String(reflecting: name)) is inactive in the PSA; choose an active one"
        case .needsParent(let key, let parent):
            return
                "\(key.rawValue): the \(key.choiceNoun) list depends on \(parent.rawValue); set \(parent.rawValue) first"
                + " (it may be given in the same command)"
        case .openStatusCloses(let name):
            return "open-status: \(String(reflecting: name)) closes the ticket; choose a status that keeps it open"
        case .closingStatusRequired(let key, let name, let closingNames):
            let hint = closingNames.isEmpty ? "" : " (closing statuses: \(closingNames.joined(separator: ", ")))"
            return "\(key.rawValue): \(String(reflecting: name)) does not close the ticket; choose a closing status"
                + hint
        case .invalidReopenWindow(let value):
            return "reopen-window: \(String(reflecting: value)) is not a duration; write a whole number followed by "
                + "m, h or d (e.g. 30m, 24h, 7d), at most \(ReopenWindow.maximumDays)d"
        case .choicesUnavailable(let error):
            return "cannot load the ticket settings' choices from the PSA: \(error.description)"
        case .duplicateUserField(let name):
            return "\(TicketSettings.userFieldKey(name)): given more than once"
        case .userFieldsNotForSystem(let name, let system):
            return "\(TicketSettings.userFieldKey(name)): user-defined fields are \(PSASystem.autotask.displayName) "
                + "only, not \(system.displayName)"
        case .unknownUserField(let name, let names, let more):
            guard !names.isEmpty else {
                return "\(TicketSettings.userFieldKey(name)): the PSA has no user-defined ticket fields"
            }
            let rest = more > 0 ? " and \(more) more" : ""
            return "\(TicketSettings.userFieldKey(name)): the PSA has no user-defined ticket field of that name; "
                + "its fields are: \(names.joined(separator: ", "))\(rest)"
        case .userFieldValueNotFound(let name, let value, let validNames, let more):
            let rest = more > 0 ? " and \(more) more" : ""
            return "\(TicketSettings.userFieldKey(name)): \(String(reflecting: value)) is not in the field's picklist; "
                + "choose one of: \(validNames.joined(separator: ", "))\(rest)"
        case .inactiveUserFieldValue(let name, let value):
            return "\(TicketSettings.userFieldKey(name)): \(String(reflecting: value)) is inactive in the PSA; "
                + "choose an active one"
        }
    }
}
