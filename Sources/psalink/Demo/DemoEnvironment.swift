import Foundation
import PSACore
import PSASandbox
import SandboxConnections

/// `psalink --demo`: the emulated PSAs in this process, a temporary database with one
/// integration per PSA (credentials checked, companies cached, ticket settings and the
/// MSP-level customer chosen) and
/// the emulated Nerdio accounts, so that every screen can be tried without a PSA account.
/// Everything is removed when the wizard closes.
struct DemoEnvironment {
    let folder: String
    let databasePath: String
    let running: RunningSandbox

    static let notice = "DEMO: emulated PSAs, temporary database"

    /// Ticket settings the emulated PSAs offer, so that events and test tickets work at once.
    static let settings: [PSASystem: [String: String]] = [
        .connectwise: [
            "board": "1", "open-status": "16", "resolved-status": "22", "cancelled-status": "23",
            "priority.default": "4", "priority.critical": "15",
        ],
        .halo: [
            "ticket-type": "1", "open-status": "1", "resolved-status": "8", "cancelled-status": "22",
            "priority.default": "3", "priority.critical": "1",
        ],
        .autotask: [
            "queue": "29683354", "ticket-type": "5", "open-status": "1", "resolved-status": "5",
            "cancelled-status": "5", "priority.default": "2", "priority.critical": "4",
        ],
    ]

    static func start(client: HTTPClient) async throws -> DemoEnvironment {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "psalink-demo-\(getpid())-\(UUID().uuidString.prefix(8))"
        ).path
        let sandbox = PSASandbox(configuration: .init(companyCount: 120, seed: 7))
        let running = try await sandbox.start()
        let databasePath = folder + "/psalink.sqlite"
        do {
            let store = try Store.open(at: databasePath)
            let named: [(PSASystem, String)] = [
                (.halo, "Demo HaloPSA"), (.connectwise, "Demo ConnectWise"), (.autotask, "Demo Autotask"),
            ]
            for (system, name) in named {
                let credentials = running.endpoints.credentials(for: system)
                let connector = PSAConnectors.make(credentials, client: client, budgets: RateBudgets(store: store))
                try await connector.validate()
                let integration = try store.insert(
                    NewIntegration(system: system, displayName: name, health: .healthy(checkedAt: Date())),
                    credentials: credentials.storedFields)
                let id = integration.id
                let companies = try await connector.companies { _ in }.companies
                try store.replaceCompanies(companies, forIntegration: id)
                try store.saveTicketSettings(settings[system]!, forIntegration: id)
                // The MSP's own company takes test tickets and the events of unmapped accounts.
                if let msp = companies.first(where: \.isMSP)
                    ?? companies.first(where: { $0.name == SandboxCompanies.mspName })
                {
                    try store.setMSPCustomer(integration: id, company: msp.id, fallbackForUnmapped: true)
                }
            }
            _ = try store.importAccounts(
                sandbox.nerdioAccounts.map {
                    NerdioAccount(id: $0.id, name: $0.name, tenantID: $0.tenantID, domain: $0.domain)
                })
        } catch {
            await running.stop()
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
        return DemoEnvironment(folder: folder, databasePath: databasePath, running: running)
    }

    func stop() async {
        await running.stop()
        try? FileManager.default.removeItem(atPath: folder)
    }
}
