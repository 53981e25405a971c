import Foundation
import PSASandbox
import SandboxConnections
import Testing

@testable import PSACore

/// The delivery worker's suite; its tests are in the extensions of this folder's files.
/// One test at a time: each runs a sandbox and a worker eight deliveries wide, and the rest of
/// the suite's HTTP tests share the machine with them.
@Suite("DeliveryWorker", .serialized) struct DeliveryWorkerTests {}

/// A running sandbox and a store with one integration of `system` on it: account "a1" mapped to
/// one of the sandbox's companies, and ticket settings with ids the sandbox knows.
struct DeliveryBed: Sendable {
    let system: PSASystem
    let sandbox: PSASandbox
    let endpoints: SandboxEndpoints
    let store: Store
    let integrationID: Int64
    /// A connector of its own on the same sandbox, to look at what the worker did.
    let connector: any PSAConnector
    let companyID: String
    let settings: [String: String]
    let account = "a1"
    let condition = "cond-42"

    // MARK: Per system

    /// The sandbox's company at index 1 in each system's own ids.
    static func companyID(for system: PSASystem) -> String {
        switch system {
        case .halo: return "13"  // HaloSandboxAPI.clientIDOffset (12) + 1
        case .connectwise: return "251"  // 250 + 1
        case .autotask: return "29683001"  // AutotaskSandboxCompanies.firstCustomerID + 1
        }
    }

    /// Settings with ids from the sandbox's setup lists.
    static func settings(for system: PSASystem) -> [String: String] {
        switch system {
        case .halo:
            return [
                "ticket-type": "1", "open-status": "1", "resolved-status": "8", "cancelled-status": "22",
                "priority.default": "3", "priority.critical": "1",
            ]
        case .connectwise:
            return [
                "board": "1", "ticket-type": "4", "open-status": "16", "resolved-status": "22",
                "cancelled-status": "23", "priority.default": "4", "priority.critical": "15",
            ]
        case .autotask:
            return [
                "queue": "29683354", "ticket-type": "5", "open-status": "1", "resolved-status": "5",
                "cancelled-status": "14", "priority.default": "2", "priority.critical": "4",
            ]
        }
    }

    static func credentials(for system: PSASystem, endpoints: SandboxEndpoints) -> [String: String] {
        endpoints.credentials(for: system).storedFields
    }

    /// Parts of the paths of the system's discovery and token requests, for faults: Autotask's
    /// zone lookup, ConnectWise's codebase lookup, HaloPSA's authinfo and token endpoint.
    var discoveryPaths: [String] {
        switch system {
        case .halo: return ["/api/authinfo", "/auth/token"]
        case .connectwise: return ["/login/companyinfo"]
        case .autotask: return ["zoneInformation"]
        }
    }

    /// A part of the path of every ticket request (create, read, find) of the system, for faults.
    var ticketPath: String {
        switch system {
        case .halo: return "/api/Tickets"
        case .connectwise: return "/service/tickets"
        case .autotask: return "/v1.0/Tickets"
        }
    }

    func setting(_ key: TicketSettingKey) -> String? { settings[key.rawValue] }

    // MARK: Events

    func event(
        _ id: String, _ state: NotificationEvent.State = .firing, target: String = "hostpool/hp-1",
        severity: NotificationEvent.Severity? = .medium, account: String? = nil
    ) -> NotificationEvent {
        NotificationEvent(
            id: id, accountID: account ?? self.account,
            condition: .init(id: condition, type: .task, name: "Scaling"), severity: severity, state: state,
            target: target, title: "Scaling \(state.rawValue) on \(target) (\(id))", details: "Details of \(id).")
    }

    /// Accepts the events and returns their seqs; each must be stored pending.
    func accept(_ events: [NotificationEvent], toIntegration integrationID: Int64? = nil) throws -> [Int64] {
        let results = try EventIntake(store: store).accept(events, toIntegration: integrationID)
        return try results.map { result in
            guard case .accepted(.stored(let seq, .pending)) = result else {
                Issue.record("not stored pending: \(result)")
                throw DeliveryTestError.notStored
            }
            return seq
        }
    }

    /// A worker with short back-offs. Its probes of a PSA with retryable events wait
    /// `probeInterval` (by default longer than any test) after the last failure.
    /// With `budgets`, every request draws from the PSA tenant's rate budget in the store, as
    /// in the product; without, the worker's connectors are measured alone.
    func worker(
        owner: String = "delivery-tests-\(UUID().uuidString)", maximumAttempts: Int = 4, lease: TimeInterval = 600,
        probeInterval: TimeInterval = 600, retryRounds: Int = 3, concurrency: Int = 8, budgetWait: TimeInterval = 15,
        stateCheckInterval: TimeInterval = 60, budgets: RateBudgets? = nil
    ) -> DeliveryWorker {
        DeliveryWorker(
            store: store,
            options: .init(
                concurrency: concurrency, maximumAttempts: maximumAttempts, firstBackoff: 0.05, maximumBackoff: 0.2,
                lease: lease, stateCheckInterval: stateCheckInterval, unansweredSettleTime: 0.3,
                retryRounds: retryRounds,
                probeInterval: probeInterval,
                budgetWait: budgetWait),
            owner: owner
        ) { PSAConnectors.make($0, client: HTTPClient(), retry: .never, budgets: budgets) }
    }

