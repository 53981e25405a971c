import Foundation

/// Checks a whole configuration document against itself and against what the database already
/// holds, before anything is changed. Problems are one line each, name the integration, queue or
/// account at fault, and never contain a credential value.
struct ConfigurationCheck {
    /// What the database holds that a document may refer to or clash with.
    struct Existing {
        struct StoredIntegration {
            var id: Int64
            var name: String
            var system: PSASystem
            var credentials: [String: String]
        }

        /// By `nameKey` of the display name.
        var integrations: [String: StoredIntegration] = [:]
        var accountIDs: Set<String> = []
        /// Queue `nameKey` → the `nameKey` and display name of the integration that has it.
        var queueOwners: [String: (key: String, name: String)] = [:]
        var nerdioSyncFields: [String: String]?
    }

    var document: ConfigurationDocument
    var existing: Existing

    /// Every problem, in document order; empty when the document can be applied.
    func problems() -> [ConfigurationProblem] {
        var problems: [ConfigurationProblem] = []
        let documentAccounts = checkAccounts(&problems)
        var integrationKeys: [String: String] = [:]
        var queueKeys: [String: String] = [:]
        var defaults: [String] = []
        for (index, entry) in document.integrations.enumerated() {
            let name = entry.name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty else {
                problems.append("integrations[\(index)]: an integration needs a name")
                continue
            }
            let label = "integration \(String(reflecting: name))"
            let key = nameKey(name)
            if let earlier = integrationKeys[key] {
                problems.append(
                    "\(label): the document names two integrations \(String(reflecting: earlier)) and "
                        + "\(String(reflecting: name)); integration names are unique regardless of case")
            }
            integrationKeys[key] = name
            if entry.isDefault { defaults.append(name) }
            guard let system = PSASystem(rawValue: entry.system) else {
                problems.append(
                    "\(label): unknown system \(String(reflecting: entry.system)) (expected "
                        + PSASystem.allCases.map(\.rawValue).joined(separator: ", ") + ")")
                continue
            }
            let stored = existing.integrations[key]
            if let stored, stored.system != system {
                problems.append(
                    "\(label) is \(stored.system.rawValue) in the database but \(system.rawValue) in the document; "
                        + "an integration's system never changes (remove it first, or rename one)")
            }
            checkCredentials(entry, system: system, stored: stored, label: label, &problems)
            checkSettings(entry.settings, system: system, label: label, inQueue: false, &problems)
            checkIntegrationSettings(entry.integrationSettings ?? [:], label: label, &problems)
            for queue in entry.queues {
                let queueName = queue.name.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !queueName.isEmpty else {
                    problems.append("\(label): a ticket queue needs a name")
                    continue
                }
                let queueKey = nameKey(queueName)
                if let owner = queueKeys[queueKey] {
                    problems.append(
                        "\(label): the document has two ticket queues named \(String(reflecting: queueName)) "
                            + "(the other in \(String(reflecting: owner))); queue names are unique across integrations"
                    )
                }
                queueKeys[queueKey] = name
                checkSettings(
                    queue.settings, system: system, label: "\(label), queue \(String(reflecting: queueName))",
                    inQueue: true, &problems)
            }
            if let msp = entry.mspCustomer, msp.companyID.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append("\(label): the MSP customer needs a companyId")
            }
            checkMappings(entry, label: label, documentAccounts: documentAccounts, &problems)
        }
        if defaults.count > 1 {
            problems.append(
                "more than one integration is the default ("
                    + defaults.map { String(reflecting: $0) }.joined(separator: ", ") + "); mark only one isDefault")
        }
        // A queue name taken in the database by an integration the document leaves alone.
        for (queueKey, documentOwner) in queueKeys.sorted(by: { $0.key < $1.key }) {
            if let owner = existing.queueOwners[queueKey], integrationKeys[owner.key] == nil {
                problems.append(
                    "integration \(String(reflecting: documentOwner)): a ticket queue of that name already exists "
                        + "in \(String(reflecting: owner.name)), which the document does not include; queue names "
                        + "are unique across integrations")
            }
        }
        if let sync = document.nerdioSync {
            let hasSecret = sync.keys.contains { Credentials.secretFieldNames.contains($0) }
            if !hasSecret && existing.nerdioSyncFields == nil {
                problems.append(
                    ConfigurationProblem(
                        "nerdioSync: the document has no client secret and this database has no Nerdio sync "
                            + "settings to keep one from", remedy: .exportWithSecrets))
            }
        }
        return problems
    }

    /// Checks the accounts and returns their ids.
    private func checkAccounts(_ problems: inout [ConfigurationProblem]) -> Set<String> {
        var ids: Set<String> = []
        for (index, account) in document.accounts.enumerated() {
            guard !account.id.isEmpty else {
                problems.append("accounts[\(index)]: an account needs an id")
                continue
            }
            if !ids.insert(account.id).inserted {
                problems.append("account \(String(reflecting: account.id)) is in the document twice")
            }
        }
        return ids
    }

    private func checkCredentials(
        _ entry: ConfigurationDocument.IntegrationEntry, system: PSASystem,
        stored: Existing.StoredIntegration?, label: String, _ problems: inout [ConfigurationProblem]
    ) {
        let merged = ConfigurationCheck.mergedCredentials(entry.credentials, stored: stored?.credentials)
        guard Credentials(system: system, storedFields: merged) == nil else { return }
        // Is the secret what is missing? Try the fields with each absent secret filled in.
        let missingSecret = Credentials.secretFieldNames.sorted().first { field in
            guard merged[field] == nil else { return false }
            var trial = merged
            trial[field] = ""
            return Credentials(system: system, storedFields: trial) != nil
        }
        if let missingSecret {
            problems.append(
                ConfigurationProblem(
                    "\(label): the document has no \(missingSecret) and the integration is not in this database",
                    remedy: .exportWithSecretsOrAddIntegration))
        } else {
            problems.append("\(label): its credentials are incomplete for \(system.displayName)")
        }
    }

    private func checkSettings(
        _ settings: [String: String], system: PSASystem, label: String, inQueue: Bool,
        _ problems: inout [ConfigurationProblem]
    ) {
        for key in settings.keys.sorted() {
            if let integrationKey = IntegrationSettingKey(rawValue: key), !integrationKey.appliesToQueues || !inQueue {
                problems.append(
                    inQueue
                        ? "\(label): \(key) is a setting of the integration, not of a ticket queue"
                        : "\(label): \(key) is an integration setting, not a ticket setting; put it in "
                            + "integrationSettings")
                continue
            }
            // `storm` and `note-visibility` of a queue: checked as the integration's are.
            if let integrationKey = IntegrationSettingKey(rawValue: key) {
                let value = settings[key] ?? ""
                if integrationKey.normalized(value.trimmingCharacters(in: .whitespaces)) == nil {
                    problems.append(
                        "\(label): " + IntegrationSettingError.invalidValue(integrationKey, value: value).description)
                }
                continue
            }
            if TicketSettings.userFieldName(key) != nil {
                if system != .autotask {
                    problems.append(
                        "\(label): \(key) is a user-defined field, which only \(PSASystem.autotask.displayName) has")
                }
                continue
            }
            guard let settingKey = TicketSettingKey(rawValue: key) else {
                problems.append("\(label): unknown ticket setting \(String(reflecting: key))")
                continue
            }
            if !settingKey.applies(to: system) {
                problems.append(
                    "\(label): the ticket setting \(key) does not apply to \(system.displayName)")
            }
        }
    }

    /// Integration settings: known keys with values they take.
    private func checkIntegrationSettings(
        _ settings: [String: String], label: String, _ problems: inout [ConfigurationProblem]
    ) {
        for (text, value) in settings.sorted(by: { $0.key < $1.key }) {
            guard let key = IntegrationSettingKey(rawValue: text) else {
                problems.append(
                    "\(label): unknown integration setting \(String(reflecting: text)) (the integration settings are "
                        + IntegrationSettingKey.allCases.map(\.rawValue).joined(separator: ", ") + ")")
                continue
            }
            if key.normalized(value) == nil {
                problems.append("\(label): " + IntegrationSettingError.invalidValue(key, value: value).description)
            }
        }
    }

    private func checkMappings(
        _ entry: ConfigurationDocument.IntegrationEntry, label: String, documentAccounts: Set<String>,
        _ problems: inout [ConfigurationProblem]
    ) {
        var seen: Set<String> = []
        for mapping in entry.mappings {
            let account = String(reflecting: mapping.accountID)
            if !documentAccounts.contains(mapping.accountID) && !existing.accountIDs.contains(mapping.accountID) {
                problems.append(
                    "\(label): mapping to unknown account \(account) (neither in the document nor in the database)")
                continue
            }
            if !seen.insert(mapping.accountID).inserted {
                problems.append("\(label): account \(account) is mapped twice")
            }
            if let company = mapping.companyID, company.isEmpty {
                problems.append("\(label): the mapping of account \(account) has an empty companyId")
            }
            if let method = mapping.method, MappingMethod(rawValue: method) == nil {
                problems.append(
                    "\(label): the mapping of account \(account) has an unknown method \(String(reflecting: method))")
            }
            if let appliedBy = mapping.appliedBy, MappingAppliedBy(rawValue: appliedBy) == nil {
                problems.append(
                    "\(label): the mapping of account \(account) has an unknown appliedBy "
                        + "\(String(reflecting: appliedBy)) (expected manual, automatch or sync)")
            }
            if let confidence = mapping.confidence, !(0...1).contains(confidence) {
                problems.append(
                    "\(label): the mapping of account \(account) has a confidence outside 0...1")
            }
            if mapping.companyID == nil && (mapping.method != nil || mapping.confidence != nil) {
                problems.append(
                    "\(label): the mapping of account \(account) has a method or confidence but no companyId")
            }
        }
    }

    /// The credential fields an import stores: the document's, plus each stored secret the
    /// document omits.
    static func mergedCredentials(_ fields: [String: String], stored: [String: String]?) -> [String: String] {
        var merged = fields
        for (field, value) in stored ?? [:] where Credentials.secretFieldNames.contains(field) && merged[field] == nil {
            merged[field] = value
        }
        return merged
    }
}

extension Array where Element == ConfigurationProblem {
    /// A problem that only the document itself can fix.
    fileprivate mutating func append(_ message: String) { append(ConfigurationProblem(message)) }
}
