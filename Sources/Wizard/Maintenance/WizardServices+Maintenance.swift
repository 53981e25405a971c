import Foundation
import PSACore

/// What the Maintenance screen shows, read from the store in one go.
struct MaintenanceSnapshot: Sendable {
    var statuses: [MaintenanceStatus]
    var integrations: [Integration]
    var accounts: [NerdioAccount]
    /// When the statuses were worked out.
    var now: Date
}

/// A window as the add form saves it.
struct MaintenanceSave: Equatable, Sendable {
    var scope: MaintenanceWindow.Scope
    var schedule: MaintenanceWindow.Schedule
    var reason: String
}

/// The Maintenance screen's reads and writes; all fast, on the UI thread.
extension WizardServices {
    func maintenanceSnapshot() -> Result<MaintenanceSnapshot, WizardFailure> {
        do throws(StoreError) {
            let now = now()
            return .success(
                MaintenanceSnapshot(
                    statuses: MaintenanceStatus.of(try store.maintenanceWindows(), at: now),
                    integrations: try store.integrations(), accounts: try store.accounts(), now: now))
        } catch {
            return .failure(WizardFailure(error.description))
        }
    }

    func addMaintenanceWindow(_ save: MaintenanceSave) -> Result<MaintenanceWindow, WizardFailure> {
        do throws(StoreError) {
            return .success(
                try store.addMaintenanceWindow(
                    scope: save.scope, schedule: save.schedule, reason: save.reason, at: now()))
        } catch {
            return .failure(WizardFailure(error.description))
        }
    }

    func removeMaintenanceWindow(id: Int64) -> Result<MaintenanceWindow, WizardFailure> {
        do throws(StoreError) {
            return .success(try store.removeMaintenanceWindow(id: id, at: now()))
        } catch {
            return .failure(WizardFailure(error.description))
        }
    }
}
