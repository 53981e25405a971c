/// Whether a configuration can create a ticket the PSA accepts (DESIGN §6): every field the
/// PSA reports as required on a new ticket has a value from a setting, or a default of the
/// PSA's own that psalink fills in when it creates the ticket. Pure: the resolver carries the
/// choices the PSA offered for these settings (a HaloPSA ticket type's own requirements come
/// with the lists loaded for that type).
///
/// ConnectWise's API reports no required ticket fields; its create requires `summary` and
/// `company` (psa-apis.md §1.3 (4)), which psalink always sends, so its check finds nothing.
public enum RequiredFieldCheck {
    /// Every required field left without a value or a default, in the order of `TicketField`,
    /// then the user-defined fields in the PSA's order.
    public static func problems(in settings: TicketSettings, resolver: TicketSettingsResolver)
        -> [RequiredFieldProblem]
    {
        let system = resolver.system
        let choices = resolver.choices
        var problems: [RequiredFieldProblem] = []
        for field in TicketField.allCases where choices.requiredByPSA.contains(field) {
            guard let key = TicketSettingKey.creating(field, in: system), settings[key] == nil else { continue }
            // Setting the issue type that already has a problem decides the sub-issue types.
            if let narrowing = key.narrowingKey, problems.contains(where: { $0.key == narrowing.rawValue }) { continue }
            let offered = offeredChoices(for: key, in: settings, choices: choices, resolver: resolver)
            guard choices.defaultChoice(for: field, among: offered) == nil else { continue }
            let names = offered.filter(\.isActive).map(\.name)
            problems.append(
                RequiredFieldProblem(
                    key: key.rawValue, fieldName: key.choiceNoun, system: system,
                    ticketType: system == .halo ? ticketTypeName(resolver) : nil,
                    offered: Array(names.prefix(RequiredFieldProblem.namesShown)),
                    more: max(0, names.count - RequiredFieldProblem.namesShown)))
        }
        for field in choices.userFields where field.isRequired {
            let value = settings.userFields[field.name] ?? userFieldValue(field.name, in: settings)
            guard (value ?? "").isEmpty, (field.defaultValue ?? "").isEmpty else { continue }
            let names = (field.choices ?? []).filter(\.isActive).map(\.name)
            problems.append(
                RequiredFieldProblem(
                    key: field.settingKey, fieldName: field.label, system: system, isUserField: true,
                    offered: Array(names.prefix(RequiredFieldProblem.namesShown)),
                    more: max(0, names.count - RequiredFieldProblem.namesShown)))
        }
        return problems
    }

    /// A sub-issue type unset with its issue type unset too follows the issue type psalink
    /// fills in from the PSA's default, as the connector does.
    private static func offeredChoices(
        for key: TicketSettingKey, in settings: TicketSettings, choices: TicketChoices,
        resolver: TicketSettingsResolver
    ) -> [Choice] {
        guard let narrowing = key.narrowingKey, settings[narrowing] == nil, let parentField = narrowing.field,
            choices.requiredByPSA.contains(parentField), let parent = choices.defaultChoice(for: parentField)
        else { return resolver.offeredChoices(for: key, given: settings) }
        var filled = settings
        filled[narrowing] = parent.id
        return resolver.offeredChoices(for: key, given: filled)
    }

    /// A stored name may differ in case from the PSA's, since the admin typed it.
    private static func userFieldValue(_ name: String, in settings: TicketSettings) -> String? {
        settings.userFields.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    private static func ticketTypeName(_ resolver: TicketSettingsResolver) -> String? {
        guard let id = resolver.context.ticketType else { return nil }
        return resolver.choices[.ticketType].first { $0.id == id }?.name ?? id
    }
}

/// A required field without a value or a default: the key that would give it one, and what
/// the PSA offers for it.
public struct RequiredFieldProblem: Sendable, Equatable, CustomStringConvertible {
    /// How many of the PSA's names the message lists.
    public static let namesShown = 5

    /// The setting key: `urgency`, `open-status`, `udf.Region`.
    public var key: String
    /// The field as people call it: "urgency", "issue type", a user-defined field's label.
    public var fieldName: String
    public var system: PSASystem
    /// HaloPSA: the ticket type whose requirement it is.
    public var ticketType: String?
    public var isUserField: Bool
    /// At most `namesShown` active names; `more` counts the rest.
    public var offered: [String]
    public var more: Int

    public init(
        key: String, fieldName: String, system: PSASystem, ticketType: String? = nil, isUserField: Bool = false,
        offered: [String] = [], more: Int = 0
    ) {
        self.key = key
        self.fieldName = fieldName
        self.system = system
        self.ticketType = ticketType
        self.isUserField = isUserField
        self.offered = offered
        self.more = more
    }

    /// `urgency: ticket type "Incident" in HaloPSA requires an urgency and has no default`, with
    /// `remedy` ("set urgency in the same command") and the offered names after it.
    public func description(remedy: String?) -> String {
        let subject =
            ticketType.map { "ticket type \(String(reflecting: $0)) in \(system.displayName)" } ?? system.displayName
        let what =
            isUserField
            ? "the user-defined field \(String(reflecting: fieldName))"
            : "\(Self.article(fieldName)) \(fieldName)"
        var text = "\(key): \(subject) requires \(what) on new tickets and has no default"
        if let remedy { text += "; \(remedy)" }
        if !offered.isEmpty {
            text += " (offered: \(offered.joined(separator: ", "))\(more > 0 ? " and \(more) more" : ""))"
        }
        return text
    }

    public var description: String { description(remedy: nil) }

    private static func article(_ noun: String) -> String {
        guard let first = noun.lowercased().first else { return "a" }
        return "aeiou".contains(first) ? "an" : "a"
    }
}
