import ArgumentParser
import PSACore

/// An integration as `--json` prints it (DESIGN §4: name, system, isDefault, health), plus how
/// many of its events failed for good (their retries ran out in every round).
struct IntegrationSummary: Encodable {
    var name: String
    var system: String
    var isDefault: Bool
    var health: String
    var healthReason: String?
    var checkedAt: String?
    var eventsFailedForGood: Int

    init(_ integration: Integration) {
        name = integration.displayName
        system = integration.system.rawValue
        isDefault = integration.isDefault
        health = integration.health.keyword
        eventsFailedForGood = integration.eventsFailedForGood
        switch integration.health {
        case .unchecked: break
        case .healthy(let date): checkedAt = date.ISO8601Format()
        case .failing(let reason, let date):
            healthReason = reason
            checkedAt = date.ISO8601Format()
        }
    }
}

extension PSASystem: ExpressibleByArgument {}
