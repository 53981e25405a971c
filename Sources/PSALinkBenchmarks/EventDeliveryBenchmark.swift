import Foundation
import PSACore
import PSASandbox
import SandboxConnections

/// 10,000 events over 1,000 dedupe keys through the outbox and the delivery worker, against
/// `psalink sandbox` in its own process: ingest rate, delivery rate, PSA requests per event
/// against the minimum, discovery calls per 1,000 events, event-to-ticket latency, and whether
/// any ticket was lost or doubled; once clean and once with faults on every endpoint, discovery
/// and token calls included (5% of requests answered 500, 502, 503 or 429, 1% dropped).
enum EventDeliveryBenchmark {
    /// One key's life: each step's state and severity, and the PSA writes it needs at least.
    static let script: [(state: NotificationEvent.State, severity: NotificationEvent.Severity, writes: Int)] = [
        (.firing, .low, 1),  // create
        (.firing, .low, 1),  // note
        (.firing, .high, 2),  // note, priority raised
        (.firing, .high, 1),  // note
        (.resolved, .high, 2),  // resolved status, note
        (.firing, .medium, 2),  // reopened: status, note
        (.firing, .critical, 2),  // note, priority raised
        (.firing, .critical, 1),  // note
        (.firing, .critical, 1),  // note
        (.cancelled, .critical, 2),  // cancelled status, note
    ]

    static let settings: [PSASystem: [String: String]] = [
        .connectwise: [
            "board": "1", "open-status": "16", "resolved-status": "22", "cancelled-status": "23",
            "priority.default": "4", "priority.high": "8", "priority.critical": "15",
        ],
        .halo: [
            "ticket-type": "1", "open-status": "1", "resolved-status": "8", "cancelled-status": "22",
            "priority.default": "3", "priority.high": "2", "priority.critical": "1",
        ],
        .autotask: [
            "queue": "29683354", "ticket-type": "5", "open-status": "1", "resolved-status": "5",
            "cancelled-status": "5", "priority.default": "2", "priority.high": "1", "priority.critical": "4",
        ],
    ]

    static func run(binary: String, workFolder: String, keys: Int = 1_000) async throws {
        guard let sandbox = SandboxProcess.start(binary: binary, label: "events") else { return }
        defer { sandbox.stop() }
        let endpoints = sandbox.endpoints
        try FileManager.default.createDirectory(atPath: workFolder, withIntermediateDirectories: true)
        print("events: \(keys * script.count) events over \(keys) keys, sandbox in its own process")
        for system in [PSASystem.connectwise, .halo, .autotask] {
            for faulty in [false, true] {
                try await deliver(
                    system: system, faulty: faulty, keys: keys, endpoints: endpoints,
                    database: workFolder + "/events-\(system.rawValue)-\(faulty).sqlite")
            }
        }
        try await ingestOnly(workFolder: workFolder, endpoints: endpoints)
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print("events: peak memory \(usage.ru_maxrss / 1024) MB (worker, store and ingest; sandbox excluded)")
    }

    /// A store with one integration, 100 mapped accounts and the system's ticket settings.
    static func prepare(system: PSASystem, endpoints: SandboxEndpoints, database: String) async throws -> Store {
        try? FileManager.default.removeItem(atPath: database)
        let store = try Store.open(at: database)
        let credentials = endpoints.credentials(for: system)
        let integration = try store.insert(
            NewIntegration(system: system, displayName: system.displayName), credentials: credentials.storedFields)
        let id = integration.id
        let listing = try await PSAConnectors.make(credentials, client: HTTPClient(), budgets: nil).companies { _ in }
        try store.replaceCompanies(listing.companies, forIntegration: id)
        let companies = listing.companies.filter { $0.isActive && !$0.isMSP }.prefix(100)
        _ = try store.importAccounts(
            companies.indices.map {
                NerdioAccount(id: "acc-\($0)", name: "Account \($0)", tenantID: UUID().uuidString.lowercased())
            })
        for (index, company) in companies.enumerated() {
            try store.setMapping(integration: id, account: "acc-\(index)", company: company.id)
        }
        try store.saveTicketSettings(settings[system]!, forIntegration: id)
        // Each key's reopen counts as a new ticket: the breaker would fold the second half of
        // every company's tickets into a storm ticket. This run measures delivery itself; the
        // `noise` benchmark measures the breaker.
        try store.saveIntegrationSettings(
            [try IntegrationSettingAssignment(key: .storm, value: "off")], forIntegration: id)
        return store
    }

    /// Round `round` of every key: keys progress together, each in its own order.
    static func event(key: Int, round: Int) -> NotificationEvent {
        let step = script[round]
        return NotificationEvent(
            id: "k\(key)-\(round)", accountID: "acc-\(key % 100)",
            condition: .init(id: "cond-\(key / 100)", type: .usage, name: "Storage above threshold"),
            severity: step.severity, state: step.state, target: "vm/\(key)",
            title: "Storage above threshold on vm/\(key)",
            details: "Round \(round)")
    }

