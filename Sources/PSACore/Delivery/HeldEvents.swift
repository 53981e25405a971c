import Foundation

/// Held events looked at again (`broken-mapping=hold`): each is routed anew, so that an account
/// remapped, a company active again or a policy changed sends it on (or skips it) without
/// anyone touching the event; one held longer than `FallbackTicket.heldFor` raises a ticket at
/// the MSP-level customer, once. The delivery worker runs this as it delivers.
public struct HeldEvents: Sendable {
    let store: Store

    public init(store: Store) { self.store = store }

    /// Returns how many held events went back to the outbox or were skipped.
    @discardableResult
    public func reconsider(now: Date = Date()) throws(StoreError) -> Int {
        let router = EventRouter(store: store)
        var released = 0
        for held in try store.heldEvents() {
            // An account removed since stays held: nothing better can be said of it than before.
            if let routing = try? router.route(held.event),
                try store.releaseHeldEvent(held, routing: routing, at: now)
            {
                released += 1
                continue
            }
            if let since = held.heldSince, now.timeIntervalSince(since) > FallbackTicket.heldFor {
                try FallbackTicket(store: store).raise(for: held, .held, reason: held.reason ?? "held", now: now)
            }
        }
        return released
    }
}
