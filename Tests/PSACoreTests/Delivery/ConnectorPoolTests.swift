import Foundation
import PSASandbox
import SandboxConnections
import Synchronization
import Testing

@testable import PSACore

/// One connector per set of credentials for the life of the process: what it looked up once
/// (Autotask's zone here) is not looked up again by the next caller.
@Suite struct ConnectorPoolTests {
    @Test func sameCredentialsShareOneZoneLookupAndChangedOnesGetTheirOwn() async throws {
        let sandbox = PSASandbox(configuration: .init(companyCount: 5))
        let running = try await sandbox.start()
        do {
            let credentials = running.endpoints.credentials(for: .autotask)
            let pool = ConnectorPool(client: HTTPClient(), budgets: nil, retry: .never)
            let zoneLookups = { sandbox.faults.requests(containing: "zoneInformation") }

            try await pool.connector(for: credentials).validate()
            try await pool.connector(for: credentials).validate()
            #expect(zoneLookups() == 1)
            #expect(sandbox.faults.requests(containing: "ThresholdInformation") == 2)
            #expect(pool.count == 1)

            // Another secret is other credentials: a connector of its own, which looks the zone
            // up itself and never uses what was learnt with the first.
            guard case .autotask(var changed) = credentials else {
                Issue.record("not Autotask credentials")
                return
            }
            changed.secret = Secret("not-the-secret")
            await #expect(throws: ConnectorError.self) { try await pool.connector(for: .autotask(changed)).validate() }
            #expect(zoneLookups() > 1)
            #expect(pool.count == 2)

            // The first credentials still have theirs, zone included.
            let before = zoneLookups()
            try await pool.connector(for: credentials).validate()
            #expect(zoneLookups() == before)
        } catch {
            await running.stop()
            throw error
        }
        await running.stop()
    }

    @Test func keepsTheMostRecentlyUsedWithinItsCapacity() {
        let made = Counter()
        let pool = ConnectorPool(capacity: 2) { credentials in
            made.add()
            return PSAConnectors.make(credentials, client: HTTPClient(), retry: .never, budgets: nil)
        }
        func halo(_ id: String) -> Credentials {
            .halo(HaloCredentials(url: "https://halo.example", clientID: id, clientSecret: Secret("s"), tenant: nil))
        }
        _ = pool.connector(for: halo("a"))
        _ = pool.connector(for: halo("b"))
        _ = pool.connector(for: halo("a"))
        #expect(made.value == 2)
        // "c" pushes out "b", the least recently used; "a" stays.
        _ = pool.connector(for: halo("c"))
        _ = pool.connector(for: halo("a"))
        #expect(made.value == 3)
        #expect(pool.count == 2)
        _ = pool.connector(for: halo("b"))
        #expect(made.value == 4)
    }
}

private final class Counter: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
