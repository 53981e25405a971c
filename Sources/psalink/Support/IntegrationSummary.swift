import ArgumentParser
import PSACore

/// An integration as `--json` prints it (DESIGN §4: name, system, isDefault, health).
struct IntegrationSummary: Encodable {
    var name: String
    var system: String
    var isDefault: Bool
    var health: String
    var healthReason: String?
    var checkedAt: String?

    init(_ integration: Integration) {
        name = integration.displayName
        system = integration.system.rawValue
        isDefault = integration.isDefault
        health = integration.health.keyword
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
