import ArgumentParser
import Foundation
import PSACore

/// An integration as `--json` prints it (DESIGN §4: name, system, isDefault, health), plus how
/// many of its events failed for good (their retries ran out in every round) and, while its PSA
/// throttles psalink, until when (DESIGN §6: `throttledUntil`, null otherwise).
struct IntegrationSummary: Encodable {
    var name: String
    var system: String
    var isDefault: Bool
    var health: String
    var healthReason: String?
    var checkedAt: String?
    var eventsFailedForGood: Int
    /// Mappings whose company is gone, inactive or merged; events held until their accounts are
    /// remapped; events that could not become tickets and raised none at an MSP-level customer.
    var brokenMappings: Int
    var eventsHeld: Int
    var eventsWithoutTicket: Int
    /// ISO 8601 in UTC; always written, null when the PSA is not throttling.
    var throttledUntil: String?

    init(_ integration: Integration, throttledUntil: Date? = nil) {
        name = integration.displayName
        system = integration.system.rawValue
        isDefault = integration.isDefault
        health = integration.health.keyword
        eventsFailedForGood = integration.eventsFailedForGood
        brokenMappings = integration.brokenMappings
        eventsHeld = integration.eventsHeld
        eventsWithoutTicket = integration.eventsWithoutTicket
        switch integration.health {
        case .unchecked: break
        case .healthy(let date): checkedAt = date.ISO8601Format()
        case .failing(let reason, let date):
            healthReason = reason
            checkedAt = date.ISO8601Format()
        }
        self.throttledUntil = throttledUntil?.ISO8601Format()
    }

    private enum CodingKeys: String, CodingKey {
        case name, system, isDefault, health, healthReason, checkedAt, eventsFailedForGood, throttledUntil
        case brokenMappings, eventsHeld, eventsWithoutTicket
    }

    // `healthReason` and `checkedAt` are left out when unset, as they always were;
    // `throttledUntil` is null, as DESIGN §6 has it.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(system, forKey: .system)
        try container.encode(isDefault, forKey: .isDefault)
        try container.encode(health, forKey: .health)
        try container.encodeIfPresent(healthReason, forKey: .healthReason)
        try container.encodeIfPresent(checkedAt, forKey: .checkedAt)
        try container.encode(eventsFailedForGood, forKey: .eventsFailedForGood)
        try container.encode(throttledUntil, forKey: .throttledUntil)
        try container.encode(brokenMappings, forKey: .brokenMappings)
        try container.encode(eventsHeld, forKey: .eventsHeld)
        try container.encode(eventsWithoutTicket, forKey: .eventsWithoutTicket)
    }
}

extension PSASystem: ExpressibleByArgument {}
