/// Loads the PSA's choices in the order their dependencies need and applies settings to them:
/// first the lists that depend on nothing, then, once the board (ConnectWise) or ticket type
/// (HaloPSA) is known to exist, the lists that belong to it.
public struct TicketSettingsEditor: Sendable {
    public typealias ChoiceLoader = @Sendable (ChoiceContext) async throws(ConnectorError) -> TicketChoices

    public let system: PSASystem
    private let loadChoices: ChoiceLoader

    public init(system: PSASystem, loadChoices: @escaping ChoiceLoader) {
        self.system = system
        self.loadChoices = loadChoices
    }

    public init(connector: any PSAConnector) {
        self.init(system: connector.system) { context throws(ConnectorError) in
            try await connector.ticketChoices(for: context)
        }
    }

    /// A resolver over the choices that `settings` select. A stored board or ticket type that
    /// the PSA no longer has is not followed, so its dependent values show as missing.
    public func resolver(for settings: TicketSettings) async throws(TicketSettingsError) -> TicketSettingsResolver {
        try await dependentResolver(for: settings, base: try await baseResolver())
    }

    /// `settings` with `assignments` applied (all or none), and the resolver that checked them,
    /// which also reviews the result.
    public func applying(
        _ assignments: [TicketSettingAssignment], userFields: [UserFieldAssignment] = [], to settings: TicketSettings
    ) async throws(TicketSettingsError) -> (settings: TicketSettings, resolver: TicketSettingsResolver) {
        try TicketSettingAssignment.checkKeys(assignments, for: system)
        if system != .autotask, let first = userFields.first { throw .userFieldsNotForSystem(name: first.name, system) }
        let base = try await baseResolver()
        var selected = settings
        if let parent = TicketSettingKey.parent(of: system),
            let assignment = assignments.first(where: { $0.key == parent })
        {
            selected[parent] = try assignment.value.map { value throws(TicketSettingsError) in
                try base.resolve(parent, value)
            }
        }
        let resolver = try await dependentResolver(for: selected, base: base)
        let updated = try resolver.applying(userFields, to: try resolver.applying(assignments, to: settings))
        return (updated, resolver)
    }

    private func baseResolver() async throws(TicketSettingsError) -> TicketSettingsResolver {
        TicketSettingsResolver(system: system, choices: try await load(ChoiceContext()))
    }

    private func dependentResolver(for settings: TicketSettings, base: TicketSettingsResolver)
        async throws(TicketSettingsError) -> TicketSettingsResolver
    {
        guard let parent = TicketSettingKey.parent(of: system), let parentID = settings[parent],
            base.choice(for: parent, id: parentID) != nil
        else { return base }
        let context = settings.choiceContext(for: system)
        return TicketSettingsResolver(system: system, choices: try await load(context), context: context)
    }

    private func load(_ context: ChoiceContext) async throws(TicketSettingsError) -> TicketChoices {
        do {
            return try await loadChoices(context)
        } catch {
            throw .choicesUnavailable(error)
        }
    }
}
