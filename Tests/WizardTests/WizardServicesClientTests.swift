import Foundation
import PSACore
import PSASandbox
import SandboxConnections
import Testing

@testable import Wizard

/// The wizard sends every request through the one client it was built with, so that
/// `--ca-bundle` and `--timeout` apply to it as they do to the commands.
@Suite struct WizardServicesClientTests {
    /// A client that refuses any answer longer than a few bytes: whatever uses it fails visibly.
    private let tinyAnswers = HTTPClient(configuration: .init(maxResponseBytes: 8))

    private func withSandboxStore(_ body: (SandboxEndpoints, Store) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("psalink-client-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store.open(at: folder.appendingPathComponent("db.sqlite").path)
        let running = try await PSASandbox(configuration: .init(companyCount: 3)).start()
        do {
            try await body(running.endpoints, store)
        } catch {
            await running.stop()
            throw error
        }
        await running.stop()
    }

    @Test func theAccountsSyncUsesTheServicesClient() async throws {
        try await withSandboxStore { endpoints, store in
            let settings = endpoints.nerdioSyncSettings
            let limited = await WizardServices(store: store, client: tinyAnswers).syncAccounts(settings)
            guard case .failure(let failure) = limited else {
                Issue.record("the sync did not go through the services' client: \(limited)")
                return
            }
            #expect(failure.description == HTTPError.responseTooLarge(limit: 8).description)
            let saved = try store.nerdioSync()
            #expect(saved == nil)

            let plain = await WizardServices(store: store).syncAccounts(settings)
            #expect((try? plain.get()) != nil, "\(plain)")
        }
    }

    @Test func integrationChecksUseTheServicesClient() async throws {
        try await withSandboxStore { endpoints, store in
            let integration = try store.insert(
                NewIntegration(system: .halo, displayName: "Halo"),
                credentials: endpoints.credentials(for: .halo).storedFields)
            let outcome = await WizardServices(store: store, client: tinyAnswers).revalidate(integration)
            guard case .refused(.transport(.responseTooLarge(limit: 8)), _) = outcome else {
                Issue.record("the check did not go through the services' client: \(outcome)")
                return
            }
            #expect(await WizardServices(store: store).revalidate(integration).credentialsValid)
        }
    }
}
