/// Checks the ticket settings of a configuration document against the PSAs they are for, as
/// `settings set` and `queue add` would: every value must be one the PSA offers, and every
/// field the PSA requires on a new ticket must have a value or a PSA default, for the
/// integration and for each queue (its settings over the integration's). Runs before the
/// import, which is all or nothing.
///
/// A PSA that does not answer (a transient failure, or its rate budget holding requests back)
/// does not stop the import: that integration's settings are taken as they are and marked
/// for review, with the reason.
public struct ConfigurationPSACheck: Sendable {
    public typealias Connectors = @Sendable (Credentials) -> any PSAConnector

    public struct Outcome: Sendable {
        public var problems: [ConfigurationProblem] = []
        /// Integration name → why its PSA could not check its settings.
        public var reviews: [String: String] = [:]
        /// The document with each checked value as the PSA's id (a name becomes the id).
        public var document: ConfigurationDocument
    }

    let connectors: Connectors

    public init(connectors: @escaping Connectors) {
        self.connectors = connectors
    }

    /// `credentials` holds, in document order, what each integration will sign in with; an
    /// integration without usable credentials is not asked (the document's own check says why).
    public func check(_ document: ConfigurationDocument, credentials: [Credentials?]) async -> Outcome {
        var outcome = Outcome(document: document)
        for (index, entry) in document.integrations.enumerated() {
            guard index < credentials.count, let credentials = credentials[index] else { continue }
            let name = entry.name.trimmingCharacters(in: .whitespacesAndNewlines)
            let label = "integration \(String(reflecting: name))"
            switch await check(entry, label: label, editor: Self.editor(for: connectors(credentials))) {
            case .checked(let checked):
                outcome.document.integrations[index] = checked
            case .refused(let problems):
                outcome.problems += problems
            case .unreachable(let reason):
                outcome.reviews[name] = reason
            }
        }
        return outcome
    }

    private enum EntryResult {
        case checked(ConfigurationDocument.IntegrationEntry)
        case refused([ConfigurationProblem])
        case unreachable(String)
    }

    private enum Step: Error {
        case refused(ConfigurationProblem)
        case unreachable(String)
    }

    private func check(_ entry: ConfigurationDocument.IntegrationEntry, label: String, editor: TicketSettingsEditor)
        async -> EntryResult
    {
        var checked = entry
        var problems: [ConfigurationProblem] = []
        do throws(Step) {
            let own = try await apply(entry.settings, over: TicketSettings(), label: label, editor: editor)
            problems += own.problems
            checked.settings = own.settings.stored
            for (index, queue) in entry.queues.enumerated() {
                let queueLabel =
                    "\(label), queue \(String(reflecting: queue.name.trimmingCharacters(in: .whitespaces)))"
                let result = try await apply(queue.settings, over: own.settings, label: queueLabel, editor: editor)
                problems += result.problems
                checked.queues[index].settings = Self.own(queue.settings, in: result.settings)
            }
        } catch {
            switch error {
            case .refused(let problem): return .refused(problems + [problem])
            case .unreachable(let reason): return .unreachable(reason)
            }
        }
        return problems.isEmpty ? .checked(checked) : .refused(problems)
    }

    /// The queue's own rows, as checked: its keys, with each user-defined field under the
    /// PSA's spelling of its name.
    private static func own(_ rows: [String: String], in settings: TicketSettings) -> [String: String] {
        let stored = settings.stored
        var own: [String: String] = [:]
        for key in rows.keys {
            if let name = TicketSettings.userFieldName(key) {
                for (known, value) in settings.userFields where known.lowercased() == name.lowercased() {
                    own[TicketSettings.userFieldKey(known)] = value
                }
            } else if let integrationKey = IntegrationSettingKey(rawValue: key), integrationKey.appliesToQueues {
                // Not the PSA's to check: kept as the document gives it (ConfigurationCheck
                // has checked the value).
                own[key] = rows[key]
            } else {
                own[key] = stored[key]
            }
        }
        return own
    }

    /// `rows` resolved over `base`, and the required fields their result leaves unmet.
    private func apply(
        _ rows: [String: String], over base: TicketSettings, label: String, editor: TicketSettingsEditor
    ) async throws(Step) -> (settings: TicketSettings, problems: [ConfigurationProblem]) {
        let sorted = rows.sorted { $0.key < $1.key }
        let assignments = sorted.compactMap { key, value in
            TicketSettingKey(rawValue: key).map { TicketSettingAssignment(key: $0, value: value) }
        }
        let userFields = sorted.compactMap { key, value in
            TicketSettings.userFieldName(key).map { UserFieldAssignment(name: $0, value: value) }
        }
        do throws(TicketSettingsError) {
            let (settings, resolver) = try await editor.applying(assignments, userFields: userFields, to: base)
            let problems = RequiredFieldCheck.problems(in: settings, resolver: resolver).map {
                ConfigurationProblem("\(label): " + $0.description(remedy: "give \($0.key) a value in the document"))
            }
            return (settings, problems)
        } catch .choicesUnavailable(let error) where error.isTransient {
            throw .unreachable(error.description)
        } catch .choicesUnavailable(let error) {
            throw .refused(
                ConfigurationProblem("\(label): the ticket settings cannot be checked against the PSA: \(error)"))
        } catch {
            throw .refused(ConfigurationProblem("\(label): \(error.description)"))
        }
    }

    /// One load per list for the whole document: each queue's check would otherwise ask the
    /// PSA for the same lists again.
    private static func editor(for connector: any PSAConnector) -> TicketSettingsEditor {
        let memo = ChoiceMemo()
        return TicketSettingsEditor(system: connector.system) { context throws(ConnectorError) in
            if let known = await memo.choices(for: context) { return known }
            let loaded = try await connector.ticketChoices(for: context)
            await memo.keep(loaded, for: context)
            return loaded
        }
    }
}

private actor ChoiceMemo {
    private var loaded: [String: TicketChoices] = [:]

    private static func key(_ context: ChoiceContext) -> String {
        "\(context.board ?? "")\u{1F}\(context.ticketType ?? "")"
    }

    func choices(for context: ChoiceContext) -> TicketChoices? { loaded[Self.key(context)] }

    func keep(_ choices: TicketChoices, for context: ChoiceContext) { loaded[Self.key(context)] = choices }
}
