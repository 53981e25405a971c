import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PSACore

#if canImport(Glibc)
    import Glibc
#endif

/// `psalink serve`: events over HTTP, delivered as they arrive.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Accept events over HTTP (POST /events) and deliver them.",
        discussion: """
            POST /events takes one event or an array (the format of `events send`) with the header \
            "Authorization: Bearer <token>". It answers 202 once the events are stored, with each \
            event's state (accepted, duplicate, skipped or rejected with the reason); delivery to the \
            PSA follows. GET /health answers {"status":"ok","pending":N}. On SIGTERM or Ctrl-C the \
            server stops accepting, finishes the deliveries in flight, and exits; the rest stay in \
            the outbox. On start it prints one JSON line with the address it listens on.

            GET /metrics, behind the same token, answers the Prometheus text format: this \
            process's intake, delivery attempts, PSA requests and rate-budget waits, and the \
            store's events, deliveries, outbox and mapping health whoever changed them. The log goes \
            to standard error as one JSON object per line (ts, level, label, message, then fields), \
            from --log-level up (info unless given).

            The token is the value of the --token-env variable or the content of the --token-file \
            file: exactly one of the two, at least 16 characters, trailing white space ignored. The \
            file must be a regular file that neither group nor others can read or write (0600 or \
            0400). In $CREDENTIALS_DIRECTORY, where systemd's LoadCredential= may show the ACL that \
            lets the service user read it as 0440, group read is allowed.

            Every --sync-every hours (6 unless given; 0 turns it off), the first time one period \
            after the start, serve runs what psalink sync does: accounts, companies, mapping health \
            and Auto Match of new accounts, as background work that never delays a ticket. A round \
            that finds another sync running is skipped; problems go to standard error, and every \
            round's summary to the audit log.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("Address and port to listen on (port 0 picks a free one).", valueName: "host:port"))
    var listen: String
    @Option(help: ArgumentHelp("Environment variable that holds the bearer token.", valueName: "var"))
    var tokenEnv: String?
    @Option(
        help: ArgumentHelp(
            "File that holds the bearer token (mode 0600 or 0400; for example %d/token under systemd).",
            valueName: "path"))
    var tokenFile: String?
    @Option(help: ArgumentHelp("Largest request body accepted, in KB.", valueName: "kb"))
    var maxBodyKb: Int = 1_024
    // Unconditional: "--sync-every -1" is a negative number to refuse, not a missing value.
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Hours between periodic syncs (what psalink sync does); 0 turns them off.", valueName: "hours"))
    var syncEvery: Double = 6
    @Option(help: ArgumentHelp("Least severe level written to the JSON log on standard error.", valueName: "level"))
    var logLevel: LogLevelOption = .info

    func validate() throws {
        switch (tokenEnv, tokenFile) {
        case (nil, nil): throw ValidationError("give the bearer token with --token-env VAR or --token-file PATH")
        case (.some, .some): throw ValidationError("give --token-env or --token-file, not both")
        default: break
        }
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
        let token =
            try tokenFile.map { try Self.readToken(file: $0, environment) }
            ?? Self.readToken(variable: tokenEnv!, environment)
        let access = try StoreAccess(global, environment: environment)
        let (host, port) = Self.address(listen)!
        let level = logLevel.level
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
        let log = ServiceLog(logger: Logger(label: "psalink.serve"))
        let metrics = ServiceMetrics(store: access.store)
        PSARequestObservation.addObserver { record in
            metrics.request(record)
            log.request(record)
        }
        BudgetWaitObservation.addObserver { key, waited in metrics.budgetWait(key.system, waited) }
        var deliveryOptions = connection.deliveryOptions
        let alsoOnDelivery = deliveryOptions.onDelivery
        deliveryOptions.onDelivery = { report in
            alsoOnDelivery?(report)
            metrics.delivery(report)
            log.delivery(report)
        }
        // One set of rate budgets for the process: the periodic sync's background requests wait
        // behind the deliveries' in the same budget.
        let makeConnector = connection.connectors(for: access.store)
        let worker = DeliveryWorker(
            store: access.store, options: deliveryOptions, makeConnector: makeConnector)
        let server = EventServer(
            endpoint: EventEndpoint(store: access.store), token: BearerToken(token),
            maximumBodyBytes: maxBodyKb * 1_024, metrics: metrics, log: log,
            eventsArrived: { worker.eventsArrived() })
        let app = Application(
            router: server.router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "psalink"),
            onServerRunning: { channel in
                let address = "\(host.contains(":") ? "[\(host)]" : host):\(channel.localAddress?.port ?? port)"
                FileHandle.standardOutput.write(Data("{\"listen\":\"http://\(address)\"}\n".utf8))
                log.started(listening: address)
                // For psalink doctor, which asks this address for /health. Not being recorded
                // only makes doctor report that serve has not run; serving goes on.
                try? access.store.recordServeStart(.current(listenURL: "http://\(address)"))
            },
            logger: Logger(label: "psalink.serve", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let delivery = Task { await worker.run() }
        let syncing = startSyncSchedule(store: access.store, makeConnector: makeConnector, log: log, metrics: metrics)
        do {
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
            _ = try? access.store.clearServeInstance()
        } catch {
            syncing?.cancel()
            worker.stop()
            await delivery.value
            await syncing?.value
            log.failed("could not serve on \(listen): \(error)")
            throw CommandFailure("could not serve on \(listen): \(error)")
        }
        log.stopping()
        // Requests in flight were answered; a sync in progress stops between requests (its
        // unfinished steps leave the previous state); the deliveries in flight finish.
        syncing?.cancel()
        worker.stop()
        await delivery.value
        await syncing?.value
        log.stopped()
    }

    private static func readToken(variable: String, _ environment: [String: String]) throws(CommandFailure)
        -> String
    {
        guard let token = environment[variable], !token.isEmpty else {
            throw CommandFailure("--token-env: the environment variable \(variable) is not set or is empty")
        }
        guard token.count >= minimumTokenLength else {
            throw CommandFailure(
                "--token-env: the token in \(variable) is shorter than 16 characters; use a long random one")
        }
        return token
    }

    private static let minimumTokenLength = 16
    // Far above any sane token; keeps a wrong path (a log, a database) from being read whole.
    private static let maximumTokenFileBytes = 4_096

    /// The token in `path`, refused when others could read or replace it: whoever can read the
    /// file can send events, whoever can write it can lock the senders out.
    private static func readToken(file path: String, _ environment: [String: String]) throws(CommandFailure)
        -> String
    {
        // Checked on the opened descriptor, so the file checked is the file read.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw CommandFailure("--token-file: cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw CommandFailure("--token-file: \(path) is not a regular file")
        }
        let permissions = info.st_mode & 0o777
        // systemd gives a service user its credential with an ACL entry where the file system has
        // ACLs (tmpfs; ramfs gets a chown instead), and stat shows the ACL's mask as group bits:
        // a credential of systemd's reads 0440 while only the service user can read it.
        let groupMayRead = isSystemdCredential(path, environment) ? mode_t(0o040) : 0
        guard permissions & 0o077 & ~groupMayRead == 0 else {
            throw CommandFailure(
                "--token-file: \(path) is open to group or others (mode 0\(String(permissions, radix: 8)));"
                    + " chmod 600 it")
        }
        guard info.st_size <= maximumTokenFileBytes else {
            throw CommandFailure("--token-file: \(path) is larger than \(maximumTokenFileBytes) bytes")
        }
        var bytes = [UInt8](repeating: 0, count: maximumTokenFileBytes + 1)
        var count = 0
        while count < bytes.count {
            let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + count, $0.count - count) }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else {
                throw CommandFailure("--token-file: cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if got == 0 { break }
            count += got
        }
        guard count <= maximumTokenFileBytes else {
            throw CommandFailure("--token-file: \(path) is larger than \(maximumTokenFileBytes) bytes")
        }
        var token = String(decoding: bytes[..<count], as: UTF8.self)
        while let last = token.last, last.isWhitespace { token.removeLast() }
        guard !token.isEmpty else { throw CommandFailure("--token-file: \(path) is empty") }
        // A header value cannot carry these, so such a token could never match.
        guard !token.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw CommandFailure("--token-file: \(path) holds more than one line or a control character")
        }
        guard token.count >= minimumTokenLength else {
            throw CommandFailure(
                "--token-file: the token in \(path) is shorter than 16 characters; use a long random one")
        }
        return token
    }

    /// Whether `path` is in the credentials folder systemd made for this service: read-only, and
    /// only the service user can enter it.
    private static func isSystemdCredential(_ path: String, _ environment: [String: String]) -> Bool {
        guard let folder = environment["CREDENTIALS_DIRECTORY"], !folder.isEmpty else { return false }
        let parent = (path as NSString).deletingLastPathComponent
        return (parent as NSString).standardizingPath == (folder as NSString).standardizingPath
    }

    /// The periodic sync, or nil when `--sync-every 0` turned it off.
    private func startSyncSchedule(
        store: Store, makeConnector: @escaping @Sendable (Credentials) -> any PSAConnector, log: ServiceLog,
        metrics: ServiceMetrics
    ) -> Task<Void, Never>? {
        guard let period = SyncSchedule.period(hours: syncEvery) else { return nil }
        let client = connection.client
        let schedule = SyncSchedule(
            sync: SyncRun(
                store: store, makeConnector: makeConnector,
                makeNerdioClient: { NerdioClient(settings: $0, client: client) }),
            period: period,
            report: { round in
                switch round {
                case .finished(let summaries):
                    metrics.syncRound(summaries.contains { $0.failed } ? .failed : .ok)
                    log.syncFinished(summaries)
                case .skipped(let reason):
                    metrics.syncRound(.skipped)
                    log.syncProblem(reason)
                case .couldNotStart(let reason):
                    metrics.syncRound(.error)
                    log.syncProblem(reason)
                }
            })
        return Task { await schedule.run() }
    }
}
