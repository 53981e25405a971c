import Foundation
import Hummingbird
import Logging
import NIOCore

/// Emulated HaloPSA, ConnectWise PSA, Datto Autotask PSA and Nerdio Manager APIs on
/// 127.0.0.1, all on one port: their paths do not overlap (`/api`, `/auth` for HaloPSA;
/// `/login`, `/v4_6_release/apis/3.0` for ConnectWise; `/atservicesrest` for Autotask;
/// `/rest-api`, `/{tenant}/oauth2` for Nerdio and its Entra ID token endpoint).
public final class PSASandbox: Sendable {
    public struct Configuration: Sendable {
        /// Companies in each PSA (the same customers, with each vendor's own ids).
        public var companyCount: Int
        public var seed: UInt64
        /// Lifetime of issued access tokens, in seconds.
        public var tokenLifetime: Int

        public init(companyCount: Int = 40, seed: UInt64 = 1, tokenLifetime: Int = 3600) {
            self.companyCount = companyCount
            self.seed = seed
            self.tokenLifetime = tokenLifetime
        }
    }

    public let configuration: Configuration
    public let faults = FaultKnobs()
    /// Rolling-window rate limits per PSA, and the Autotask usage `ThresholdInformation` reports.
    public let rateLimits = RateLimits()
    public let companies: [SandboxCompany]
    public let credentials = SandboxCredentials()
    /// HaloPSA tokens, tickets and actions, and the ticket-type requirements set over HTTP.
    let halo = HaloSandboxState()
    /// Autotask tickets and notes, and the per-endpoint concurrency it has seen.
    public let autotask = AutotaskSandboxState()
    /// ConnectWise service tickets and notes.
    public let connectWise = ConnectWiseSandboxState()
    /// Each PSA's changes to the seeded companies over `/sandbox/companies`.
    let companyChanges = SandboxCompanyChanges()

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        companies = SandboxCompanies.generate(count: configuration.companyCount, seed: configuration.seed)
    }

    func makeRouter() -> Router<SandboxRequestContext> {
        let router = Router(context: SandboxRequestContext.self)
        // Registered before the fault middleware, so that the knobs themselves never fail.
        FaultControlAPI(faults: faults, rateLimits: rateLimits).register(on: router)
        TicketControlAPI(sandbox: self).register(on: router)
        CompanyControlAPI(sandbox: self).register(on: router)
        router.add(middleware: FaultMiddleware(faults: faults, rateLimits: rateLimits))
        HaloSandboxAPI(sandbox: self).register(on: router)
        ConnectWiseSandboxAPI(sandbox: self).register(on: router)
        AutotaskSandboxAPI(sandbox: self).register(on: router)
        NerdioSandboxAPI(sandbox: self).register(on: router)
        return router
    }

    /// Starts listening on 127.0.0.1 (`port` 0 picks a free one) and returns once the
    /// server accepts connections.
    public func start(port: Int = 0) async throws -> RunningSandbox {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "psalink-sandbox"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? port)
                continuation.finish()
            },
            logger: Logger(label: "psalink.sandbox", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let task = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        guard let boundPort = await iterator.next() else {
            // The server stopped before it listened: its error says why.
            try await task.value
            throw SandboxError.couldNotStart
        }
        return RunningSandbox(
            endpoints: SandboxEndpoints(baseURL: "http://127.0.0.1:\(boundPort)", credentials: credentials),
            task: task)
    }
}

public enum SandboxError: Error, CustomStringConvertible {
    case couldNotStart

    public var description: String { "the sandbox could not listen on 127.0.0.1" }
}

/// A sandbox that is listening. `stop` shuts it down.
public struct RunningSandbox: Sendable {
    public let endpoints: SandboxEndpoints
    let task: Task<Void, any Error>

    public func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    /// Runs until the surrounding task is cancelled or the server fails.
    public func wait() async throws {
        try await task.value
    }
}
