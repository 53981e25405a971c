import Foundation
import PSASandbox
import SandboxConnections
import Testing

@testable import PSACore

/// Autotask counts every integration of the database against one threshold; psalink reads
/// `ThresholdInformation` and slows down before Autotask does.
@Suite("Autotask paces by its usage report", .serialized)
struct AutotaskUsagePacingTests {
    func withBudgetedAutotask(
        otherIntegrationsUsage usage: Int, _ body: (any PSAConnector, PSASandbox) async throws -> Void
    ) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("psalink-tests-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sandbox = PSASandbox(configuration: .init(companyCount: 5))
        let running = try await sandbox.start()
        sandbox.rateLimits.setAutotaskExternalUsage(usage)
        do {
            let store = try Store.open(at: folder + "/db.sqlite")
            let connector = PSAConnectors.make(
                running.endpoints.credentials(for: .autotask), client: HTTPClient(), retry: .never,
                budgets: RateBudgets(store: store))
            try await body(connector, sandbox)
        } catch {
            await running.stop()
            throw error
        }
        await running.stop()
    }

    @Test func belowHalfTheThresholdNothingWaits() async throws {
        try await withBudgetedAutotask(otherIntegrationsUsage: 1_000) { connector, sandbox in
            try await BudgetWait.$limit.withValue(.milliseconds(300)) {
                try await connector.validate()
                try await connector.validate()
            }
            // One usage read, then the two checks (which are `ThresholdInformation` too).
            #expect(sandbox.faults.requests(containing: "ThresholdInformation") == 3)
        }
    }

    @Test func fromNinetyPercentOnlyCreatesAndClosesGo() async throws {
        try await withBudgetedAutotask(otherIntegrationsUsage: 9_300) { connector, sandbox in
            let routine = await BudgetWait.$limit.withValue(.milliseconds(300)) {
                await connectorError { () async throws(ConnectorError) in try await connector.validate() }
            }
            #expect(routine?.throttledUntil != nil)
            // The usage was read; the check itself was held back.
            #expect(sandbox.faults.requests(containing: "ThresholdInformation") == 1)
            // An essential request goes, spaced so that what is left up to 99% lasts the hour:
            // about 600 requests, one every 6 s.
            try await RequestPriority.$current.withValue(.essential) {
                try await BudgetWait.$limit.withValue(.seconds(15)) { try await connector.validate() }
            }
            #expect(sandbox.faults.requests(containing: "ThresholdInformation") == 2)
        }
    }
}
