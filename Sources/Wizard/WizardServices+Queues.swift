import Foundation
import PSACore

/// What the Ticket queues screen shows, read from the store in one go.
struct QueuesSnapshot: Sendable {
    var queues: [TicketQueue]
    var integrations: [Integration]
    /// Open tickets per queue id.
    var openTickets: [Int64: Int]
    /// Each integration's own ticket settings (the ones a queue sets over), by integration id.
    var ownSettings: [Int64: [String: String]]
    /// Per integration, a row for each integration setting a queue may set over its
    /// integration's (`storm`, `note-visibility`): no value, and the integration's as the default.
    var queueDefaults: [Int64: [IntegrationSettingStatus]] = [:]
}

/// A queue as the add/edit form saves it.
struct QueueSave: Equatable, Sendable {
    /// The queue's name before the edit; nil when adding.
    var original: String?
    var name: String
    var integrationID: Int64
    /// Key → stored value, the settings the queue sets itself.
    var settings: [String: String]
}

/// The Ticket queues screen's reads and writes; all fast, on the UI thread.
extension WizardServices {
    func queuesSnapshot() -> Result<QueuesSnapshot, WizardFailure> {
        do throws(StoreError) {
            let queues = try store.queues()
            let integrations = try store.integrations()
            var open: [Int64: Int] = [:]
            for queue in queues { open[queue.id] = try openTickets(using: queue) }
            var own: [Int64: [String: String]] = [:]
            var defaults: [Int64: [IntegrationSettingStatus]] = [:]
            for integration in integrations {
                own[integration.id] = try store.ticketSettings(forIntegration: integration.id)
                defaults[integration.id] = Self.queueDefaults(
                    of: integration, stored: try store.integrationSettings(forIntegration: integration.id))
            }
            return .success(
                QueuesSnapshot(
                    queues: queues, integrations: integrations, openTickets: open, ownSettings: own,
                    queueDefaults: defaults))
        } catch {
            return .failure(WizardFailure(error.description))
        }
    }

    /// What a queue of `integration` falls back to for each key it may set: the integration's
    /// own value, else the key's default, with where that comes from.
    static func queueDefaults(of integration: Integration, stored: [String: String]) -> [IntegrationSettingStatus] {
        IntegrationSettingKey.allCases.filter(\.appliesToQueues).map { key in
            let standard = key.defaultValue(for: integration.system)
            let fallback =
                stored[key.rawValue].map {
                    IntegrationSettingDefault(value: $0, source: "set for \(integration.displayName)")
                } ?? standard
            return IntegrationSettingStatus(key: key, value: nil, defaultValue: fallback, effective: fallback.value)
        }
    }

    /// How many open tickets the queue's events made.
    func openTickets(using queue: TicketQueue) throws(StoreError) -> Int {
        try store.trackedTickets(
            Store.TicketFilter(integrationID: queue.integrationID, queueName: queue.name, state: .open),
            limit: Self.ticketLimit
        ).count
    }

    /// Adds the queue, or replaces an edited queue's name and settings. Editing uses the
    /// store's `updateQueue`, one transaction; the queue stays with its integration.
    func saveQueue(_ save: QueueSave) -> Result<TicketQueue, WizardFailure> {
        do throws(StoreError) {
            if let original = save.original {
                return .success(try store.updateQueue(named: original, newName: save.name, settings: save.settings))
            }
            return .success(
                try store.addQueue(named: save.name, integration: save.integrationID, settings: save.settings))
        } catch {
            return .failure(WizardFailure(error.description))
        }
    }

    func removeQueue(named name: String) -> Result<Void, WizardFailure> {
        do throws(StoreError) {
            try store.removeQueue(named: name)
            return .success(())
        } catch {
            return .failure(WizardFailure(error.description))
        }
    }

    /// The newest changes first.
    func auditEntries(limit: Int = 1_000) -> Result<[AuditEntry], WizardFailure> {
        do throws(StoreError) {
            return .success(try store.auditLog(limit: limit))
        } catch {
            return .failure(WizardFailure(error.description))
        }
    }
}
