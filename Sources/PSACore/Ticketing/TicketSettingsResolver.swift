/// Turns what an admin typed into stored ids and checks stored settings, against the choices
/// the PSA offered. Pure: loading the choices is `TicketSettingsEditor`'s work.
public struct TicketSettingsResolver: Sendable {
    /// How many valid names an unknown value's message lists.
    public static let namesShown = 10

    public let system: PSASystem
    public let choices: TicketChoices
    /// What `choices` were loaded for: their dependent lists belong to this board or ticket type.
    public let context: ChoiceContext

    public init(system: PSASystem, choices: TicketChoices, context: ChoiceContext = ChoiceContext()) {
        self.system = system
        self.choices = choices
        self.context = context
    }

    /// The stored value for `value`: a choice's id (matched by id, then by name regardless of
    /// case), or the canonical spelling of a reopen window. `settings` holds the choices this
    /// one's list is narrowed by (the issue type of a sub-issue type).
    public func resolve(_ key: TicketSettingKey, _ value: String, given settings: TicketSettings = TicketSettings())
        throws(TicketSettingsError) -> String
    {
        guard key.applies(to: system) else { throw .keyNotForSystem(key, system) }
        guard key.field != nil else { return try ReopenWindow(parsing: value).description }
        if let parent = key.parent(in: system), contextParentID == nil { throw .needsParent(key, parent: parent) }
        if let narrowing = key.narrowingKey, settings[narrowing] == nil { throw .needsParent(key, parent: narrowing) }
        let offered = offeredChoices(for: key, given: settings)
        let choice = try match(value, among: offered, for: key)
        guard choice.isActive else { throw .inactiveValue(key, name: choice.name) }
        switch key.requiresClosingStatus {
        case true? where !choice.isClosing:
            let closing = offered.filter { $0.isClosing && $0.isActive }.map(\.name)
            throw .closingStatusRequired(key, name: choice.name, closingNames: Array(closing.prefix(Self.namesShown)))
        case false? where choice.isClosing:
            throw .openStatusCloses(name: choice.name)
        default:
            return choice.id
        }
    }

    /// `settings` with every assignment resolved; nothing changes unless all of them resolve.
    public func applying(_ assignments: [TicketSettingAssignment], to settings: TicketSettings)
        throws(TicketSettingsError) -> TicketSettings
    {
        var updated = settings
        // A narrowed list follows its parent's new value, whatever order they were given in.
        let ordered =
            assignments.filter { $0.key.narrowingKey == nil } + assignments.filter { $0.key.narrowingKey != nil }
        for assignment in ordered {
            updated[assignment.key] = try assignment.value.map { value throws(TicketSettingsError) in
                try resolve(assignment.key, value, given: updated)
            }
        }
        return updated
    }

    /// The choices `key` may take: its field's list, narrowed to the sub-issue types of the
    /// issue type `settings` hold.
    public func offeredChoices(for key: TicketSettingKey, given settings: TicketSettings) -> [Choice] {
        guard let field = key.field else { return [] }
        guard let narrowing = key.narrowingKey else { return choices[field] }
        guard let parentID = settings[narrowing] else { return [] }
        return choices[field].filter { $0.parentID == parentID }
    }

    /// Every key of the system, in order, with its PSA name and status. A value whose list
    /// depends on a board or ticket type that is unset or gone cannot be found, so it is
    /// reported missing.
    public func review(_ settings: TicketSettings) -> [TicketSettingReview] {
        let unsatisfied = RequiredFieldCheck.problems(in: settings, resolver: self).compactMap {
            TicketSettingKey(rawValue: $0.key)
        }
        let required = Set(choices.required.flatMap { TicketSettingKey.keys(requiring: $0, in: system) })
            .union(unsatisfied)
        return TicketSettingKey.keys(for: system).map { key in
            guard let value = settings[key] else {
                return TicketSettingReview(
                    key: key, value: nil, name: nil, status: required.contains(key) ? .unsetRequired : .unset)
            }
            guard key.field != nil else {
                let window = try? ReopenWindow(parsing: value)
                return TicketSettingReview(key: key, value: value, name: window?.spelledOut, status: .ok)
            }
            guard let choice = choice(for: key, id: value, given: settings) else {
                return TicketSettingReview(key: key, value: value, name: nil, status: .missingInPSA)
            }
            return TicketSettingReview(key: key, value: value, name: choice.name, status: .ok)
        }
    }

    /// The offered choice stored as `id` for `key`, if the PSA still has it (under the issue
    /// type `settings` hold, for a sub-issue type).
    public func choice(for key: TicketSettingKey, id: String, given settings: TicketSettings? = nil) -> Choice? {
        guard let field = key.field else { return nil }
        if key.parent(in: system) != nil, contextParentID == nil { return nil }
        let offered = settings.map { offeredChoices(for: key, given: $0) } ?? choices[field]
        return offered.first { $0.id == id }
    }

    private var contextParentID: String? {
        switch TicketSettingKey.parent(of: system) {
        case .board?: return context.board
        case .ticketType?: return context.ticketType
        default: return nil
        }
    }

    /// An exact id wins; then a name regardless of case; then an id regardless of case (HaloPSA
    /// categories are text). Several choices with one name are ambiguous unless exactly one of
    /// them is active.
    private func match(_ value: String, among offered: [Choice], for key: TicketSettingKey)
        throws(TicketSettingsError) -> Choice
    {
        if let exact = offered.first(where: { $0.id == value }) { return exact }
        let folded = value.lowercased()
        var named: [Choice] = []
        for choice in offered where choice.name.lowercased() == folded && !named.contains(where: { $0.id == choice.id })
        {
            named.append(choice)
        }
        if named.count > 1 {
            let active = named.filter(\.isActive)
            guard active.count == 1 else { throw .ambiguousName(key, name: value, ids: named.map(\.id)) }
            return active[0]
        }
        if let single = named.first ?? offered.first(where: { $0.id.lowercased() == folded }) { return single }
        let names = offered.filter(\.isActive).map(\.name)
        throw .valueNotFound(
            key, value: value, validNames: Array(names.prefix(Self.namesShown)),
            more: max(0, names.count - Self.namesShown))
    }
}
