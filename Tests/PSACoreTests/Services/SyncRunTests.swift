import Foundation
import PSASandbox
import SandboxConnections
import Synchronization
import Testing

@testable import PSACore

/// A flag and a counter shared between a test and its connectors.
private final class Gate: Sendable {
    let open = Atomic<Bool>(false)
    let listings = Atomic<Int>(0)
}

/// A PSA whose company listing is `companies`, optionally held until `gate` opens; nothing else.
private struct ListingConnector: PSAConnector {
    var companies: [PSACompany]
    var gate: Gate? = nil

    var system: PSASystem { .halo }

    func validate() async throws(ConnectorError) {}

    func companies(progress: @escaping @Sendable (CompanyProgress) -> Void) async throws(ConnectorError)
        -> CompanyListing
    {
        gate?.listings.add(1, ordering: .relaxed)
        while let gate, !gate.open.load(ordering: .relaxed) {
            do {
                try await Task.sleep(for: .milliseconds(10))
            } catch {
                throw .transport(.cancelled)
            }
        }
        return CompanyListing(companies: companies, requests: 1)
    }

    func ticketChoices(for context: ChoiceContext) async throws(ConnectorError) -> TicketChoices {
        throw .notFound("not in this test")
    }
    func createTicket(_ draft: TicketDraft) async throws(ConnectorError) -> PSATicket {
        throw .notFound("not in this test")
    }
    func addNote(_ note: TicketNote, toTicket id: String) async throws(ConnectorError) {}
    func updateTicket(_ id: String, _ change: TicketChange) async throws(ConnectorError) {}
    func ticket(id: String) async throws(ConnectorError) -> PSATicket? { nil }
    func company(id: String) async throws(ConnectorError) -> PSACompany? { nil }
    func findTicket(externalReference: String, companyID: String) async throws(ConnectorError) -> PSATicket? { nil }
}

private let companies = [
    PSACompany(id: "1", name: "Contoso Ltd"),
    PSACompany(id: "2", name: "Harbour Media Limited"),
    PSACompany(id: "3", name: "Harbour Media (NZ) Limited"),
    PSACompany(id: "4", name: "Fabrikam Inc"),
    PSACompany(id: "5", name: "Litware Inc"),
]

private let accounts = [
    NerdioAccount(id: "contoso", name: "Contoso Ltd", tenantID: "1e3500cc-d08f-42c8-8678-ce352b7de55e"),
    NerdioAccount(id: "harbour", name: "Harbour Media", tenantID: "5b2c7a1e-8f3d-4e6a-9c0b-2d4f6a8e1c3b"),
    NerdioAccount(id: "unknown", name: "Quite Unknown Trading Post", tenantID: "c9d8e7f6-a5b4-4c3d-8e2f-1a0b9c8d7e6f"),
    NerdioAccount(id: "manual", name: "Fabrikam Inc", tenantID: "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"),
    NerdioAccount(id: "skipped", name: "Litware Inc", tenantID: "2a3b4c5d-6e7f-4081-9a2b-3c4d5e6f7a8b"),
]

private func syncRun(
    _ bed: ServiceBed, options: SyncRun.Options = SyncRun.Options(),
    connector: (@Sendable (Credentials) -> any PSAConnector)? = nil
) -> SyncRun {
    let client = HTTPClient(configuration: .init(connectTimeout: .seconds(2), totalTimeout: .seconds(5)))
    return SyncRun(
        store: bed.store, makeConnector: connector ?? bed.makeConnector,
        makeNerdioClient: { NerdioClient(settings: $0, client: client, retry: .never) }, options: options)
}

private func expectBusy(_ body: () async throws(SyncRun.Refusal) -> Void) async -> SyncLockHolder? {
    do {
        try await body()
        Issue.record("the run was not refused")
        return nil
    } catch {
        guard case .busy(let holder, _) = error else {
            Issue.record("refused for another reason: \(error)")
            return nil
        }
        #expect(error.description.hasPrefix("another sync is running (since "))
        return holder
    }
}