    static func deliver(system: PSASystem, faulty: Bool, keys: Int, endpoints: SandboxEndpoints, database: String)
        async throws
    {
        let store = try await prepare(system: system, endpoints: endpoints, database: database)
        let control = SandboxControl(baseURL: endpoints.baseURL)
        await control.clearFaults()
        if faulty {
            for status in [500, 502, 503] {
                await control.inject(["fault": "status", "status": status, "rate": 0.0125])
            }
            await control.inject(["fault": "status", "status": 429, "retryAfter": 1, "rate": 0.0125])
            await control.inject(["fault": "drop", "rate": 0.01])
        }
        let counter = RequestCounter(system: system, control: control)
        let before = await counter.count()
        let client = HTTPClient()
        // HTTP-level retries off: the worker's own back-off is what is measured. The sandbox's
        // dropped connections never carry out the request, so a create that got no answer can
        // be looked up soon after.
        let worker = DeliveryWorker(
            store: store,
            options: .init(
                concurrency: 8, maximumAttempts: 12, firstBackoff: 0.2, maximumBackoff: 5, unansweredSettleTime: 0.5)
        ) { PSAConnectors.make($0, client: client, retry: .never, budgets: nil) }
        let intake = EventIntake(store: store)
        let start = Date()
        let delivery = Task { await worker.run() }
        var seqs: [Int64] = []
        for round in script.indices {
            for key in 0..<keys {
                for result in try intake.accept([event(key: key, round: round)]) {
                    if case .accepted(let stored) = result { seqs.append(stored.seq) }
                }
                worker.eventsArrived()
            }
        }
        let ingested = Date().timeIntervalSince(start)
        while try store.pendingEvents().count > 0 { try await Task.sleep(for: .milliseconds(50)) }
        let elapsed = Date().timeIntervalSince(start)
        worker.stop()
        await delivery.value
        let counted = await counter.count() - before
        await control.clearFaults()

        let events = try store.events(seqs: seqs)
        let latencies = events.map { $0.updatedAt.timeIntervalSince($0.receivedAt) * 1_000 }.sorted()
        let delivered = events.filter { $0.state == .delivered }.count
        let failed = events.filter { $0.state == .failed }
        let tickets = try store.trackedTickets()
        let fewestWrites = keys * script.map(\.writes).reduce(0, +)
        // Lost: an event not delivered. Doubled: a key with more than one ticket row, or a
        // ticket the PSA holds twice (looked up by reference for a sample of keys).
        var doubled = Dictionary(grouping: tickets, by: \.dedupeKey).values.filter { $0.count > 1 }.count
        let connector = PSAConnectors.make(endpoints.credentials(for: system), client: client, budgets: nil)
        for ticket in tickets.prefix(50) {
            if let found = try? await connector.findTicket(
                externalReference: ticket.externalReference, companyID: ticket.companyID),
                found.id != ticket.ticketID
            {
                doubled += 1
            }
        }
        let label = "\(system.rawValue)\(faulty ? " with 5% 5xx/429, 1% drops" : "")"
        print(
            "events [\(label)]: \(events.count) events in \(String(format: "%.1f", elapsed)) s = "
                + "\(Int(Double(events.count) / elapsed)) events/s (ingest alongside delivery: "
                + "\(Int(Double(events.count) / ingested)) events/s)")
        for line in counter.report(counted, events: events.count, writes: fewestWrites, tickets: tickets.count) {
            print("events [\(label)]: \(line)")
        }
        print(
            "events [\(label)]: event-to-ticket latency p50 \(Measure.format(percentile(latencies, 0.5))) ms, "
                + "p99 \(Measure.format(percentile(latencies, 0.99))) ms")
        print(
            "events [\(label)]: delivered \(delivered), failed \(failed.count), lost \(events.count - delivered - failed.count), "
                + "tickets \(tickets.count) for \(keys) keys, doubled \(doubled)"
                + (failed.first.map { "; first failure: \($0.lastError ?? "?")" } ?? ""))
    }

