import Foundation

/// Keeps the picture current (DESIGN §6): `psalink sync` and `serve --sync-every` run, for each
/// integration in turn, the Nerdio accounts sync (when its settings are stored), a companies
/// refresh, mapping health, and Auto Match of the accounts that have no mapping yet, applying
/// only its confident proposals (`appliedBy` sync); the rest waits for a person.
///
/// - **One run at a time** on a database, across processes: the run holds the store's sync lock
///   (`Store.takeSyncLock`) for a lease it renews as it goes, and releases it at the end. A run
///   that finds it held waits up to `Options.lockWait`, then refuses with `Refusal.busy`. A
///   crashed run's lock lapses when its lease ends.
/// - **Never before a ticket**: the refresh draws from the PSA's rate budget as background work.
///   When the budget cannot fit it now, the listing pauses at the page it reached and goes on
///   when its turn comes, each request waiting up to `Options.budgetWait`; a longer pause stops
///   it, the cache stays as it was, and the next sync lists the companies from the start (only
///   a complete listing replaces the cache).
/// - **A failed step changes nothing of its own** and says why in that integration's `error`;
///   the steps after it still run, on the state it left (Auto Match on the previous cache).
/// - Each integration's summary goes to `sync_state` and to the audit log (action `sync`); each
///   mapping Auto Match applied is audited as `mapping.sync`, each change of health as
///   `mapping.health`.
public struct SyncRun: Sendable {
    public struct Options: Sendable {
        /// How long a refresh's request may wait for the PSA's rate budget before the refresh
        /// gives up until the next sync.
        public var budgetWait: Duration
        /// How long the lock holds without being renewed; the run renews it every third of it.
        public var lockLease: TimeInterval
        /// How long a run waits for another run's lock before it refuses.
        public var lockWait: Duration

        /// Five minutes a request: a refresh the budget cannot fit now pauses at the page it
        /// reached and goes on from there when its turn comes (a 429's pause is usually shorter);
        /// only a longer pause stops it until the next sync.
        public init(budgetWait: Duration = .seconds(300), lockLease: TimeInterval = 600, lockWait: Duration = .zero) {
            self.budgetWait = budgetWait
            self.lockLease = lockLease
            self.lockWait = lockWait
        }
    }

    let store: Store
    let makeConnector: @Sendable (Credentials) -> any PSAConnector
    let makeNerdioClient: @Sendable (NerdioSyncSettings) -> NerdioClient
    let options: Options

    public init(
        store: Store, makeConnector: @escaping @Sendable (Credentials) -> any PSAConnector,
        makeNerdioClient: @escaping @Sendable (NerdioSyncSettings) -> NerdioClient, options: Options = Options()
    ) {
        self.store = store
        self.makeConnector = makeConnector
        self.makeNerdioClient = makeNerdioClient
        self.options = options
    }

    // MARK: Results

    /// The Nerdio accounts sync's changes.
    public struct AccountsStep: Sendable, Equatable, Codable {
        public var added: Int
        public var updated: Int
        /// Accounts Nerdio Manager no longer lists, flagged missing by this sync.
        public var missing: Int
    }

    /// The companies now cached, and the requests the listing took.
    public struct CompaniesStep: Sendable, Equatable, Codable {
        public var count: Int
        public var requests: Int
    }

    public struct HealthStep: Sendable, Equatable, Codable {
        /// Mappings that need review after the sync, for any reason.
        public var needsReview: Int
    }

    public struct AutomatchStep: Sendable, Equatable, Codable {
        /// Confident proposals applied.
        public var applied: Int
        /// Proposals left for a person to review.
        public var review: Int
    }

    /// The steps of a sync, in the order they run.
    public enum Step: String, Sendable, CaseIterable {
        /// The Nerdio accounts sync: once per run, its outcome shared by every integration.
        case accounts
        case companies, health, automatch
    }

    /// What the sync did for one integration. A step is nil when it did not run or failed
    /// (`accounts` also when no Nerdio sync settings are stored); `failures` says which steps
    /// failed and why, and `error` puts them in one line, nil when none failed.
    public struct IntegrationSummary: Sendable, Equatable, Encodable {
        public var integrationID: Int64
        public var name: String
        public var accounts: AccountsStep?
        public var companies: CompaniesStep?
        public var health: HealthStep?
        public var automatch: AutomatchStep?
        /// Whether Nerdio sync settings are stored (`accounts` is nil without them, with no error).
        public var accountsConfigured: Bool
        /// Why each failed step failed.
        public var failures: [Step: String] = [:]

        /// "step: why; step: why" in the steps' order; nil when every step worked.
        public var error: String? {
            let lines = Step.allCases.compactMap { step in failures[step].map { "\(step.rawValue): \($0)" } }
            return lines.isEmpty ? nil : lines.joined(separator: "; ")
        }

