import Foundation

/// Accepts parsed events: routes each (DESIGN §3) and stores the batch in one transaction.
/// An event that cannot be routed (an unknown account or queue, no integration) is refused
/// with the reason and not stored, so that the sender can fix it and send it again.
public struct EventIntake: Sendable {
    public enum Result: Sendable, Equatable {
        case accepted(Store.IngestResult)
        case refused(String)
    }

    let store: Store
    let router: EventRouter

    public init(store: Store) {
        self.store = store
        router = EventRouter(store: store)
    }

    /// One result per event, in order. Throws only when the batch could not be stored; then
    /// none of it was.
    public func accept(_ events: [NotificationEvent], toIntegration integrationID: Int64? = nil) throws(StoreError)
        -> [Result]
    {
        var results: [Result?] = Array(repeating: nil, count: events.count)
        var routed: [(index: Int, event: NotificationEvent, routing: RoutingDecision)] = []
        for (index, event) in events.enumerated() {
            do {
                routed.append((index, event, try router.route(event, toIntegration: integrationID)))
            } catch {
                if case .store(let storeError) = error { throw storeError }
                results[index] = .refused(error.description)
            }
        }
        let suppressions = try maintenance(of: routed.map { ($0.event, $0.routing) }, at: Date())
        let stored = try store.ingest(routed.map { ($0.event, $0.routing) }, suppressions: suppressions)
        for (item, result) in zip(routed, stored) { results[item.index] = .accepted(result) }
        return results.map { $0 ?? .refused("not routed") }
    }

    /// Which of the routed events a maintenance window covers now, by index: a firing that
    /// would reach a ticket is recorded and suppressed; resolves and cancels still go through,
    /// so that tickets opened before the window still close. The windows are read once a batch.
    private func maintenance(of routed: [(event: NotificationEvent, routing: RoutingDecision)], at now: Date)
        throws(StoreError) -> [Int: Store.Suppression]
    {
        guard routed.contains(where: { $0.event.state == .firing }) else { return [:] }
        let windows = try store.maintenanceWindows()
        guard !windows.isEmpty else { return [:] }
        var suppressions: [Int: Store.Suppression] = [:]
        for (index, item) in routed.enumerated() where item.event.state == .firing && !TestTicket.isTest(item.event) {
            guard case .ticket = item.routing.outcome else { continue }
            if let best = MaintenanceWindow.inForce(
                among: windows, integrationID: item.routing.integrationID, accountID: item.event.accountID, at: now)
            {
                suppressions[index] = Store.Suppression(
                    windowID: best.window.id,
                    reason: "maintenance window #\(best.window.id) (\(best.window.reason)) until "
                        + best.until.ISO8601Format())
            }
        }
        return suppressions
    }
}
