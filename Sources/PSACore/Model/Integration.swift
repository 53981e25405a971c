import Foundation

/// A configured link to one PSA as the store keeps it: its id, its system, the name the admin
/// gave it, and how its last credential check went.
public struct Integration: Hashable, Sendable, Identifiable {
    public var id: Int64
    public var system: PSASystem
    public var displayName: String
    public var isDefault: Bool
    public var health: Health
    public var createdAt: Date
    /// When the admin paused it: no tickets while paused; its events wait in the outbox.
    public var pausedAt: Date?
    /// Its events whose attempts ran out in every round of retries: alerts that reach the PSA
    /// only if the admin retries them.
    public var eventsFailedForGood: Int
    /// Enabled mappings whose company is gone, inactive or merged (`MappingHealth`).
    public var brokenMappings: Int
    /// Its events that finally could not become tickets and raised none at the MSP-level
    /// customer (there is none, or `fallback-ticket=off`): alerts that are only in psalink.
    public var eventsWithoutTicket: Int
    /// Its events held until their accounts are remapped (`broken-mapping=hold`).
    public var eventsHeld: Int

    public init(
        id: Int64, system: PSASystem, displayName: String, isDefault: Bool = false,
        health: Health = .unchecked, createdAt: Date = Date(), pausedAt: Date? = nil, eventsFailedForGood: Int = 0,
        brokenMappings: Int = 0, eventsWithoutTicket: Int = 0, eventsHeld: Int = 0
    ) {
        self.id = id
        self.system = system
        self.displayName = displayName
        self.isDefault = isDefault
        self.health = health
        self.createdAt = createdAt
        self.pausedAt = pausedAt
        self.eventsFailedForGood = eventsFailedForGood
        self.brokenMappings = brokenMappings
        self.eventsWithoutTicket = eventsWithoutTicket
        self.eventsHeld = eventsHeld
    }

    public var isPaused: Bool { pausedAt != nil }
}

/// An integration not saved yet: what `Store.insert` takes; the store gives it its id.
public struct NewIntegration: Hashable, Sendable {
    public var system: PSASystem
    public var displayName: String
    /// Asks to be the default; the first integration saved is the default anyway.
    public var isDefault: Bool
    public var health: Health
    public var createdAt: Date

    public init(
        system: PSASystem, displayName: String, isDefault: Bool = false, health: Health = .unchecked,
        createdAt: Date = Date()
    ) {
        self.system = system
        self.displayName = displayName
        self.isDefault = isDefault
        self.health = health
        self.createdAt = createdAt
    }
}

/// The outcome of an integration's last authenticated call to its PSA.
public enum Health: Hashable, Sendable {
    /// Never validated since it was saved.
    case unchecked
    case healthy(checkedAt: Date)
    /// The last validation failed; `reason` says why in words an admin can act on.
    case failing(reason: String, checkedAt: Date)

    /// The word scripts and the home screen use: `unchecked`, `ok` or `failing`.
    public var keyword: String {
        switch self {
        case .unchecked: return "unchecked"
        case .healthy: return "ok"
        case .failing: return "failing"
        }
    }
}
