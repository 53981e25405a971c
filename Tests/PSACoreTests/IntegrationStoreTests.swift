import Foundation
import Testing

@testable import PSACore

@Suite struct IntegrationStoreTests {
    /// Runs `body` with a new store in a temporary folder.
    @discardableResult
    private func withStore<T>(_ body: (Store) throws -> T) throws -> T {
        try withTemporaryFolder { folder in try body(try Store.open(at: folder + "/psalink.sqlite")) }
    }

    @discardableResult
    private func add(_ name: String, to store: Store, isDefault: Bool = false) throws -> Int64 {
        try store.insert(
            NewIntegration(system: .connectwise, displayName: name, isDefault: isDefault), credentials: [:]
        ).id
    }

    private func defaultName(in store: Store) throws -> [String] {
        try store.integrations().filter(\.isDefault).map(\.displayName)
    }

    @Test func listIsDefaultFirstThenByNameRegardlessOfCase() throws {
        try withStore { store in
            try add("zeta", to: store)
            try add("beta", to: store)
            try add("Alpha", to: store)

            #expect(try store.integrations().map(\.displayName) == ["zeta", "Alpha", "beta"])
        }
    }

    @Test func firstIntegrationBecomesDefaultAndLaterOnesDoNot() throws {
        try withStore { store in
            let first = try store.insert(NewIntegration(system: .halo, displayName: "Halo"), credentials: [:])
            let second = try store.insert(NewIntegration(system: .autotask, displayName: "Autotask"), credentials: [:])

            #expect(first.isDefault)
            #expect(!second.isDefault)
            #expect(try defaultName(in: store) == ["Halo"])
        }
    }

    @Test func insertAskingToBeDefaultTakesOverTheDefault() throws {
        try withStore { store in
            try add("Halo", to: store)
            try add("Autotask", to: store, isDefault: true)

            #expect(try defaultName(in: store) == ["Autotask"])
        }
    }

    @Test func setDefaultLeavesExactlyOneDefault() throws {
        try withStore { store in
            try add("Halo", to: store)
            let autotask = try add("Autotask", to: store)

            try store.setDefaultIntegration(id: autotask)
            try store.setDefaultIntegration(id: autotask)

            #expect(try defaultName(in: store) == ["Autotask"])
        }
    }

    @Test func removingTheDefaultPassesItToTheEarliestRemaining() throws {
        try withStore { store in
            let halo = try add("Halo", to: store)
            try add("Autotask", to: store)
            try add("ConnectWise", to: store)

            try store.removeIntegration(id: halo)

            #expect(try defaultName(in: store) == ["Autotask"])
            #expect(try store.integrations().map(\.displayName) == ["Autotask", "ConnectWise"])
        }
    }

    @Test func removingAnotherIntegrationKeepsTheDefault() throws {
        try withStore { store in
            try add("Halo", to: store)
            let autotask = try add("Autotask", to: store)

            try store.removeIntegration(id: autotask)

            #expect(try defaultName(in: store) == ["Halo"])
        }
    }

    @Test func unknownIdIsReportedNotIgnored() throws {
        try withStore { store in
            #expect(throws: StoreError.integrationNotFound(id: 7)) { try store.setDefaultIntegration(id: 7) }
            #expect(throws: StoreError.integrationNotFound(id: 7)) { try store.removeIntegration(id: 7) }
            #expect(throws: StoreError.integrationNotFound(id: 7)) {
                try store.recordHealth(.unchecked, forIntegration: 7)
            }
            #expect(throws: StoreError.integrationNotFound(id: 7)) { try store.credentials(forIntegration: 7) }
        }
    }

    @Test func sameNameInAnotherCaseIsADuplicateThatDoesNotLeakSecrets() throws {
        try withStore { store in
            try add("Störungen", to: store)

            var caught: StoreError?
            do {
                try store.insert(
                    NewIntegration(system: .halo, displayName: " STÖRUNGEN "),
                    credentials: ["clientSecret": "hunter2-secret"])
            } catch {
                caught = error as? StoreError
            }

            #expect(caught == .duplicateName("STÖRUNGEN"))
            #expect(caught?.description.contains("hunter2-secret") == false)
            #expect(try store.integrations().count == 1)
        }
    }

    @Test func blankNameIsRefused() throws {
        try withStore { store in
            #expect(throws: StoreError.emptyName) {
                try store.insert(NewIntegration(system: .halo, displayName: "  "), credentials: [:])
            }
        }
    }

    @Test func lookupByNameIgnoresCaseAndSurroundingSpace() throws {
        try withStore { store in
            let id = try add("Halo Production", to: store)

            #expect(try store.integration(named: " halo PRODUCTION")?.id == id)
            #expect(try store.integration(named: "Halo") == nil)
        }
    }

    @Test func credentialsRoundTrip() throws {
        try withStore { store in
            let credentials = ["clientId": "abc", "clientSecret": "s3cret", "url": "https://halo.example"]
            let id = try store.insert(NewIntegration(system: .halo, displayName: "Halo"), credentials: credentials).id

            #expect(try store.credentials(forIntegration: id) == credentials)
        }
    }

    @Test(arguments: [
        Health.unchecked,
        Health.healthy(checkedAt: Date(timeIntervalSince1970: 1_800_000_000)),
        Health.failing(reason: "401: wrong client secret", checkedAt: Date(timeIntervalSince1970: 1_800_000_060)),
    ])
    func healthRoundTrips(health: Health) throws {
        try withStore { store in
            let id = try add("Halo", to: store)
            try store.recordHealth(.failing(reason: "earlier", checkedAt: Date()), forIntegration: id)

            try store.recordHealth(health, forIntegration: id)

            #expect(try store.integration(id: id)?.health == health)
        }
    }

    @Test func insertKeepsSystemHealthAndCreationTime() throws {
        try withStore { store in
            let createdAt = Date(timeIntervalSince1970: 1_700_000_000)
            let health = Health.healthy(checkedAt: Date(timeIntervalSince1970: 1_700_000_001))

            let stored = try store.insert(
                NewIntegration(system: .autotask, displayName: "Autotask", health: health, createdAt: createdAt),
                credentials: [:])

            #expect(try store.integration(id: stored.id) == stored)
            #expect(stored.system == .autotask)
            #expect(stored.health == health)
            #expect(stored.createdAt == createdAt)
        }
    }
}