@Suite struct SyncRunTests {
    @Test func twoRunsAtOnceOneRefusesAndTheFirstFinishes() async throws {
        try await withServiceBed { bed in
            let integration = try bed.addIntegration(.halo)
            let gate = Gate()
            let first = syncRun(bed) { _ in ListingConnector(companies: companies, gate: gate) }
            let running = Task { try await first.run() }
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(30)
            while gate.listings.load(ordering: .relaxed) == 0, clock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            let held = try #require(try bed.store.syncLock())
            #expect(held.holder.process == SyncLockHolder.thisProcess)

            let second = syncRun(bed) { _ in ListingConnector(companies: companies) }
            let holder = await expectBusy { () async throws(SyncRun.Refusal) in _ = try await second.run() }
            #expect(holder == held.holder)
            // The refused run changed nothing and did not take the first run's lock away.
            #expect(try bed.store.syncLock()?.holder == held.holder)

            gate.open.store(true, ordering: .relaxed)
            let summaries = try await running.value
            #expect(summaries.map(\.name) == [integration.displayName])
            #expect(summaries.allSatisfy { !$0.failed })
            #expect(gate.listings.load(ordering: .relaxed) == 1)
            #expect(try bed.store.syncLock() == nil)
        }
    }

    @Test func aThrottledRefreshKeepsTheCacheAndSaysUntilWhen() async throws {
        try await withServiceBed { bed in
            let integration = try bed.addIntegration(.halo)
            let stale = PSACompany(id: "stale-1", name: "Kept Since")
            try bed.store.replaceCompanies([stale], forIntegration: integration.id)
            // The PSA paused its budget for ten minutes (a 429 with Retry-After: 600).
            let budgets = RateBudgets(store: bed.store)
            let budget = budgets.budget(for: bed.endpoints.credentials(for: .halo))
            let grant = try await budget.acquire(priority: .essential)
            budget.finish(grant, answer: .throttled(retryAfter: 600))

            let started = Date()
            let run = syncRun(bed, options: SyncRun.Options(budgetWait: .milliseconds(200))) { credentials in
                PSAConnectors.make(credentials, client: HTTPClient(), retry: .never, budgets: budgets)
            }
            let summary = try #require(try await run.run().first)
            #expect(Date().timeIntervalSince(started) < 10)
            let failure = try #require(summary.failures[.companies])
            #expect(failure.hasPrefix("the PSA's rate budget is busy until "))
            #expect(failure.hasSuffix("; the refresh runs at the next sync"))
            #expect(summary.companies == nil && summary.failed)
            #expect(summary.error == "companies: " + failure)
            #expect(try bed.store.companies(forIntegration: integration.id) == [stale])
            // The steps after it still ran, on the cache as it was.
            #expect(summary.health != nil && summary.automatch != nil)

            let state = try #require(try bed.store.syncState(integration: integration.id))
            #expect(state.finishedAt != nil && state.error == summary.error)
            #expect(state.summary?.contains("\"companies\":null") == true)
            let audited = try bed.store.auditLog(limit: 5).first { $0.action == "sync" }
            #expect(audited?.target == integration.displayName)
            #expect(audited?.newValue?.contains("failed: companies: the PSA's rate budget is busy until") == true)
        }
    }

    @Test func aRefusedRefreshKeepsTheCache() async throws {
        try await withServiceBed { bed in
            let integration = try bed.addIntegration(.halo, credentials: bed.wrongHaloSecret)
            let stale = PSACompany(id: "stale-1", name: "Kept Since")
            try bed.store.replaceCompanies([stale], forIntegration: integration.id)
            let summary = try #require(try await syncRun(bed).run().first)
            #expect(summary.failures[.companies]?.contains("401") == true)
            #expect(try bed.store.companies(forIntegration: integration.id) == [stale])
        }
    }