        public var failed: Bool { !failures.isEmpty }

        /// The JSON of DESIGN §6's `sync` document: every key present, null for a step that
        /// did not run.
        enum CodingKeys: String, CodingKey {
            case name, accounts, companies, health, automatch, error
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(accounts, forKey: .accounts)
            try container.encode(companies, forKey: .companies)
            try container.encode(health, forKey: .health)
            try container.encode(automatch, forKey: .automatch)
            try container.encode(error, forKey: .error)
        }

        /// One line for the audit log.
        public var auditText: String {
            var parts: [String] = []
            if let accounts {
                parts.append(
                    "accounts: \(accounts.added) added, \(accounts.updated) updated, \(accounts.missing) missing")
            } else if !accountsConfigured {
                parts.append("accounts: no Nerdio sync settings")
            }
            if let companies { parts.append("companies: \(companies.count) (\(companies.requests) requests)") }
            if let health { parts.append("health: \(health.needsReview) need review") }
            if let automatch { parts.append("automatch: \(automatch.applied) applied, \(automatch.review) for review") }
            if let error { parts.append("failed: \(error)") }
            return parts.joined(separator: "; ")
        }
    }

    /// Why a run did not start; nothing was changed.
    public enum Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        /// Another run holds the lock; it took it at `holder.since` and holds it until `until`
        /// unless it renews it.
        case busy(holder: SyncLockHolder, until: Date)
        case store(StoreError)