    /// Drains the outbox with a fresh worker.
    func deliver(owner: String = "delivery-tests-\(UUID().uuidString)") async {
        await worker(owner: owner).drain(until: Date().addingTimeInterval(20))
    }

    func stored(_ seq: Int64) throws -> StoredEvent {
        try #require(try store.events(seqs: [seq]).first)
    }

    func stored(_ seqs: [Int64]) throws -> [StoredEvent] {
        let events = try store.events(seqs: seqs)
        try #require(events.count == seqs.count)
        return events
    }

    /// The key's tickets as psalink knows them, newest first.
    func tickets(forKey key: String) throws -> [TrackedTicket] {
        try store.trackedTickets().filter { $0.dedupeKey == key }.sorted { $0.row > $1.row }
    }

    // MARK: The PSA's side

    /// Creates sent to the PSA: POSTs to the tickets collection. HaloPSA's updates are POSTs to
    /// the same path, so for HaloPSA this counts updates too.
    var createRequests: Int {
        sandbox.faults.requestLog.filter { line in
            let lower = line.lowercased()
            return lower.hasPrefix("post ") && lower.hasSuffix("/tickets")
        }.count
    }

    /// How many tickets of the PSA carry `reference`, read from the sandbox itself.
    func ticketsInPSA(reference: String) async throws -> Int {
        switch system {
        case .connectwise:
            let count = sandbox.connectWise.ticketCount
            return (0..<count + 10).compactMap { sandbox.connectWise.ticketSummary(id: 41_001 + $0) }
                .filter { $0.externalXRef == reference }.count
        case .autotask:
            let count = sandbox.autotask.ticketCount
            return (0..<count + 10).compactMap { sandbox.autotask.ticketFields(id: 7421 + $0) }
                .filter { $0["externalID"] == reference }.count
        case .halo:
            let json = try await haloSandboxGet("/api/Tickets?client_id=\(companyID)", endpoints: endpoints)
            let rows = try #require((json as? [String: Any])?["tickets"] as? [[String: Any]])
            return rows.filter { $0["third_party_id_string"] as? String == reference }.count
        }
    }

    /// The notes (HaloPSA actions) of a PSA ticket, oldest first.
    func notesInPSA(ticketID: String) async throws -> [String] {
        let id = try #require(Int(ticketID))
        switch system {
        case .connectwise:
            return sandbox.connectWise.notes(ofTicket: id).map(\.text)
        case .autotask:
            return sandbox.autotask.notes(ofTicket: id).map(\.description)
        case .halo:
            let json = try await haloSandboxGet("/api/Actions?ticket_id=\(id)", endpoints: endpoints)
            let rows = try #require((json as? [String: Any])?["actions"] as? [[String: Any]])
            return rows.map { ($0["note_html"] as? String) ?? ($0["note"] as? String) ?? "" }
        }
    }

    /// The PSA's ticket, read through a connector of its own (faults cleared first).
    func psaTicket(_ id: String?) async throws -> PSATicket {
        sandbox.faults.clear()
        let id = try #require(id)
        return try #require(try await connector.ticket(id: id))
    }
}

enum DeliveryTestError: Error { case notStored }

/// Starts a sandbox and a store set up for `system` (with `settings` over the defaults), runs
/// `body`, and always stops the sandbox and removes the store's folder.
func withDeliveryBed(
    _ system: PSASystem, settings overrides: [String: String] = [:], _ body: (DeliveryBed) async throws -> Void
) async throws {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("psalink-delivery-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let sandbox = PSASandbox(configuration: .init(companyCount: 40))
    let running = try await sandbox.start()
    do {
        let endpoints = running.endpoints
        let store = try Store.open(at: folder + "/db.sqlite")
        let fields = DeliveryBed.credentials(for: system, endpoints: endpoints)
        let integration = try store.insert(
            NewIntegration(system: system, displayName: "Sandbox \(system.rawValue)"), credentials: fields)
        let integrationID = integration.id
        let companyID = DeliveryBed.companyID(for: system)
        _ = try store.importAccounts([
            NerdioAccount(id: "a1", name: "Account One", tenantID: "1e3500cc-d08f-42c8-8678-ce352b7de55e")
        ])
        try store.replaceCompanies([PSACompany(id: companyID, name: "Fabrikam")], forIntegration: integrationID)
        try store.setMapping(integration: integrationID, account: "a1", company: companyID)
        let settings = DeliveryBed.settings(for: system).merging(overrides) { $1 }
        try store.saveTicketSettings(settings, forIntegration: integrationID)
        let credentials = try #require(Credentials(system: system, storedFields: fields))
        let connector = PSAConnectors.make(
            credentials, client: HTTPClient(), retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10)),
            budgets: nil)
        try await body(
            DeliveryBed(
                system: system, sandbox: sandbox, endpoints: endpoints, store: store, integrationID: integrationID,
                connector: connector, companyID: companyID, settings: settings))
    } catch {
        await running.stop()
        throw error
    }
    await running.stop()
}
