import Foundation

/// One `KEY=VALUE` argument of `settings set` or `queue add`. An empty value clears the key.
public struct TicketSettingAssignment: Sendable, Equatable {
    public var key: TicketSettingKey
    /// The PSA id or name as typed, trimmed; nil clears the setting.
    public var value: String?

    public init(key: TicketSettingKey, value: String?) {
        self.key = key
        self.value = value
    }

    /// Splits at the first `=`, so that values may contain `=`. Keys are case-insensitive. A key
    /// of the integration itself (`rate-limit`) is refused as such: `SettingAssignments` takes it.
    public init(parsing argument: String) throws(TicketSettingsError) {
        guard let separator = argument.firstIndex(of: "=") else { throw .malformedAssignment(argument) }
        let keyText = argument[..<separator].trimmingCharacters(in: .whitespaces)
        guard !keyText.isEmpty else { throw .malformedAssignment(argument) }
        guard let key = TicketSettingKey(rawValue: keyText.lowercased()) else {
            if let integrationKey = IntegrationSettingKey(rawValue: keyText.lowercased()) {
                throw .integrationSetting(integrationKey)
            }
            throw .unknownKey(keyText)
        }
        let value = argument[argument.index(after: separator)...].trimmingCharacters(in: .whitespaces)
        self.init(key: key, value: value.isEmpty ? nil : value)
    }

    /// Every argument parsed, each key at most once.
    public static func parseAll(_ arguments: [String]) throws(TicketSettingsError) -> [TicketSettingAssignment] {
        var assignments: [TicketSettingAssignment] = []
        for argument in arguments {
            let assignment = try TicketSettingAssignment(parsing: argument)
            guard !assignments.contains(where: { $0.key == assignment.key }) else {
                throw .duplicateKey(assignment.key)
            }
            assignments.append(assignment)
        }
        return assignments
    }

    /// Refuses the first key that `system`'s tickets do not have.
    public static func checkKeys(_ assignments: [TicketSettingAssignment], for system: PSASystem)
        throws(TicketSettingsError)
    {
        if let foreign = assignments.first(where: { !$0.key.applies(to: system) }) {
            throw .keyNotForSystem(foreign.key, system)
        }
    }
}