    @Test func confidentProposalsAreAppliedBySyncTheOthersWaitForReview() async throws {
        try await withServiceBed { bed in
            let integration = try bed.addIntegration(.halo)
            let id = integration.id
            _ = try bed.store.importAccounts(accounts)
            try bed.store.replaceCompanies(companies, forIntegration: id)
            try bed.store.setMapping(integration: id, account: "manual", company: "4")
            try bed.store.skip(account: "skipped", integration: id)

            let run = syncRun(bed) { _ in ListingConnector(companies: companies) }
            let summary = try #require(try await run.run().first)
            #expect(summary.error == nil)
            #expect(summary.accounts == nil && !summary.accountsConfigured)
            #expect(summary.companies == SyncRun.CompaniesStep(count: companies.count, requests: 1))
            #expect(summary.automatch == SyncRun.AutomatchStep(applied: 1, review: 1))

            let mappings = Dictionary(
                uniqueKeysWithValues: try bed.store.mappings(forIntegration: id).map { ($0.accountID, $0) })
            #expect(mappings["contoso"]?.companyID == "1" && mappings["contoso"]?.appliedBy == .sync)
            #expect(mappings["contoso"]?.method == .name && mappings["contoso"]?.status == .mapped)
            #expect(mappings["harbour"]?.companyID == nil && mappings["harbour"]?.appliedBy == nil)
            #expect(mappings["unknown"]?.companyID == nil)
            #expect(mappings["manual"]?.companyID == "4" && mappings["manual"]?.appliedBy == .manual)
            #expect(mappings["skipped"]?.enabled == false && mappings["skipped"]?.companyID == nil)

            let log = try bed.store.auditLog(limit: 10)
            let applied = log.filter { $0.action == "mapping.sync" }
            #expect(applied.map(\.target) == ["\(integration.displayName) / contoso"])
            #expect(applied.first?.newValue == "enabled, company=1 (name)")
            #expect(log.first?.action == "sync")
            #expect(log.first?.newValue?.contains("automatch: 1 applied, 1 for review") == true)

            // Again: nothing new to apply, the proposal for review still waits.
            let again = try #require(try await run.run().first)
            #expect(again.automatch == SyncRun.AutomatchStep(applied: 0, review: 1))
        }
    }

    @Test func aMappingMadeMeanwhileIsNotOverruled() async throws {
        try await withServiceBed { bed in
            let integration = try bed.addIntegration(.halo)
            let id = integration.id
            _ = try bed.store.importAccounts(accounts)
            try bed.store.replaceCompanies(companies, forIntegration: id)
            let proposal = AccountMapping(
                accountID: "contoso", accountName: "Contoso Ltd", companyID: "1", method: .name, confidence: 0.97,
                appliedBy: .sync)
            // A person mapped the account after Auto Match proposed it.
            try bed.store.setMapping(integration: id, account: "contoso", company: "5")
            #expect(try bed.store.applySyncMatches([proposal], forIntegration: id).isEmpty)
            let mapping = try #require(try bed.store.mapping(account: "contoso", integration: id))
            #expect(mapping.companyID == "5" && mapping.appliedBy == .manual)
        }
    }