        public var description: String {
            switch self {
            case .busy(let holder, _):
                return "another sync is running (since \(holder.since.formatted(.iso8601)), \(holder.process))"
            case .store(let error): return error.description
            }
        }
    }

    // MARK: Running

    /// Syncs `integrations` (every integration when nil), one after the other, holding the sync
    /// lock throughout. Cancelling the task stops the run between requests; the steps not
    /// finished leave the previous state, and the lock is released.
    public func run(integrations ids: [Int64]? = nil) async throws(Refusal) -> [IntegrationSummary] {
        let holder = SyncLockHolder()
        try await takeLock(holder)
        let heartbeat = startHeartbeat(holder)
        defer {
            heartbeat.cancel()
            try? store.releaseSyncLock(holder)
        }
        let integrations: [Integration]
        do {
            let all = try store.integrations()
            integrations = ids.map { ids in all.filter { ids.contains($0.id) } } ?? all
        } catch {
            throw .store(error)
        }
        guard !integrations.isEmpty else { return [] }
        let accounts = await syncAccounts()
        var summaries: [IntegrationSummary] = []
        for integration in integrations {
            summaries.append(await sync(integration, accounts: accounts, holder: holder))
        }
        return summaries
    }

    private func takeLock(_ holder: SyncLockHolder) async throws(Refusal) {
        let clock = ContinuousClock()
        let deadline = clock.now + options.lockWait
        while true {
            let attempt: SyncLockAttempt
            do {
                attempt = try store.takeSyncLock(holder, lease: options.lockLease)
            } catch {
                throw .store(error)
            }
            guard case .held(let other, let until) = attempt else { return }
            guard clock.now < deadline, !Task.isCancelled else { throw .busy(holder: other, until: until) }
            try? await Task.sleep(for: min(.milliseconds(250), deadline - clock.now))
        }
    }

    /// Renews the lock every third of its lease while the run goes on, so that a long refresh
    /// keeps it; a run that stops renewing (a crash) lets it lapse.
    private func startHeartbeat(_ holder: SyncLockHolder) -> Task<Void, Never> {
        let store = store
        let lease = options.lockLease
        return Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int64(max(lease / 3, 0.05) * 1000)))
                if Task.isCancelled { return }
                _ = try? store.renewSyncLock(holder, lease: lease)
            }
        }
    }

    /// The accounts are shared by every integration: Nerdio Manager is read once per run.
    private enum AccountsOutcome: Sendable {
        case notConfigured
        case synced(AccountsStep)
        case failed(String)
    }

    private func syncAccounts() async -> AccountsOutcome {
        let record: NerdioSyncRecord?
        do {
            record = try store.nerdioSync()
        } catch {
            return .failed(error.description)
        }
        guard let record else { return .notConfigured }
        guard let settings = record.settings else {
            return .failed("the stored Nerdio sync settings are incomplete; run psalink accounts sync with them again")
        }
        do {
            let outcome = try await NerdioSync.run(makeNerdioClient(settings), store: store)
            return .synced(
                AccountsStep(
                    added: outcome.summary.added, updated: outcome.summary.updated,
                    missing: outcome.summary.markedMissing))
        } catch {
            return .failed(Task.isCancelled ? "stopped before it finished" : error.description)
        }
    }

    private func sync(_ integration: Integration, accounts: AccountsOutcome, holder: SyncLockHolder) async
        -> IntegrationSummary
    {
        var summary = IntegrationSummary(
            integrationID: integration.id, name: integration.displayName, accountsConfigured: true)
        switch accounts {
        case .notConfigured: summary.accountsConfigured = false
        case .synced(let step): summary.accounts = step
        case .failed(let reason): summary.failures[.accounts] = reason
        }
        do {
            try store.startSync(integration: integration.id)
        } catch {
            summary.failures[.companies] = error.description
            return summary
        }
        for step in Step.allCases where step != .accounts {
            if Task.isCancelled {
                summary.failures[step] = "stopped before it ran"
                continue
            }
            do throws(SyncStepFailure) {
                guard (try? store.renewSyncLock(holder, lease: options.lockLease)) != false else {
                    summary.failures[step] = "the sync lock lapsed and another sync took it over; stopped"
                    break
                }
                switch step {
                case .accounts: break
                case .companies: try await refreshCompanies(integration, &summary)
                case .health: try reviewHealth(integration, &summary)
                case .automatch: try applyConfidentMatches(integration, &summary)
                }
            } catch {
                summary.failures[step] = error.reason
            }
        }
        finish(summary)
        return summary
    }

    private func finish(_ summary: IntegrationSummary) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = (try? encoder.encode(summary)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
        // The summary is also what the caller prints; a store that cannot take it now loses
        // only this record of it.
        try? store.finishSync(
            integration: summary.integrationID, summary: json, error: summary.error, description: summary.auditText)
    }

    // MARK: Steps

    /// Lists the companies as background work that waits at most `budgetWait` for each turn,
    /// through the one company refresh there is; a refusal or a throttle leaves the cache.
    private func refreshCompanies(_ integration: Integration, _ summary: inout IntegrationSummary)
        async throws(SyncStepFailure)
    {
        let credentials: Credentials
        do {
            credentials = try UsableCredentials.of(integration, in: store)
        } catch {
            throw SyncStepFailure(reason: error.description)
        }
        let refresh = CompanyCacheRefresh(store: store, budgetWait: options.budgetWait, makeConnector: makeConnector)
        do {
            let refreshed = try await refresh.refresh(integrationID: integration.id, credentials: credentials) { _ in }
            summary.companies = CompaniesStep(count: refreshed.count, requests: refreshed.requests)
        } catch {
            if case .connector(.throttled(let until)) = error {
                throw SyncStepFailure(
                    reason: "the PSA's rate budget is busy until \(until.formatted(.iso8601)); "
                        + "the refresh runs at the next sync")
            }
            if case .cancelled = error { throw SyncStepFailure(reason: "stopped before it finished") }
            throw SyncStepFailure(reason: error.description)
        }
    }

    private func reviewHealth(_ integration: Integration, _ summary: inout IntegrationSummary)
        throws(SyncStepFailure)
    {
        do {
            let reviewed = try MappingHealth(store: store).review(integrationID: integration.id)
            summary.health = HealthStep(needsReview: reviewed.needsReview)
        } catch {
            throw SyncStepFailure(reason: error.description)
        }
    }

    /// Auto Match over the enabled accounts with no company, on the cached companies; only the
    /// confident proposals are applied.
    private func applyConfidentMatches(_ integration: Integration, _ summary: inout IntegrationSummary)
        throws(SyncStepFailure)
    {
        do {
            let mappings = try store.mappings(forIntegration: integration.id)
            let open = mappings.filter { $0.enabled && $0.companyID == nil && !$0.accountMissing }
            guard !open.isEmpty else {
                summary.automatch = AutomatchStep(applied: 0, review: 0)
                return
            }
            let companies = try store.companies(forIntegration: integration.id)
            let proposals = AutoMatch.proposals(for: open, accounts: try store.accounts(), companies: companies)
            let byAccount = Dictionary(open.map { ($0.accountID, $0) }, uniquingKeysWith: { first, _ in first })
            let accepted = proposals.compactMap { proposal -> AccountMapping? in
                guard proposal.verdict == .confident, let mapping = byAccount[proposal.accountID] else { return nil }
                var accepted = AutoMatch.accepting(proposal, into: mapping)
                accepted.appliedBy = .sync
                return accepted
            }
            let applied = try store.applySyncMatches(accepted, forIntegration: integration.id)
            summary.automatch = AutomatchStep(
                applied: applied.count, review: proposals.filter { $0.verdict == .needsReview }.count)
        } catch {
            throw SyncStepFailure(reason: error.description)
        }
    }
}

/// Why one step of a sync failed, in words.
struct SyncStepFailure: Error {
    var reason: String
}
