import Foundation
import PSACore
import PSASandbox
import SandboxConnections

/// An alert storm against each emulated PSA: 1,000 firing events for 200 keys of one customer
/// within one minute, with the default `storm=10/10`: once spread evenly over the minute and
/// once sent as fast as they are taken. Prints the tickets opened (the goal is N + 1: ten of
/// their own and the storm's parent), the PSA requests against the minimum, and when the last
/// fold was delivered, counted from the first event and from the last.
enum NoiseBenchmark {
    static let keys = 200
    static let rounds = 5

    static func run(binary: String, workFolder: String) async throws {
        guard let sandbox = SandboxProcess.start(binary: binary, label: "noise") else { return }
        defer { sandbox.stop() }
        let endpoints = sandbox.endpoints
        try FileManager.default.createDirectory(atPath: workFolder, withIntermediateDirectories: true)
        print(
            "noise: \(keys * rounds) firing events for \(keys) keys of one customer, "
                + "storm=\(StormLimit.standard.description)")
        for system in [PSASystem.connectwise, .halo, .autotask] {
            for spread in [60.0, 0] {
                try await storm(
                    system: system, spread: spread, endpoints: endpoints,
                    database: workFolder + "/noise-\(system.rawValue)-\(Int(spread)).sqlite")
            }
        }
    }

    static func event(key: Int, round: Int) -> NotificationEvent {
        NotificationEvent(
            id: "s\(key)-\(round)", accountID: "acc-0",
            condition: .init(id: "cond-backup", type: .backup, name: "Backup failed"), severity: .high,
            state: .firing, target: "vm/\(key)", title: "Backup failed on vm/\(key)", details: "Round \(round)")
    }

    static func storm(system: PSASystem, spread: TimeInterval, endpoints: SandboxEndpoints, database: String)
        async throws
    {
        let store = try await EventDeliveryBenchmark.prepare(system: system, endpoints: endpoints, database: database)
        let integrationID = try store.integrations()[0].id
        // The default breaker, not the delivery benchmark's `off`.
        try store.saveIntegrationSettings(
            [try IntegrationSettingAssignment(key: .storm, value: nil)], forIntegration: integrationID)
        let control = SandboxControl(baseURL: endpoints.baseURL)
        await control.clearFaults()
        let counter = RequestCounter(system: system, control: control)
        let before = await counter.count()
        let client = HTTPClient()
        let worker = DeliveryWorker(store: store) {
            PSAConnectors.make($0, client: client, retry: .never, budgets: nil)
        }
        let intake = EventIntake(store: store)
        let delivery = Task { await worker.run() }
        let total = keys * rounds
        let start = Date()
        var sent = 0
        for round in 0..<rounds {
            for key in 0..<keys {
                _ = try intake.accept([event(key: key, round: round)])
                worker.eventsArrived()
                sent += 1
                let due = start.addingTimeInterval(spread * Double(sent) / Double(total))
                let wait = due.timeIntervalSinceNow
                if wait > 0 { try await Task.sleep(for: .milliseconds(Int(wait * 1_000))) }
            }
        }
        let lastEvent = Date()
        while try store.pendingEvents().count > 0 { try await Task.sleep(for: .milliseconds(20)) }
        let settled = Date().timeIntervalSince(lastEvent)
        let parentRows = try store.trackedTickets().filter { $0.dedupeKey.hasPrefix("storm|") }.map(\.row)
        let lastFold = try parentRows.flatMap { try store.events(ofTicket: $0) }.map(\.updatedAt).max() ?? start
        worker.stop()
        await delivery.value
        let counted = await counter.count() - before

        let tickets = try store.trackedTickets()
        let parents = tickets.filter { $0.dedupeKey.hasPrefix("storm|") }
        let storms = try store.storms()
        let limit = StormLimit.standard.tickets
        let folded = keys - limit
        // The fewest writes: each ticket's create, a note for every fold but the first (which is
        // in the parent's text), and a note for each repeat of the keys with their own tickets.
        let fewestWrites = (limit + 1) + (folded - 1) + limit * (rounds - 1)
        let label = "noise [\(system.rawValue), \(spread > 0 ? "over \(Int(spread)) s" : "at once")]"
        print(
            "\(label): tickets opened \(tickets.count) (goal \(limit + 1)), parents \(parents.count), "
                + "storms \(storms.count), keys folded \(storms.first?.keys ?? 0) of \(folded)")
        for line in counter.report(counted, events: total, writes: fewestWrites, tickets: tickets.count) {
            print("\(label): \(line)")
        }
        print(
            "\(label): events sent in \(String(format: "%.1f", lastEvent.timeIntervalSince(start))) s; last fold "
                + "delivered \(String(format: "%.2f", lastFold.timeIntervalSince(start))) s after the first event, "
                + "outbox empty \(String(format: "%.2f", settled)) s after the last")
    }
}
