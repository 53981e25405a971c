import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PSACore

/// `psalink serve`: events over HTTP, delivered as they arrive.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Accept events over HTTP (POST /events) and deliver them.",
        discussion: """
            POST /events takes one event or an array (the format of `events send`) with the header
            "Authorization: Bearer <token>", the token being the value of the --token-env variable.
            It answers 202 once the events are stored, with each event's state (accepted,
            duplicate, skipped or rejected with the reason); delivery to the PSA follows. GET
            /health answers {"status":"ok","pending":N}. On SIGTERM or Ctrl-C the server stops
            accepting, finishes the deliveries in flight, and exits; the rest stay in the outbox.
            On start it prints one JSON line with the address it listens on.
            Every --sync-every hours (6 unless given; 0 turns it off), the first time one period
            after the start, serve runs what psalink sync does: accounts, companies, mapping health
            and Auto Match of new accounts, as background work that never delays a ticket. A round
            that finds another sync running is skipped; problems go to standard error, and every
            round's summary to the audit log.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("Address and port to listen on (port 0 picks a free one).", valueName: "host:port"))
    var listen: String
    @Option(help: ArgumentHelp("Environment variable that holds the bearer token.", valueName: "var"))
    var tokenEnv: String
    @Option(help: ArgumentHelp("Largest request body accepted, in KB.", valueName: "kb"))
    var maxBodyKb: Int = 1_024
    // Unconditional: "--sync-every -1" is a negative number to refuse, not a missing value.
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Hours between periodic syncs (what psalink sync does); 0 turns them off.", valueName: "hours"))
    var syncEvery: Double = 6

    func validate() throws {
        guard Self.address(listen) != nil else {
            throw ValidationError("--listen: \"\(listen)\" is not host:port (for example 127.0.0.1:8080)")
        }
        guard (1...65_536).contains(maxBodyKb) else { throw ValidationError("--max-body-kb must be 1 to 65536") }
        guard syncEvery.isFinite, (0...SyncSchedule.maximumHours).contains(syncEvery) else {
            throw ValidationError(
                "--sync-every must be a number of hours from 0 (off) to \(Int(SyncSchedule.maximumHours))")
        }
    }

    static func address(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else {
            return nil
        }
        return (host, port)
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let token = environment[tokenEnv], !token.isEmpty else {
            throw CommandFailure("--token-env: the environment variable \(tokenEnv) is not set or is empty")
        }
        guard token.count >= 16 else {
            throw CommandFailure(
                "--token-env: the token in \(tokenEnv) is shorter than 16 characters; use a long random one")
        }
        let access = try StoreAccess(global, environment: environment)
        let (host, port) = Self.address(listen)!
        // One set of rate budgets for the process: the periodic sync's background requests wait
        // behind the deliveries' in the same budget.
        let makeConnector = connection.connectors(for: access.store)
        let worker = DeliveryWorker(
            store: access.store, options: connection.deliveryOptions, makeConnector: makeConnector)
        let server = EventServer(
            endpoint: EventEndpoint(store: access.store), token: BearerToken(token),
            maximumBodyBytes: maxBodyKb * 1_024, eventsArrived: { worker.eventsArrived() })
        let app = Application(
            router: server.router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "psalink"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                let line = "{\"listen\":\"http://\(host.contains(":") ? "[\(host)]" : host):\(bound)\"}\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            },
            logger: Logger(label: "psalink.serve", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let delivery = Task { await worker.run() }
        let syncing = startSyncSchedule(store: access.store, makeConnector: makeConnector)
        do {
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch {
            syncing?.cancel()
            worker.stop()
            await delivery.value
            await syncing?.value
            throw CommandFailure("could not serve on \(listen): \(error)")
        }
        // Requests in flight were answered; a sync in progress stops between requests (its
        // unfinished steps leave the previous state); the deliveries in flight finish.
        syncing?.cancel()
        worker.stop()
        await delivery.value
        await syncing?.value
    }

    /// The periodic sync, or nil when `--sync-every 0` turned it off.
    private func startSyncSchedule(
        store: Store, makeConnector: @escaping @Sendable (Credentials) -> any PSAConnector
    ) -> Task<Void, Never>? {
        guard let period = SyncSchedule.period(hours: syncEvery) else { return nil }
        let client = connection.client
        let schedule = SyncSchedule(
            sync: SyncRun(
                store: store, makeConnector: makeConnector,
                makeNerdioClient: { NerdioClient(settings: $0, client: client) }),
            period: period, report: { FileHandleOutput.error($0) })
        return Task { await schedule.run() }
    }
}
