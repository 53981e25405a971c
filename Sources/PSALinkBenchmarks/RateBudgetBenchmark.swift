import Foundation
import PSACore
import PSASandbox
import SandboxConnections

/// psalink under a PSA's rate limit (issue 14): the sandbox, in its own process, accepts 30
/// requests per rolling 10 s per PSA and answers the rest 429; psalink delivers 90 new keys then
/// 90 repeats. Per PSA: requests sent while an earlier 429's `Retry-After` was still running
/// (must be 0), requests against the minimum (a run with no limit at all), and wall time against
/// the time the limit allows for the requests sent.
///
/// Three ways: the admin set `rate-limit=30/10`, as the PSA's limit is (three runs, medians);
/// psalink left at its default and learning the limit from the 429s; and a PSA whose 429s carry
/// no `Retry-After`, with the limit set.
enum RateBudgetBenchmark {
    static let limit = RateLimit(count: 30, seconds: 10)
    static let keys = 90

    struct Figures {
        var requests = 0
        var early = 0
        var throttled = 0
        var seconds = 0.0
        var delivered = 0
        var events = 0

        /// The earliest the last of `requests` requests can be sent under the limit.
        var allowedSeconds: Double {
            Double((max(requests, 1) - 1) / RateBudgetBenchmark.limit.count * RateBudgetBenchmark.limit.seconds)
        }
    }

    static func run(binary: String, workFolder: String) async throws {
        guard let sandbox = SandboxProcess.start(binary: binary, label: "budget") else { return }
        defer { sandbox.stop() }
        let endpoints = sandbox.endpoints
        try FileManager.default.createDirectory(atPath: workFolder, withIntermediateDirectories: true)
        let control = SandboxControl(baseURL: endpoints.baseURL)
        print(
            "budget: \(keys) new keys then \(keys) repeats, the PSA limiting to \(limit.count) requests per \(limit.seconds) s"
        )
        for system in [PSASystem.connectwise, .halo, .autotask] {
            let database = workFolder + "/budget-\(system.rawValue).sqlite"
            let minimum = try await deliver(
                system: system, endpoints: endpoints, control: control, database: database, psaLimit: nil,
                setting: nil, budgeted: false)
            var configured: [Figures] = []
            for _ in 0..<3 {
                configured.append(
                    try await deliver(
                        system: system, endpoints: endpoints, control: control, database: database,
                        psaLimit: (limit, true), setting: limit, budgeted: true))
            }
            report(system: system, "rate-limit=30/10, medians of 3", configured, minimum: minimum.requests)
            let learning = try await deliver(
                system: system, endpoints: endpoints, control: control, database: database, psaLimit: (limit, true),
                setting: nil, budgeted: true)
            report(system: system, "default limit, learnt from 429s", [learning], minimum: minimum.requests)
            let silent = try await deliver(
                system: system, endpoints: endpoints, control: control, database: database, psaLimit: (limit, false),
                setting: limit, budgeted: true)
            report(system: system, "rate-limit=30/10, 429s without Retry-After", [silent], minimum: minimum.requests)
        }
    }

    static func report(system: PSASystem, _ label: String, _ runs: [Figures], minimum: Int) {
        func median(_ value: (Figures) -> Double) -> Double { Measure.median(runs.map(value)) }
        let requests = median { Double($0.requests) }
        let seconds = median(\.seconds)
        let allowed = median(\.allowedSeconds)
        print(
            "budget [\(system.rawValue), \(label)]: early \(Int(median { Double($0.early) })), "
                + "429s \(Int(median { Double($0.throttled) })), requests \(Int(requests)) against a minimum of "
                + "\(minimum) = \(Measure.format(requests / Double(max(minimum, 1))))x (target <= 1.05), "
                + "\(Measure.format(seconds)) s against \(Measure.format(allowed)) s allowed = "
                + "\(Measure.format(seconds / max(allowed, 1)))x (target <= 1.20), "
                + "delivered \(runs.map(\.delivered).min() ?? 0) of \(runs.first?.events ?? 0)")
    }

    /// One run on a new database: the PSA's limit as given (none for the minimum), psalink's
    /// `rate-limit` setting as given, and the worker's requests drawing from the budget or not.
    static func deliver(
        system: PSASystem, endpoints: SandboxEndpoints, control: SandboxControl, database: String,
        psaLimit: (RateLimit, retryAfter: Bool)?, setting: RateLimit?, budgeted: Bool
    ) async throws -> Figures {
        let store = try await EventDeliveryBenchmark.prepare(system: system, endpoints: endpoints, database: database)
        let integrationID = try store.integrations()[0].id
        if let setting {
            try store.saveIntegrationSettings(
                [IntegrationSettingAssignment(key: .rateLimit, value: setting.description)],
                forIntegration: integrationID)
        }
        await control.clearFaults()
        if let (limit, retryAfter) = psaLimit {
            await control.inject([
                "fault": "ratelimit", "psa": system.rawValue, "count": limit.count, "seconds": limit.seconds,
                "retryAfter": retryAfter,
            ])
        }
        let before = await control.requests()
        let budgets = budgeted ? RateBudgets(store: store) : nil
        let client = HTTPClient()
        let worker = DeliveryWorker(store: store) {
            PSAConnectors.make($0, client: client, budgets: budgets)
        }
        let events =
            (0..<keys).map { event(key: $0, id: "new-\($0)", severity: .medium) }
            + (0..<keys).map { event(key: $0, id: "repeat-\($0)", severity: .medium) }
        let start = Date()
        let delivery = Task { await worker.run() }
        let seqs = try EventIntake(store: store).accept(events).compactMap { result -> Int64? in
            if case .accepted(let stored) = result { return stored.seq }
            return nil
        }
        worker.eventsArrived()
        while try store.pendingEvents().count > 0, Date().timeIntervalSince(start) < 600 {
            try await Task.sleep(for: .milliseconds(20))
        }
        var figures = Figures()
        figures.seconds = Date().timeIntervalSince(start)
        worker.stop()
        await delivery.value
        figures.requests = await control.requests() - before
        if let statistics = await statistics(control: control, system: system) {
            figures.early = statistics.early
            figures.throttled = statistics.throttled
        }
        figures.events = seqs.count
        figures.delivered = try store.events(seqs: seqs).filter { $0.state == .delivered }.count
        await control.clearFaults()
        return figures
    }

    static func event(key: Int, id: String, severity: NotificationEvent.Severity) -> NotificationEvent {
        NotificationEvent(
            id: id, accountID: "acc-\(key % 100)",
            condition: .init(id: "cond-budget", type: .usage, name: "Storage above threshold"),
            severity: severity, state: .firing, target: "vm/\(key)", title: "Storage above threshold on vm/\(key)",
            details: "Budget benchmark.")
    }

    static func statistics(control: SandboxControl, system: PSASystem) async -> (early: Int, throttled: Int)? {
        guard let data = await control.send("GET", "/sandbox/ratelimit"),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let psa = object[system.rawValue] as? [String: Any]
        else { return nil }
        return (psa["early"] as? Int ?? -1, psa["throttled"] as? Int ?? -1)
    }
}
