import Foundation
import PSACore
import TerminalUI

/// One integration on the home list, with until when its PSA is throttling psalink.
struct HomeRow: Sendable {
    var integration: Integration
    /// Set while the PSA has paused psalink's requests (a 429, or 503 with `Retry-After`).
    var throttledUntil: Date?

    init(_ integration: Integration, throttledUntil: Date? = nil) {
        self.integration = integration
        self.throttledUntil = throttledUntil
    }

    /// The Health column: events that failed for good first, then other alerts that are only in
    /// psalink, mappings whose company broke, a PSA that throttles, and the last credential check.
    var healthText: String {
        if let failed = integration.failedForGoodLabel { return failed }
        if integration.eventsWithoutTicket > 0 { return "✗ \(integration.eventsWithoutTicket) without ticket" }
        if integration.brokenMappings > 0 { return "⚠ \(integration.brokenMappings) to review" }
        if let until = throttledUntil { return "throttled until \(Timestamp.clock(until))" }
        return integration.health.label
    }

    var healthRole: Role? {
        if integration.eventsWithoutTicket > 0 || integration.eventsFailedForGood > 0 { return .error }
        return integration.brokenMappings > 0 || throttledUntil != nil ? .warning : nil
    }
}

/// The PSA Integrations home screen: every configured integration with its system, name,
/// default marker and health.
struct HomeState {
    var table: TableState<HomeRow>
    /// Set when the integrations could not be read; shown instead of the list.
    var loadError: String?

    init(rows: [HomeRow] = []) {
        table = TableState(columns: HomeState.columns, rows: rows)
        fitHealth()
    }

    var integrations: [Integration] { table.rows.map(\.integration) }

    /// The highlighted integration.
    var selected: Integration? { table.selectedItem?.integration }

    static let healthColumn = 4
    /// Wide enough for every health but "throttled until 10:04", which widens it while shown.
    static let healthWidth = 14

    static let columns: [TableColumn<HomeRow>] = [
        TableColumn("System", width: .fixed(20)) { $0.integration.system.displayName },
        TableColumn("Display name", width: .fill(1)) { $0.integration.displayName },
        TableColumn("Default", width: .fixed(9)) { $0.integration.isDefault ? "(Default)" : "" },
        TableColumn("State", width: .fixed(6)) { $0.integration.isPaused ? "paused" : "" },
        {
            // Events that failed for good matter more than the last credential check: in red.
            // A PSA that throttles psalink: in the warning role.
            var health = TableColumn<HomeRow>("Health", width: .fixed(healthWidth)) { $0.healthText }
            health.role = { $0.healthRole }
            return health
        }(),
    ]

    mutating func show(_ rows: [HomeRow]) {
        loadError = nil
        table.setRows(rows)
        fitHealth()
    }

    /// The Health column as wide as its longest text, never narrower than usual.
    private mutating func fitHealth() {
        let widest = table.rows.map { DisplayWidth.columns(of: $0.healthText) }.max() ?? 0
        table.setWidth(.fixed(max(Self.healthWidth, widest)), ofColumn: Self.healthColumn)
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

    /// The details lines about alerts that reached no ticket (red) and mappings whose company
    /// broke (warning).
    var attentionLines: [(text: String, role: Role)] {
        var lines: [(text: String, role: Role)] = []
        if eventsWithoutTicket > 0 {
            let events =
                eventsWithoutTicket == 1
                ? "1 event could not become a ticket" : "\(eventsWithoutTicket) events could not become tickets"
            lines.append(("✗ \(events), and no MSP-level customer got one about it. t: tickets", .error))
        }
        if brokenMappings > 0 {
            let mappings = brokenMappings == 1 ? "1 mapping needs" : "\(brokenMappings) mappings need"
            lines.append(("⚠ \(mappings) review: company gone, inactive or merged (Account Mapping)", .warning))
        }
        if eventsHeld > 0 {
            let events =
                eventsHeld == 1
                ? "1 event is held until its account is remapped"
                : "\(eventsHeld) events are held until their accounts are remapped"
            lines.append(("⏸ \(events) (broken-mapping=hold)", .warning))
        }
        return lines
    }

    /// The details line about those events.
    var failedForGoodText: String? {
        guard eventsFailedForGood > 0 else { return nil }
        let events = eventsFailedForGood == 1 ? "1 event" : "\(eventsFailedForGood) events"
        return "✗ \(events) failed for good: the PSA failed every retry. t: tickets, R: retry"
    }
}