    /// `serve`'s intake without delivery: one event per transaction, as single-event POSTs are.
    static func ingestOnly(workFolder: String, endpoints: SandboxEndpoints) async throws {
        let database = workFolder + "/ingest.sqlite"
        try? FileManager.default.removeItem(atPath: database)
        let store = try Store.open(at: database)
        let integration = try store.insert(
            NewIntegration(system: .connectwise, displayName: "CW"),
            credentials: endpoints.credentials(for: .connectwise).storedFields)
        let id = integration.id
        try store.replaceCompanies(
            [PSACompany(id: "1", name: "Customer")], forIntegration: id)
        _ = try store.importAccounts(
            (0..<100).map { NerdioAccount(id: "acc-\($0)", name: "A\($0)", tenantID: UUID().uuidString) })
        for index in 0..<100 { try store.setMapping(integration: id, account: "acc-\(index)", company: "1") }
        let intake = EventIntake(store: store)
        var rates: [Double] = []
        var key = 0
        for _ in 0..<5 {
            let start = Measure.now()
            for _ in 0..<2_000 {
                key += 1
                _ = try intake.accept([event(key: key, round: key % script.count)])
            }
            rates.append(2_000 / (Double(Measure.now() - start) / 1e9))
        }
        print(
            "events: ingest into the outbox, one event per transaction: median \(Int(Measure.median(rates))) events/s "
                + "(target > 1000)")
        var batchRates: [Double] = []
        for _ in 0..<5 {
            let start = Measure.now()
            for _ in 0..<20 {
                let batch = (0..<100).map { _ in
                    key += 1
                    return event(key: key, round: key % script.count)
                }
                _ = try intake.accept(batch)
            }
            batchRates.append(2_000 / (Double(Measure.now() - start) / 1e9))
        }
        // `serve` under 16 concurrent senders of one event each: grouped into shared commits.
        let grouped = GroupedIntake(store: store)
        var concurrentRates: [Double] = []
        for _ in 0..<5 {
            let first = key
            key += 2_000
            let start = Measure.now()
            await withTaskGroup(of: Void.self) { senders in
                for sender in 0..<16 {
                    senders.addTask {
                        for n in stride(from: sender, to: 2_000, by: 16) {
                            let k = first + n + 1
                            _ = await grouped.accept([event(key: k, round: k % script.count)])
                        }
                    }
                }
            }
            concurrentRates.append(2_000 / (Double(Measure.now() - start) / 1e9))
        }
        print(
            "events: ingest into the outbox, 16 concurrent senders of one event each (serve): "
                + "median \(Int(Measure.median(concurrentRates))) events/s (target > 1000)")
        print(
            "events: ingest into the outbox, 100 events per transaction (an NDJSON file, a POST of an array): "
                + "median \(Int(Measure.median(batchRates))) events/s (target > 1000)")
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }
}

/// The PSA requests of a delivery run by kind, read from the sandbox's request log
/// (`/sandbox/requests?contains=`): ticket writes, single-ticket reads (the state read before a
/// note; for Autotask also the ticket-number read-back after a create), lookups of a ticket by
/// its external reference, the once-per-connector setup reads, and discovery and token calls.
struct RequestCounter {
    let system: PSASystem
    let control: SandboxControl

    /// Request log lines (`METHOD /path?query`) of one kind, as the connector spells them:
    /// those containing any of `counted`, less those containing any of `excluded`.
    struct Kind {
        var counted: [String]
        var excluded: [String] = []
    }

    struct Counts {
        var total = 0
        var writes = 0
        var ticketReads = 0
        var lookups = 0
        var setup = 0
        var discovery: [(name: String, count: Int)] = []

        static func - (after: Counts, before: Counts) -> Counts {
            Counts(
                total: after.total - before.total, writes: after.writes - before.writes,
                ticketReads: after.ticketReads - before.ticketReads, lookups: after.lookups - before.lookups,
                setup: after.setup - before.setup,
                discovery: zip(after.discovery, before.discovery).map { ($0.name, $0.count - $1.count) })
        }

        var discoveryCalls: Int { discovery.map(\.count).reduce(0, +) }
        var other: Int { total - writes - ticketReads - lookups - setup - discoveryCalls }
    }

    var writes: Kind {
        switch system {
        case .connectwise:
            Kind(counted: [
                "POST /v4_6_release/apis/3.0/service/tickets", "PATCH /v4_6_release/apis/3.0/service/tickets/",
            ])
        case .halo: Kind(counted: ["POST /api/Tickets", "POST /api/Actions"])
        case .autotask:
            Kind(
                counted: ["POST /atservicesrest/v1.0/Tickets", "PATCH /atservicesrest/v1.0/Tickets"],
                excluded: ["POST /atservicesrest/v1.0/Tickets/query"])
        }
    }

    var ticketReads: Kind {
        switch system {
        case .connectwise: Kind(counted: ["GET /v4_6_release/apis/3.0/service/tickets/"])
        case .halo: Kind(counted: ["GET /api/Tickets/"])
        case .autotask:
            Kind(
                counted: ["GET /atservicesrest/v1.0/Tickets/"],
                excluded: ["GET /atservicesrest/v1.0/Tickets/entityInformation"])
        }
    }

