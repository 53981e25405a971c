/// The `KEY=VALUE` arguments of a command that sets both kinds of setting (`settings set`):
/// ticket settings, resolved against the PSA, and integration settings, saved without it.
///
/// Parsing checks only the keys (a wrong key is a wrong usage); the integration settings'
/// values are checked by `integrationAssignments()`, as a wrong value is a mistake to fix.
public struct SettingAssignments: Sendable, Equatable {
    /// An integration setting as typed, trimmed, its value not checked yet; nil resets it.
    public struct Unchecked: Sendable, Equatable {
        public var key: IntegrationSettingKey
        public var value: String?

        public init(key: IntegrationSettingKey, value: String?) {
            self.key = key
            self.value = value
        }
    }

    public var ticket: [TicketSettingAssignment]
    /// `udf.NAME=VALUE`: Autotask user-defined fields, resolved against the PSA like `ticket`.
    public var userFields: [UserFieldAssignment]
    public var integration: [Unchecked]

    public init(
        ticket: [TicketSettingAssignment] = [], userFields: [UserFieldAssignment] = [], integration: [Unchecked] = []
    ) {
        self.ticket = ticket
        self.userFields = userFields
        self.integration = integration
    }

    /// Whether any argument needs the PSA: a ticket setting or a user-defined field.
    public var asksThePSA: Bool { !ticket.isEmpty || !userFields.isEmpty }

    /// Every argument parsed, each key at most once.
    public static func parseAll(_ arguments: [String]) throws(TicketSettingsError) -> SettingAssignments {
        var parsed = SettingAssignments()
        for argument in arguments {
            if let userField = UserFieldAssignment(parsing: argument) {
                guard !parsed.userFields.contains(where: { $0.name.lowercased() == userField.name.lowercased() })
                else { throw .duplicateUserField(userField.name) }
                parsed.userFields.append(userField)
                continue
            }
            let assignment: TicketSettingAssignment
            do throws(TicketSettingsError) {
                assignment = try TicketSettingAssignment(parsing: argument)
            } catch .integrationSetting(let key) {
                guard !parsed.integration.contains(where: { $0.key == key }) else {
                    throw .duplicateIntegrationSetting(key)
                }
                let value = argument.drop { $0 != "=" }.dropFirst().trimmingCharacters(in: .whitespaces)
                parsed.integration.append(Unchecked(key: key, value: value.isEmpty ? nil : value))
                continue
            } catch .unknownKey(let key) {
                throw .unknownSetting(key)
            }
            guard !parsed.ticket.contains(where: { $0.key == assignment.key }) else {
                throw .duplicateKey(assignment.key)
            }
            parsed.ticket.append(assignment)
        }
        return parsed
    }

    /// The integration settings with their values checked: the first bad one is refused.
    public func integrationAssignments() throws(IntegrationSettingError) -> [IntegrationSettingAssignment] {
        var assignments: [IntegrationSettingAssignment] = []
        for unchecked in integration {
            assignments.append(try IntegrationSettingAssignment(key: unchecked.key, value: unchecked.value))
        }
        return assignments
    }
}
