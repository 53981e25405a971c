import Foundation

/// No alert ends only in psalink's database (DESIGN §6): an event that finally cannot become a
/// ticket (the PSA refused it, its retries ran out for good, or it was held for more than a
/// day) raises an event about that failure for the integration's MSP-level customer. Its key
/// is the integration and the category, so one ticket per category stays open and later
/// failures add notes to it. An event raised this way never raises another.
public struct FallbackTicket: Sendable {
    /// Why the event could not become a ticket.
    public enum Category: String, Sendable, CaseIterable {
        case refusal, exhausted, held
    }

    /// How long an event may be held before the MSP hears of it.
    public static let heldFor: TimeInterval = 24 * 60 * 60

    let store: Store

    public init(store: Store) { self.store = store }

    /// Raises the event about `failed`, unless it is itself one, already has one, the
    /// integration turned them off (`fallback-ticket=off`) or has no MSP-level customer (the
    /// home screen counts those). Returns whether one was stored.
    @discardableResult
    public func raise(for failed: StoredEvent, _ category: Category, reason: String, now: Date = Date())
        throws(StoreError) -> Bool
    {
        // A test ticket's failure is the test's answer, shown to whoever sent it.
        guard failed.fallbackFor == nil, failed.fallbackEvent == nil, let integrationID = failed.integrationID,
            failed.dedupeKey != nil, !TestTicket.isTest(failed.event)
        else { return false }
        let settings = try store.integrationSettings(forIntegration: integrationID)
        guard settings[IntegrationSettingKey.fallbackTicket.rawValue] != "off",
            try store.mspCustomer(forIntegration: integrationID) != nil
        else { return false }
        let customer = try customerName(of: failed, integrationID: integrationID)
        let event = Self.event(about: failed, category, customer: customer, reason: reason)
        let routing: RoutingDecision
        do {
            routing = try EventRouter(store: store).route(event, toIntegration: integrationID)
        } catch {
            return false
        }
        guard case .ticket = routing.outcome else { return false }
        return try store.ingestFallback(event, routing: routing, for: failed.seq, at: now)
    }

    /// The customer as the ticket names it: the mapped company's name, else the account's.
    private func customerName(of failed: StoredEvent, integrationID: Int64) throws(StoreError) -> String {
        guard let accountID = failed.event.accountID else { return "the MSP-level customer" }
        let mapping = try store.mapping(account: accountID, integration: integrationID)
        return mapping?.companyName ?? mapping?.accountName ?? "account \(accountID)"
    }

    /// The event about `failed`: MSP-level, firing, keyed by its category; the reason and the
    /// event as received in its text.
    static func event(about failed: StoredEvent, _ category: Category, customer: String, reason: String)
        -> NotificationEvent
    {
        let original = String(decoding: failed.event.json, as: UTF8.self)
        let account = failed.event.accountID.map { " (Nerdio account \($0))" } ?? ""
        let what: String
        switch category {
        case .refusal: what = "the PSA refused it"
        case .exhausted: what = "the PSA did not answer through every retry"
        case .held: what = "it has been held for more than a day"
        }
        return NotificationEvent(
            id: "psalink-fallback-\(failed.event.id)", accountID: nil,
            condition: .init(
                id: "psalink-fallback-\(category.rawValue)", type: failed.event.condition.type,
                name: "psalink could not open a ticket"),
            severity: failed.event.severity, state: .firing, target: "psalink",
            title: "psalink could not open a ticket for \(customer)",
            details: "psalink could not open a ticket for \(customer)\(account) about \"\(failed.event.title)\": "
                + "\(what): \(reason)\n\nThe event as received:\n\(original)")
    }
}
