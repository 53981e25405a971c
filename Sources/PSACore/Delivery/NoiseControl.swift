import Foundation

/// The part of noise control that waits for time to pass (DESIGN §6): storms whose customer
/// went quiet get their summary, acknowledgements that ended get the note summing their
/// repeats, and keys suppressed by a maintenance window that is over open their tickets when
/// they are still firing. The delivery worker runs this as it delivers (`serve`, and each
/// `events send` when only cron runs); all of it is queued in the outbox, so it is delivered
/// like any event and survives a crash.
public struct NoiseControl: Sendable {
    let store: Store

    public init(store: Store) { self.store = store }

    /// Returns how many items it queued or settled.
    @discardableResult
    public func tick(now: Date = Date()) throws(StoreError) -> Int {
        var done = try store.settleQuietStorms(at: now)
        done += try store.endAcknowledgements(at: now)
        let awaiting = try store.keysAwaitingMaintenanceEnd()
        let windows = awaiting.isEmpty ? [] : try store.maintenanceWindows()
        for latest in awaiting {
            // Still covered (the same window, or another that overlaps it): it waits.
            if let integrationID = latest.integrationID,
                MaintenanceWindow.inForce(
                    among: windows, integrationID: integrationID, accountID: latest.event.accountID, at: now) != nil
            {
                continue
            }
            try store.endSuppression(of: latest, at: now)
            done += 1
        }
        return done
    }
}
