import Foundation
import Testing

@testable import PSACore

@Suite struct EventRouterTests {
    let tenant = "1e3500cc-d08f-42c8-8678-ce352b7de55e"

    /// Halo (the default, with an MSP-level customer) and Autotask (with a queue "Alerts");
    /// accounts a1 (mapped), a2 (skipped), a3 (unmapped).
    func withStore(_ body: (Store, Int64, Int64) throws -> Void) throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/db.sqlite")
            let halo = try store.insert(NewIntegration(system: .halo, displayName: "Halo"), credentials: [:]).id
            let autotask = try store.insert(
                NewIntegration(system: .autotask, displayName: "Autotask"), credentials: [:]
            ).id
            try store.importAccounts(["a1", "a2", "a3"].map { NerdioAccount(id: $0, name: $0, tenantID: tenant) })
            for id in [halo, autotask] {
                try store.replaceCompanies(
                    [PSACompany(id: "101", name: "Contoso"), PSACompany(id: "900", name: "MSP")], forIntegration: id)
                try store.setMapping(integration: id, account: "a1", company: "101")
                try store.skip(account: "a2", integration: id)
            }
            try store.setMSPCustomer(integration: halo, company: "900", fallbackForUnmapped: false)
            try store.saveTicketSettings(["open-status": "1", "queue": "5"], forIntegration: autotask)
            try store.addQueue(named: "Alerts", integration: autotask, settings: ["queue": "7"])
            try body(store, halo, autotask)
        }
    }

    func event(account: String?, queue: String? = nil, target: String = "hostpool/hp-1") -> NotificationEvent {
        NotificationEvent(
            id: "e", accountID: account, condition: .init(id: "cond-42", type: .task), severity: nil, state: .firing,
            target: target, title: "t", queue: queue)
    }

    @Test func noQueueGoesToTheDefaultSystemAndAMappedAccountToItsCustomer() throws {
        try withStore { store, halo, _ in
            let decision = try EventRouter(store: store).route(event(account: "a1"))
            #expect(decision.integrationID == halo && decision.queueID == nil)
            #expect(decision.outcome == .ticket(companyID: "101", viaFallback: false))
            #expect(decision.dedupeKey == "\(halo)|a1|cond-42|hostpool/hp-1")
        }
    }

    @Test func aQueuePicksItsIntegrationAndItsSettingsWin() throws {
        try withStore { store, _, autotask in
            let decision = try EventRouter(store: store).route(event(account: "a1", queue: "alerts"))
            #expect(decision.integrationID == autotask && decision.queueID != nil)
            #expect(decision.settings[.queue] == "7" && decision.settings[.openStatus] == "1")
        }
    }

    @Test func skippedAndUnmappedAccountsAreSkippedWithAReason() throws {
        try withStore { store, _, _ in
            let router = EventRouter(store: store)
            guard case .skip(let skipped) = try router.route(event(account: "a2")).outcome else {
                Issue.record("a skipped account got a ticket")
                return
            }
            #expect(skipped.contains("skipped"))
            guard case .skip(let unmapped) = try router.route(event(account: "a3")).outcome else {
                Issue.record("an unmapped account got a ticket without the fallback")
                return
            }
            #expect(unmapped.contains("no PSA customer"))
        }
    }

    @Test func theFallbackAndMSPLevelEventsGoToTheMSPCustomer() throws {
        try withStore { store, halo, _ in
            try store.setMSPCustomer(integration: halo, company: "900", fallbackForUnmapped: true)
            let router = EventRouter(store: store)
            #expect(try router.route(event(account: "a3")).outcome == .ticket(companyID: "900", viaFallback: true))
            #expect(try router.route(event(account: nil)).outcome == .ticket(companyID: "900", viaFallback: false))
            guard case .skip = try router.route(event(account: nil, queue: "Alerts")).outcome else {
                Issue.record("an MSP-level event got a ticket without an MSP-level customer")
                return
            }
        }
    }

    @Test func unknownQueuesAccountsAndAMissingIntegrationAreRefused() throws {
        try withStore { store, halo, autotask in
            let router = EventRouter(store: store)
            #expect(throws: RoutingError.unknownQueue("Nope")) { try router.route(event(account: "a1", queue: "Nope")) }
            #expect(throws: RoutingError.unknownAccount("zz")) { try router.route(event(account: "zz")) }
            try store.removeIntegration(id: autotask)
            #expect(throws: RoutingError.unknownQueue("Alerts")) {
                try router.route(event(account: "a1", queue: "Alerts"))
            }
            try store.removeIntegration(id: halo)
            #expect(throws: RoutingError.noIntegration) { try router.route(event(account: "a1")) }
        }
    }

    @Test func keyPartsCannotRunTogether() throws {
        try withStore { store, _, _ in
            let router = EventRouter(store: store)
            let one = try router.route(event(account: "a1", target: "x|y")).dedupeKey
            let other = try router.route(event(account: "a1", target: "x\\|y")).dedupeKey
            #expect(one != other)
        }
    }
}
