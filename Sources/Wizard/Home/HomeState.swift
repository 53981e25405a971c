import PSACore
import TerminalUI

/// The PSA Integrations home screen: every configured integration with its system, name,
/// default marker and health.
struct HomeState {
    var table: TableState<Integration>
    /// Set when the integrations could not be read; shown instead of the list.
    var loadError: String?

    init(integrations: [Integration] = []) {
        table = TableState(columns: HomeState.columns, rows: integrations)
    }

    var integrations: [Integration] { table.rows }

    static let columns: [TableColumn<Integration>] = [
        TableColumn("System", width: .fixed(20)) { $0.system.displayName },
        TableColumn("Display name", width: .fill(1)) { $0.displayName },
        TableColumn("Default", width: .fixed(9)) { $0.isDefault ? "(Default)" : "" },
        TableColumn("State", width: .fixed(6)) { $0.isPaused ? "paused" : "" },
        {
            // Events that failed for good matter more than the last credential check: in red.
            var health = TableColumn<Integration>("Health", width: .fixed(14)) {
                $0.failedForGoodLabel ?? $0.health.label
            }
            health.role = { $0.eventsFailedForGood > 0 ? .error : nil }
            return health
        }(),
    ]

    mutating func show(_ integrations: [Integration]) {
        loadError = nil
        table.setRows(integrations)
    }
}

extension Health {
    /// How the home screen words an integration's health.
    var label: String {
        switch self {
        case .unchecked: return "not checked"
        case .healthy: return "● OK"
        case .failing: return "✗ failing"
        }
    }

    var role: Role {
        switch self {
        case .unchecked: return .disabled
        case .healthy: return .ok
        case .failing: return .error
        }
    }
}

extension Integration {
    /// The Health column when events failed for good, which matters more than the last
    /// credential check: "✗ 3 failed".
    var failedForGoodLabel: String? {
        eventsFailedForGood > 0 ? "✗ \(eventsFailedForGood) failed" : nil
    }

    /// The details line about those events.
    var failedForGoodText: String? {
        guard eventsFailedForGood > 0 else { return nil }
        let events = eventsFailedForGood == 1 ? "1 event" : "\(eventsFailedForGood) events"
        return "✗ \(events) failed for good: the PSA failed every retry. t: tickets, R: retry"
    }
}
