import Foundation
import PSASandbox
import SandboxConnections

@testable import PSACore

/// A sandbox on loopback and an empty store, for the services' tests; both go away afterwards.
struct ServiceBed: Sendable {
    let sandbox: PSASandbox
    let endpoints: SandboxEndpoints
    let store: Store

    /// Connectors over one client, with HTTP retries off so that refusals answer at once.
    let makeConnector: @Sendable (Credentials) -> any PSAConnector = { credentials in
        PSAConnectors.make(credentials, client: HTTPClient(), retry: .never, budgets: nil)
    }

    /// Saves an integration of `system` with the sandbox's credentials, or with `credentials`.
    func addIntegration(_ system: PSASystem, named name: String? = nil, credentials: Credentials? = nil) throws
        -> Integration
    {
        try store.insert(
            NewIntegration(system: system, displayName: name ?? "Sandbox \(system.rawValue)"),
            credentials: (credentials ?? endpoints.credentials(for: system)).storedFields)
    }

    /// The sandbox's HaloPSA credentials with a client secret it does not accept.
    var wrongHaloSecret: Credentials {
        guard case .halo(var halo) = endpoints.credentials(for: .halo) else { return endpoints.credentials(for: .halo) }
        halo.clientSecret = Secret("not-the-secret")
        return .halo(halo)
    }
}

func withServiceBed(companyCount: Int = 30, _ body: (ServiceBed) async throws -> Void) async throws {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("psalink-service-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let sandbox = PSASandbox(configuration: .init(companyCount: companyCount))
    let running = try await sandbox.start()
    do {
        let store = try Store.open(at: folder + "/db.sqlite")
        try await body(ServiceBed(sandbox: sandbox, endpoints: running.endpoints, store: store))
    } catch {
        await running.stop()
        throw error
    }
    await running.stop()
}
