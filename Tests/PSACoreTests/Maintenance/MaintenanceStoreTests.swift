import Foundation
import GRDB
import Testing

@testable import PSACore

@Suite struct MaintenanceStoreTests {
    func withStore(_ body: (Store, Int64, Int64) throws -> Void) throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/db.sqlite")
            let halo = try store.insert(NewIntegration(system: .halo, displayName: "Halo"), credentials: [:]).id
            let autotask = try store.insert(
                NewIntegration(system: .autotask, displayName: "Autotask"), credentials: [:]
            ).id
            try store.importAccounts([
                NerdioAccount(id: "acc-1", name: "Contoso", tenantID: "t1"),
                NerdioAccount(id: "acc-2", name: "Fabrikam", tenantID: "t2"),
            ])
            try body(store, halo, autotask)
        }
    }

    @Test func addsListsAndRemovesWindowsOfEachScopeAndSchedule() throws {
        try withStore { store, halo, _ in
            let created = utc("2026-12-07T12:00")
            let all = try store.addMaintenanceWindow(
                scope: .all, schedule: weekly("sat 22:00-sun 4:00", "europe/london"), reason: " patch night ",
                at: created)
            let once = try store.addMaintenanceWindow(
                scope: .integration(halo), schedule: .once(interval("2026-12-12T20:00", "2026-12-13T06:00")),
                reason: "Halo upgrade", at: created)
            let account = try store.addMaintenanceWindow(
                scope: .account("acc-1"), schedule: weekly("Sun 22:00-Mon 02:00"), reason: "migration", at: created)
            #expect(all.reason == "patch night")
            let listed = try store.maintenanceWindows()
            #expect(listed == [all, once, account])
            #expect(listed[0].schedule == weekly("Sat 22:00-Sun 04:00", "Europe/London"))
            #expect(listed[2].schedule == weekly("Sun 22:00-Mon 02:00", "UTC"))
            #expect(listed.allSatisfy { $0.createdBy != nil && $0.createdAt == created })

            let removed = try store.removeMaintenanceWindow(id: once.id)
            #expect(removed == once)
            #expect(try store.maintenanceWindows().map(\.id) == [all.id, account.id])
            #expect(throws: StoreError.maintenanceWindowNotFound(id: once.id)) {
                try store.removeMaintenanceWindow(id: once.id)
            }
            let log = try store.auditLog().filter { $0.action.hasPrefix("maintenance.") }
            #expect(
                log.map(\.action) == ["maintenance.remove", "maintenance.add", "maintenance.add", "maintenance.add"])
            #expect(log[0].target == "#\(once.id)")
            #expect(log[0].oldValue?.contains("Halo upgrade") == true)
            #expect(log[3].newValue == "weekly Sat 22:00-Sun 04:00 Europe/London; reason: patch night")
            #expect(log[2].target == "#\(once.id) integration Halo")
        }
    }

    @Test func refusesUnknownTargetsBlankReasonsAndEmptyIntervalsSavingNothing() throws {
        try withStore { store, _, _ in
            let schedule = weekly("Sat 22:00-Sun 04:00")
            #expect(throws: StoreError.integrationNotFound(id: 999)) {
                try store.addMaintenanceWindow(scope: .integration(999), schedule: schedule, reason: "r")
            }
            #expect(throws: StoreError.accountNotFound(id: "acc-9")) {
                try store.addMaintenanceWindow(scope: .account("acc-9"), schedule: schedule, reason: "r")
            }
            #expect(throws: StoreError.invalidMaintenanceWindow("it needs a reason")) {
                try store.addMaintenanceWindow(scope: .all, schedule: schedule, reason: " \n")
            }
            let instant = utc("2026-12-12T22:00")
            #expect(throws: StoreError.invalidMaintenanceWindow("it must end after it starts")) {
                try store.addMaintenanceWindow(
                    scope: .all, schedule: .once(DateInterval(start: instant, duration: 0)), reason: "r")
            }
            let windows = try store.maintenanceWindows()
            let log = try store.auditLog()
            #expect(windows.isEmpty)
            #expect(log.allSatisfy { !$0.action.hasPrefix("maintenance.") })
        }
    }

    @Test func theWindowCoveringAnEventIsTheOneInForceThatEndsLast() throws {
        try withStore { store, halo, autotask in
            let all = try store.addMaintenanceWindow(
                scope: .all, schedule: weekly("Sat 22:00-Sun 04:00"), reason: "nightly")
            let haloUpgrade = try store.addMaintenanceWindow(
                scope: .integration(halo), schedule: .once(interval("2026-12-12T20:00", "2026-12-13T06:00")),
                reason: "Halo upgrade")
            let account = try store.addMaintenanceWindow(
                scope: .account("acc-1"), schedule: .once(interval("2026-12-13T01:00", "2026-12-13T08:00")),
                reason: "migration")

            func covering(_ integration: Int64, _ accountID: String?, _ at: String) throws -> (Int64, Date)? {
                try store.maintenanceWindow(coveringIntegration: integration, account: accountID, at: utc(at))
                    .map { ($0.window.id, $0.until) }
            }
            // Before the nightly window only the Halo upgrade is in force, and only for Halo.
            #expect(try covering(halo, nil, "2026-12-12T21:00")?.0 == haloUpgrade.id)
            #expect(try covering(autotask, "acc-1", "2026-12-12T21:00") == nil)
            // All three in force for acc-1 on Halo: the account's ends last.
            #expect(try covering(halo, "acc-1", "2026-12-13T02:00")! == (account.id, utc("2026-12-13T08:00")))
            // Another account on Halo: the Halo upgrade ends after the nightly window.
            #expect(try covering(halo, "acc-2", "2026-12-13T02:00")! == (haloUpgrade.id, utc("2026-12-13T06:00")))
            // MSP-level events on Autotask: only the nightly window, until its current end.
            #expect(try covering(autotask, nil, "2026-12-13T02:00")! == (all.id, utc("2026-12-13T04:00")))
            #expect(try covering(autotask, nil, "2026-12-20T02:00")! == (all.id, utc("2026-12-20T04:00")))
            #expect(try covering(autotask, "acc-2", "2026-12-13T09:00") == nil)
        }
    }

    @Test func removingTheIntegrationRemovesItsWindows() throws {
        try withStore { store, halo, _ in
            try store.addMaintenanceWindow(
                scope: .integration(halo), schedule: weekly("Sat 22:00-Sun 04:00"), reason: "r")
            try store.removeIntegration(id: halo)
            #expect(try store.maintenanceWindows().isEmpty)
        }
    }
}
