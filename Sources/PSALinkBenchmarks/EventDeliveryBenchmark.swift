import Foundation
import PSACore
import PSASandbox
import SandboxConnections

/// 10,000 events over 1,000 dedupe keys through the outbox and the delivery worker, against
/// `psalink sandbox` in its own process: ingest rate, delivery rate, PSA requests per event
/// against the minimum, event-to-ticket latency, and whether any ticket was lost or doubled;
/// once clean and once with 5% of PSA requests answered 503 or 429.
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
        guard let sandbox = BackgroundProcess.start([binary, "sandbox", "--port", "0", "--companies", "200"]),
            let line = sandbox.firstLine,
            let endpoints = try? JSONDecoder().decode(SandboxEndpoints.self, from: Data(line.utf8))
        else {
            print("events: the sandbox did not start")
            return
        }
        defer { sandbox.stop() }
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
        let listing = try await PSAConnectors.make(credentials, client: HTTPClient()).companies { _ in }
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
            await control.inject(["fault": "status", "status": 503, "rate": 0.025])
            await control.inject(["fault": "status", "status": 429, "retryAfter": 1, "rate": 0.025])
        }
        let before = await control.requests()
        let client = HTTPClient()
        // HTTP-level retries off: the worker's own back-off is what is measured.
        let worker = DeliveryWorker(
            store: store,
            options: .init(concurrency: 8, maximumAttempts: 12, firstBackoff: 0.2, maximumBackoff: 5)
        ) { PSAConnectors.make($0, client: client, retry: .never) }
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
        let requests = await control.requests() - before
        await control.clearFaults()

        let events = try store.events(seqs: seqs)
        let latencies = events.map { $0.updatedAt.timeIntervalSince($0.receivedAt) * 1_000 }.sorted()
        let delivered = events.filter { $0.state == .delivered }.count
        let failed = events.filter { $0.state == .failed }
        let tickets = try store.trackedTickets()
        let minimum = keys * script.map(\.writes).reduce(0, +)
        // Lost: an event not delivered. Doubled: a key with more than one ticket row, or a
        // ticket the PSA holds twice (looked up by reference for a sample of keys).
        var doubled = Dictionary(grouping: tickets, by: \.dedupeKey).values.filter { $0.count > 1 }.count
        let connector = PSAConnectors.make(endpoints.credentials(for: system), client: client)
        for ticket in tickets.prefix(50) {
            if let found = try? await connector.findTicket(
                externalReference: ticket.externalReference, companyID: ticket.companyID),
                found.id != ticket.ticketID
            {
                doubled += 1
            }
        }
        let label = "\(system.rawValue)\(faulty ? " with 5% 503/429" : "")"
        print(
            "events [\(label)]: \(events.count) events in \(String(format: "%.1f", elapsed)) s = "
                + "\(Int(Double(events.count) / elapsed)) events/s (ingest alongside delivery: "
                + "\(Int(Double(events.count) / ingested)) events/s)")
        print(
            "events [\(label)]: PSA requests \(requests) for a minimum of \(minimum) = "
                + String(format: "%.3f", Double(requests) / Double(minimum))
                + "x (target within 1.05x without faults); "
                + "per event \(String(format: "%.2f", Double(requests) / Double(events.count)))")
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

/// The sandbox's fault knobs and request count over HTTP (`/sandbox/...`).
struct SandboxControl {
    let baseURL: String

    func inject(_ fault: [String: Any]) async {
        _ = await send("POST", "/sandbox/faults", body: try? JSONSerialization.data(withJSONObject: fault))
    }

    func clearFaults() async { _ = await send("DELETE", "/sandbox/faults") }

    /// Requests the sandbox has served so far, the knobs' own excluded.
    func requests() async -> Int {
        guard let data = await send("GET", "/sandbox/requests"),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return -1 }
        return object["count"] as? Int ?? -1
    }

    private func send(_ method: String, _ path: String, body: Data? = nil) async -> Data? {
        let client = HTTPClient()
        var request = HTTPRequest(method: HTTPMethod(rawValue: method), url: baseURL + path, body: body)
        if body != nil { request.headers.set(name: "Content-Type", value: "application/json") }
        return try? await client.send(request).body
    }
}
