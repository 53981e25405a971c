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
        let stored = try store.ingest(routed.map { ($0.event, $0.routing) })
        for (item, result) in zip(routed, stored) { results[item.index] = .accepted(result) }
        return results.map { $0 ?? .refused("not routed") }
    }
}
