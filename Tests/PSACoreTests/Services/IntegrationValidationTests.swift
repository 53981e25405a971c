import Foundation
import PSASandbox
import SandboxConnections
import Testing

@testable import PSACore

@Suite struct IntegrationValidationTests {
    private let checkedAt = Date(timeIntervalSince1970: 1_800_000_000)

    private func validation(_ bed: ServiceBed) -> IntegrationValidation {
        let checkedAt = checkedAt
        return IntegrationValidation(store: bed.store, now: { checkedAt }, makeConnector: bed.makeConnector)
    }

    @Test(arguments: PSASystem.allCases)
    func theSandboxAcceptsItsCredentialsAndTheIntegrationBecomesHealthy(system: PSASystem) async throws {
        try await withServiceBed { bed in
            let integration = try bed.addIntegration(system)
            let outcome = await validation(bed).validate(integration)
            #expect(outcome == .valid(health: .healthy(checkedAt: checkedAt)))
            #expect(outcome.credentialsValid && outcome.description == "credentials valid.")
            let id = integration.id
            #expect(try bed.store.integration(id: id)?.health == .healthy(checkedAt: checkedAt))
        }
    }

    @Test func aCheckTheRateBudgetHoldsBackLeavesTheHealthAsItWas() async throws {
        try await withServiceBed { bed in
            let integration = try bed.addIntegration(.halo)
            let before = try bed.store.integration(id: integration.id)?.health
            let credentials = try UsableCredentials.of(integration, in: bed.store)
            let budgets = RateBudgets(store: bed.store)
            let budget = budgets.budget(for: credentials)
            budget.finish(try await budget.acquire(priority: .essential), answer: .throttled(retryAfter: 120))
            let checkedAt = checkedAt
            let held = IntegrationValidation(store: bed.store, now: { checkedAt }) {
                PSAConnectors.make($0, client: HTTPClient(), retry: .never, budgets: budgets)
            }
            let outcome = await held.validate(integration)
            guard case .notChecked(let error) = outcome else {
                Issue.record("expected not checked, got \(outcome)")
                return
            }
            #expect(error.throttledUntil != nil)
            #expect(!outcome.credentialsValid && outcome.recordedHealth == nil)
            #expect(outcome.description.hasPrefix("not checked: may be temporary: waiting for the PSA's rate limit"))
            #expect(try bed.store.integration(id: integration.id)?.health == before)
        }
    }

    @Test func refusedCredentialsAreRecordedAsFailingWithTheReason() async throws {
        try await withServiceBed { bed in
            let integration = try bed.addIntegration(.halo, credentials: bed.wrongHaloSecret)
            let outcome = await validation(bed).validate(integration)
            guard case .refused(.unauthorized, let health) = outcome else {
                Issue.record("expected a 401 refusal, got \(outcome)")
                return
            }
            #expect(!outcome.credentialsValid)
            #expect(health == .failing(reason: outcome.description, checkedAt: checkedAt))
            let id = integration.id
            #expect(try bed.store.integration(id: id)?.health == health)
        }
    }

    @Test func unusableCredentialsSendNothingAndRecordNothing() async throws {
        try await withServiceBed { bed in
            let integration = try bed.store.insert(
                NewIntegration(system: .halo, displayName: "Broken"), credentials: [:])
            let outcome = await validation(bed).validate(integration)
            #expect(outcome == .unusable(.incomplete(integration: "Broken")))
            #expect(!outcome.credentialsValid && outcome.recordedHealth == nil)
            let id = integration.id
            #expect(try bed.store.integration(id: id)?.health == .unchecked)
            #expect(bed.sandbox.faults.requestLog.isEmpty)
        }
    }
}
