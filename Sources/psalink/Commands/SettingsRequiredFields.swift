import PSACore

/// The refusal of a change that leaves a field the PSA requires on new tickets with neither a
/// value nor a default of the PSA's own (DESIGN §6): one line that names each key, says how
/// to give it a value, and what was not done.
enum RequiredFieldRefusal {
    /// Nothing when every required field is met; else the failure to throw.
    static func check(_ settings: TicketSettings, resolver: TicketSettingsResolver, consequence: String)
        -> CommandFailure?
    {
        let problems = RequiredFieldCheck.problems(in: settings, resolver: resolver)
        guard let first = problems.first else { return nil }
        if problems.count == 1 {
            return CommandFailure(
                first.description(remedy: "set \(first.key) in the same command") + "; \(consequence)")
        }
        let keys = problems.map(\.key).joined(separator: ", ")
        return CommandFailure(
            problems.map(\.description).joined(separator: "; ") + "; set \(keys) in the same command; \(consequence)")
    }
}