    var lookups: Kind {
        switch system {
        case .connectwise: Kind(counted: ["GET /v4_6_release/apis/3.0/service/tickets?"])
        case .halo: Kind(counted: ["GET /api/Tickets?"])
        case .autotask: Kind(counted: ["POST /atservicesrest/v1.0/Tickets/query"])
        }
    }

    var setup: Kind {
        switch system {
        case .connectwise: Kind(counted: [])
        case .halo: Kind(counted: ["GET /api/Outcome"])
        case .autotask: Kind(counted: ["/entityInformation/"])
        }
    }

    var discovery: [(name: String, text: String)] {
        switch system {
        case .connectwise: [("companyinfo", "GET /login/companyinfo/")]
        case .halo: [("authinfo", "GET /api/authinfo"), ("token", "POST /auth/token")]
        case .autotask: [("zoneInformation", "GET /atservicesrest/v1.0/zoneInformation")]
        }
    }

    func count(_ kind: Kind) async -> Int {
        var count = 0
        for text in kind.counted { count += await control.requests(text) }
        for text in kind.excluded { count -= await control.requests(text) }
        return count
    }

    func count() async -> Counts {
        var counts = Counts(total: await control.requests())
        counts.writes = await count(writes)
        counts.ticketReads = await count(ticketReads)
        counts.lookups = await count(lookups)
        counts.setup = await count(setup)
        for (name, text) in discovery { counts.discovery.append((name, await control.requests(text))) }
        return counts
    }

    /// Lines for a run of `events` events that needed at least `writes` writes and made
    /// `tickets` tickets. The state reads psalink made before a note (when it had not seen the
    /// ticket for a minute) count as part of the minimum; Autotask's goal adds the number
    /// read-back after each create, one per ticket: Autotask answers a create with the id only.
    /// Discovery is counted apart; its goal is one lookup per integration and process (and one
    /// HaloPSA token while it lasts), plus the lookups the PSA asked for by saying the cached
    /// one is wrong.
    func report(_ counts: Counts, events: Int, writes fewestWrites: Int, tickets: Int) -> [String] {
        let readBacks = system == .autotask ? min(counts.ticketReads, tickets) : 0
        let stateReads = counts.ticketReads - readBacks
        let minimum = fewestWrites + stateReads
        let goal = minimum + (system == .autotask ? tickets : 0)
        func perEvent(_ value: Int) -> String { String(format: "%.3f", Double(value) / Double(events)) }
        func ratio(_ value: Int) -> String { String(format: "%.3fx", Double(value) / Double(minimum)) }
        func perThousand(_ value: Int) -> String { String(format: "%.2f", Double(value) * 1_000 / Double(events)) }
        var parts = ["writes \(counts.writes) (fewest \(fewestWrites))", "state reads \(stateReads)"]
        if system == .autotask { parts.append("number read-backs \(readBacks)") }
        parts += [
            "lookups by reference \(counts.lookups)", "setup reads \(counts.setup)",
            "discovery \(counts.discoveryCalls)",
        ]
        if counts.other != 0 { parts.append("other \(counts.other)") }
        let names = counts.discovery.map { "\($0.name) \($0.count)" }.joined(separator: ", ")
        return [
            "PSA requests per event \(perEvent(counts.total)) against a minimum of \(perEvent(minimum)) = "
                + "\(ratio(counts.total)) (goal \(ratio(goal))"
                + "\(system == .autotask ? ", the minimum plus the number read-back" : ""))",
            "PSA requests \(counts.total): " + parts.joined(separator: ", "),
            "discovery calls per 1,000 events \(perThousand(counts.discoveryCalls)) (\(names); goal "
                + "\(perThousand(discovery.count)): one per integration and process)",
        ]
    }
}

/// The sandbox's fault knobs and request count over HTTP (`/sandbox/...`).
struct SandboxControl {
    let baseURL: String

    func inject(_ fault: [String: Any]) async {
        _ = await send("POST", "/sandbox/faults", body: try? JSONSerialization.data(withJSONObject: fault))
    }

    func clearFaults() async { _ = await send("DELETE", "/sandbox/faults") }

    /// Requests the sandbox has served so far whose method, path and query contain `text`
    /// (all of them without it), the knobs' own excluded.
    func requests(_ text: String = "") async -> Int {
        let query = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        guard let data = await send("GET", "/sandbox/requests" + (text.isEmpty ? "" : "?contains=" + query)),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return -1 }
        return object["count"] as? Int ?? -1
    }

    func send(_ method: String, _ path: String, body: Data? = nil) async -> Data? {
        let client = HTTPClient()
        var request = HTTPRequest(method: HTTPMethod(rawValue: method), url: baseURL + path, body: body)
        if body != nil { request.headers.set(name: "Content-Type", value: "application/json") }
        return try? await client.send(request).body
    }
}
