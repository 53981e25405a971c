import Foundation
import PSASandbox
import SandboxConnections
import Synchronization
import Testing

@testable import PSACore

@Suite struct CompanyCacheRefreshTests {
    private let stale = PSACompany(id: "stale-1", name: "Gone Since")

    @Test func theListingReplacesTheCacheWithProgressAndFigures() async throws {
        try await withServiceBed(companyCount: 30) { bed in
            let integration = try bed.addIntegration(.connectwise)
            let id = integration.id
            try bed.store.replaceCompanies([stale], forIntegration: id)
            let seen = Mutex<[CompanyProgress]>([])
            let summary = try await CompanyCacheRefresh(store: bed.store, makeConnector: bed.makeConnector).refresh(
                integrationID: id, credentials: bed.endpoints.credentials(for: .connectwise)
            ) { progress in seen.withLock { $0.append(progress) } }
            let cached = try bed.store.companies(forIntegration: id)
            #expect(summary.count == cached.count && summary.count >= 30)
            #expect(!cached.contains { $0.id == stale.id })
            #expect(summary.requests >= 1 && summary.seconds >= 0)
            #expect(seen.withLock { $0.last?.fetched } == summary.count)
        }
    }

    @Test func aRefusalLeavesTheCacheAsItWas() async throws {
        try await withServiceBed { bed in
            let integration = try bed.addIntegration(.halo)
            let id = integration.id
            try bed.store.replaceCompanies([stale], forIntegration: id)
            let refresh = CompanyCacheRefresh(store: bed.store, makeConnector: bed.makeConnector)
            await #expect {
                _ = try await refresh.refresh(integrationID: id, credentials: bed.wrongHaloSecret) { _ in }
            } throws: { error in
                guard case .connector(.unauthorized) = error as? CompanyCacheRefresh.Failure else { return false }
                return true
            }
            #expect(try bed.store.companies(forIntegration: id) == [stale])
        }
    }

    @Test func aCancelledRefreshWritesNothing() async throws {
        try await withServiceBed { bed in
            let integration = try bed.addIntegration(.halo)
            let id = integration.id
            try bed.store.replaceCompanies([stale], forIntegration: id)
            let refresh = CompanyCacheRefresh(store: bed.store, makeConnector: bed.makeConnector)
            let credentials = bed.endpoints.credentials(for: .halo)
            let task = Task { try await refresh.refresh(integrationID: id, credentials: credentials) { _ in } }
            task.cancel()
            await #expect(throws: CompanyCacheRefresh.Failure.cancelled) { try await task.value }
            #expect(try bed.store.companies(forIntegration: id) == [stale])
        }
    }
}
