import Foundation
import PSASandbox
import Synchronization
import Testing

@testable import PSACore

/// The lookups a connector makes before its first call (Autotask's zone, ConnectWise's
/// codebase, HaloPSA's token endpoint): a bad moment there is transient, never a verdict on
/// the credentials; one lookup in flight serves every call; a PSA that says the remembered
/// address is wrong gets it looked up again.
@Suite struct DiscoveryTests {
    @Test func anAutotaskZoneLookupThatFailsIsTransientAndNotKept() async throws {
        try await withAutotaskSandbox { connector, sandbox in
            for fault in [Fault.status(500), .status(502), .htmlPage, .dropConnection] {
                sandbox.faults.inject(fault, count: 4, pathContains: "zoneInformation")
                let error = await connectorError { () async throws(ConnectorError) in try await connector.validate() }
                #expect(error?.isTransient == true, "\(fault) gave \(String(describing: error))")
                sandbox.faults.clear()
            }
            try await connector.validate()
        }
    }

    @Test func anUnknownAutotaskUserIsNamedAsMaybeTemporaryWithAutotasksWords() async throws {
        try await withAutotaskSandbox(username: "nobody@psalink.example") { connector, sandbox in
            let error = await connectorError { () async throws(ConnectorError) in try await connector.validate() }
            guard case .server(500, let message)? = error else {
                Issue.record("expected Autotask's 500, got \(String(describing: error))")
                return
            }
            #expect(message.contains("nobody@psalink.example"))
            #expect(message.contains("Zone information could not be determined"))
            #expect(error?.description.hasPrefix("may be temporary: ") == true)
            #expect(sandbox.faults.requests(containing: "ThresholdInformation") == 0)
        }
    }

    @Test func concurrentFirstCallsShareOneZoneLookup() async throws {
        try await withAutotaskSandbox { connector, sandbox in
            sandbox.faults.inject(.delay(milliseconds: 200), pathContains: "zoneInformation")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<10 { group.addTask { try await connector.validate() } }
                try await group.waitForAll()
            }
            #expect(sandbox.faults.requests(containing: "zoneInformation") == 1)
            #expect(sandbox.faults.requests(containing: "ThresholdInformation") == 10)
        }
    }

    @Test func a401LooksTheZoneUpAgainOnceBeforeItIsFinal() async throws {
        try await withAutotaskSandbox { connector, sandbox in
            try await connector.validate()
            sandbox.faults.inject(.status(401), pathContains: "ThresholdInformation")
            try await connector.validate()
            #expect(sandbox.faults.requests(containing: "zoneInformation") == 2)
        }
        try await withAutotaskSandbox(secret: "not-the-secret") { connector, sandbox in
            let error = await connectorError { () async throws(ConnectorError) in try await connector.validate() }
            guard case .unauthorized? = error else {
                Issue.record("expected 401, got \(String(describing: error))")
                return
            }
            #expect(error?.isTransient == false)
            #expect(sandbox.faults.requests(containing: "zoneInformation") == 2)
            #expect(sandbox.faults.requests(containing: "ThresholdInformation") == 2)
        }
    }

    @Test func aConnectWiseCodebaseLookupThatFailsIsTransientAndSharedWhenItWorks() async throws {
        try await withConnectWiseSandbox { bed in
            bed.sandbox.faults.inject(.status(500), count: 4, pathContains: "companyinfo")
            let error = await connectorError { () async throws(ConnectorError) in try await bed.connector.validate() }
            #expect(error?.isTransient == true, "\(String(describing: error))")
            bed.sandbox.faults.clear()
            let before = bed.sandbox.faults.requests(containing: "companyinfo")
            bed.sandbox.faults.inject(.delay(milliseconds: 200), pathContains: "companyinfo")
            let connector = bed.connector
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<10 { group.addTask { try await connector.validate() } }
                try await group.waitForAll()
            }
            #expect(bed.sandbox.faults.requests(containing: "companyinfo") == before + 1)
        }
    }

    @Test func aConnectWiseSiteThatMovedTheAPIGetsItsCodebaseLookedUpAgain() async throws {
        try await withConnectWiseSandbox { bed in
            try await bed.connector.validate()
            bed.sandbox.faults.inject(
                .redirect(location: bed.endpoints.connectWiseSite + "/elsewhere"),
                pathContains: "system/info")
            try await bed.connector.validate()
            #expect(bed.sandbox.faults.requests(containing: "companyinfo") == 2)
        }
    }

    @Test func aHaloAuthinfoHavingABadMomentIsTransientNotAFallback() async throws {
        try await withHaloSandbox { connector, sandbox, _ in
            sandbox.faults.inject(.status(503), count: 3, pathContains: "authinfo")
            let error = await connectorError { () async throws(ConnectorError) in try await connector.validate() }
            #expect(error?.isTransient == true, "\(String(describing: error))")
            #expect(sandbox.faults.requests(containing: "/token") == 0)
            try await connector.validate()
            #expect(sandbox.faults.requests(containing: "authinfo") == 4)
        }
    }

    @Test func sharedLookupKeepsSuccessOnlyAndForgetsOnRequest() async throws {
        let lookup = SharedLookup<Int>()
        let calls = Counter()
        let failing = await connectorError { () async throws(ConnectorError) in
            _ = try await lookup.value { () async throws(ConnectorError) -> Int in
                calls.increment()
                throw .server(status: 500, message: "down")
            }
        }
        #expect(failing == .server(status: 500, message: "down"))
        #expect(lookup.known == nil)
        let first = try await lookup.value { () async throws(ConnectorError) -> Int in
            calls.increment()
            return 7
        }
        let second = try await lookup.value { () async throws(ConnectorError) -> Int in
            calls.increment()
            return 8
        }
        #expect(first == 7 && second == 7 && calls.value == 2)
        lookup.forget()
        let third = try await lookup.value { () async throws(ConnectorError) -> Int in
            calls.increment()
            return 9
        }
        #expect(third == 9 && calls.value == 3)
    }
}

/// Counts calls from concurrent code.
private final class Counter: Sendable {
    private let count = Atomic<Int>(0)

    var value: Int { count.load(ordering: .relaxed) }

    func increment() { count.add(1, ordering: .relaxed) }
}
