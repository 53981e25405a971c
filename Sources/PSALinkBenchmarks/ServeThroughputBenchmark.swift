import Foundation
import PSACore
import PSASandbox
import SandboxConnections

#if canImport(Glibc)
    import Glibc
#endif

/// One `psalink serve` process against each emulated PSA with no rate limit set: 10,000 events
/// over 1,000 keys (2,000 over 200 for Autotask, whose emulated tenant keeps the vendor's hourly
/// budget) posted to `/events` in batches of 100, and the time until its outbox is empty.
/// The figure is what one process sustains end to end (HTTP intake, the outbox, delivery and
/// the PSA's answers), to set beside what each PSA's published limit allows one tenant.
enum ServeThroughputBenchmark {
    static let batch = 100
    static let token = "serve-benchmark-token-0123456789"

    static func run(binary: String, workFolder: String, keys: Int = 1_000, runs: Int = 3) async throws {
        try FileManager.default.createDirectory(atPath: workFolder, withIntermediateDirectories: true)
        print(
            "serve: events over \(keys) keys posted in batches of \(batch), one serve process, a new sandbox each run")
        setenv("PSALINK_BENCH_TOKEN", token, 1)
        for system in [PSASystem.connectwise, .halo, .autotask] {
            // The emulated Autotask tenant keeps the vendor's 10,000 requests an hour, and psalink
            // slows down well before it: a fifth of the keys stays clear of it.
            let systemKeys = system == .autotask ? keys / 5 : keys
            let events = systemKeys * EventDeliveryBenchmark.script.count
            var intake: [Double] = []
            var total: [Double] = []
            for run in 0..<runs {
                guard let sandbox = SandboxProcess.start(binary: binary, label: "serve") else { return }
                defer { sandbox.stop() }
                let database = workFolder + "/serve-\(system.rawValue)-\(run).sqlite"
                let store = try await EventDeliveryBenchmark.prepare(
                    system: system, endpoints: sandbox.endpoints, database: database)
                // The process's own capacity, not the PSA's published limit: the README sets the
                // two side by side.
                try store.saveIntegrationSettings(
                    [try IntegrationSettingAssignment(key: .rateLimit, value: "1000000/1")], forIntegration: 1)
                guard let (posted, emptied) = try await measure(binary: binary, database: database, keys: systemKeys)
                else {
                    print("serve: \(system.displayName): serve did not start or did not empty its outbox")
                    break
                }
                intake.append(Double(events) / posted)
                total.append(Double(events) / emptied)
            }
            guard !total.isEmpty else { continue }
            print(
                "serve: \(system.displayName), \(events) events: "
                    + "\(String(format: "%.0f", Measure.median(total))) events/s delivered end to end, "
                    + "intake \(String(format: "%.0f", Measure.median(intake))) events/s (medians of \(total.count) runs)"
            )
        }
    }

    /// Seconds until the last batch was accepted, and until the outbox was empty.
    private static func measure(binary: String, database: String, keys: Int) async throws -> (Double, Double)? {
        guard
            let serve = BackgroundProcess.start(
                [
                    binary, "--db", database, "serve", "--listen", "127.0.0.1:0", "--token-env", "PSALINK_BENCH_TOKEN",
                    "--sync-every", "0",
                ], discardErrors: true),
            let line = serve.firstLine,
            let listen = (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])?["listen"]
        else { return nil }
        defer { serve.stop() }
        let client = HTTPClient()
        let rounds = EventDeliveryBenchmark.script.count
        let all = (0..<rounds).flatMap { round in
            (0..<keys).map { EventDeliveryBenchmark.event(key: $0, round: round) }
        }
        let start = Measure.now()
        for first in stride(from: 0, to: all.count, by: batch) {
            let body =
                Data("[".utf8)
                + all[first..<min(first + batch, all.count)].map(\.json).joined(separator: Data(",".utf8))
                + Data("]".utf8)
            let response = try await client.send(
                HTTPRequest(
                    method: .post, url: listen + "/events",
                    headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"], body: body))
            guard response.status == 202 else {
                print("serve: POST /events answered \(response.status)")
                return nil
            }
        }
        let posted = seconds(since: start)
        let deadline = Date().addingTimeInterval(600)
        while Date() < deadline {
            let health = try await client.send(HTTPRequest(url: listen + "/health"))
            if let object = try? JSONSerialization.jsonObject(with: health.body) as? [String: Any],
                object["pending"] as? Int == 0
            {
                return (posted, seconds(since: start))
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    private static func seconds(since start: UInt64) -> Double { Double(Measure.now() - start) / 1_000_000_000 }
}