    @Test func theNerdioAccountsAreSyncedFirstAndAFailureThereStopsNoOtherStep() async throws {
        try await withServiceBed { bed in
            let integration = try bed.addIntegration(.halo)
            try bed.store.saveNerdioSync(bed.endpoints.nerdioSyncSettings, result: "set up")
            let summary = try #require(try await syncRun(bed).run().first)
            #expect(summary.error == nil)
            let added = try #require(summary.accounts?.added)
            let stored = try bed.store.accounts().count
            #expect(added > 0 && added == stored)
            #expect((summary.automatch?.applied ?? 0) > 0)
            #expect(
                try bed.store.mappings(forIntegration: integration.id).contains { $0.appliedBy == .sync })

            var wrong = bed.endpoints.nerdioSyncSettings
            wrong.clientSecret = Secret("not-the-secret")
            try bed.store.saveNerdioSync(wrong, result: "changed")
            let failed = try #require(try await syncRun(bed).run().first)
            #expect(failed.failures[.accounts] != nil && failed.accounts == nil)
            #expect(failed.companies != nil && failed.health != nil && failed.automatch != nil)
            #expect(failed.error?.hasPrefix("accounts: ") == true)
        }
    }

    @Test func aCrashedRunsLockLapsesAtTheEndOfItsLease() async throws {
        try await withServiceBed { bed in
            _ = try bed.addIntegration(.halo)
            // A run in another process took the lock and died without releasing it.
            let crashed = SyncLockHolder(id: "crashed", process: "pid 1 on elsewhere")
            #expect(try bed.store.takeSyncLock(crashed, lease: 0.5) == .taken)
            let run = syncRun(bed) { _ in ListingConnector(companies: companies) }
            let holder = await expectBusy { () async throws(SyncRun.Refusal) in _ = try await run.run() }
            #expect(holder?.process == "pid 1 on elsewhere")

            try await Task.sleep(for: .milliseconds(600))
            let summaries = try await run.run()
            #expect(summaries.count == 1 && !summaries[0].failed)
            #expect(try bed.store.syncLock() == nil)
            // The crashed run cannot renew a lock it lost.
            #expect(try bed.store.renewSyncLock(crashed, lease: 60) == false)
        }
    }

    @Test func aRunMayWaitABoundedTimeForTheLock() async throws {
        try await withServiceBed { bed in
            _ = try bed.addIntegration(.halo)
            let other = SyncLockHolder(id: "other")
            #expect(try bed.store.takeSyncLock(other, lease: 0.4) == .taken)
            let waiting = syncRun(bed, options: SyncRun.Options(lockWait: .seconds(5))) { _ in
                ListingConnector(companies: companies)
            }
            #expect(try await waiting.run().count == 1)

            #expect(try bed.store.takeSyncLock(other, lease: 60) == .taken)
            let started = ContinuousClock.now
            let brief = syncRun(bed, options: SyncRun.Options(lockWait: .milliseconds(300))) { _ in
                ListingConnector(companies: companies)
            }
            _ = await expectBusy { () async throws(SyncRun.Refusal) in _ = try await brief.run() }
            #expect(ContinuousClock.now - started < .seconds(5))
            try bed.store.releaseSyncLock(other)
        }
    }

    @Test func onlyTheIntegrationsAskedForAreSynced() async throws {
        try await withServiceBed { bed in
            let first = try bed.addIntegration(.halo, named: "First")
            let second = try bed.addIntegration(.halo, named: "Second")
            let run = syncRun(bed) { _ in ListingConnector(companies: companies) }
            #expect(try await run.run(integrations: [second.id]).map(\.name) == ["Second"])
            #expect(try bed.store.syncState(integration: first.id) == nil)
            #expect(try bed.store.syncState(integration: second.id)?.error == nil)
        }
    }
}

@Suite struct MappingAppliedByTests {
    @Test func eachWayOfMappingSaysWhoAppliedIt() async throws {
        try await withServiceBed { bed in
            let id = try bed.addIntegration(.halo).id
            _ = try bed.store.importAccounts(accounts)
            try bed.store.replaceCompanies(companies, forIntegration: id)
            func appliedBy(_ account: String) throws -> MappingAppliedBy? {
                try bed.store.mapping(account: account, integration: id)?.appliedBy
            }

            try bed.store.setMapping(integration: id, account: "manual", company: "4")
            #expect(try appliedBy("manual") == .manual)
            try bed.store.clearMapping(account: "manual", integration: id)
            #expect(try appliedBy("manual") == nil)

            var automatic = try #require(try bed.store.mapping(account: "contoso", integration: id))
            automatic.companyID = "1"
            automatic.method = .name
            automatic.confidence = 0.97
            try bed.store.saveMappings([automatic], mspCustomer: nil, forIntegration: id)
            #expect(try appliedBy("contoso") == .automatch)
            automatic.appliedBy = .sync
            try bed.store.saveMappings([automatic], mspCustomer: nil, forIntegration: id)
            #expect(try appliedBy("contoso") == .sync)
            // A person's choice is manual, whatever the row said before.
            automatic.method = .manual
            automatic.confidence = nil
            try bed.store.saveMappings([automatic], mspCustomer: nil, forIntegration: id)
            #expect(try appliedBy("contoso") == .manual)
            // Skipping keeps who applied the company.
            try bed.store.skip(account: "contoso", integration: id)
            #expect(try appliedBy("contoso") == .manual)
            #expect(try appliedBy("unknown") == nil)
        }
    }

    @Test func aRowWrittenWithoutItIsReadAsMigrationV9WorkedItOut() {
        #expect(Store.appliedBy(stored: nil, method: .manual) == .manual)
        #expect(Store.appliedBy(stored: nil, method: .tenantID) == .automatch)
        #expect(Store.appliedBy(stored: "sync", method: .name) == .sync)
    }
}
