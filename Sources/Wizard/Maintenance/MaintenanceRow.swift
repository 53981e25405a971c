import Foundation
import PSACore
import TerminalUI

/// One window as the table shows it; every text from the store is made safe here.
struct MaintenanceRow: Sendable {
    var status: MaintenanceStatus
    var number: String
    var scope: String
    /// The spec and zone of a weekly window, the two instants of a one-off one.
    var schedule: String
    /// "ON until …", "next …" or "ended", in UTC.
    var state: String
    var reason: String
    /// "#2 #5", or empty.
    var overlaps: String

    var id: Int64 { status.window.id }

    init(_ status: MaintenanceStatus, integrations: [Int64: String], accounts: [String: String]) {
        self.status = status
        let window = status.window
        number = "#\(window.id)"
        switch window.scope {
        case .all: scope = "All"
        case .integration(let id): scope = TerminalSafeText.escaped(integrations[id] ?? "integration #\(id)")
        case .account(let id):
            scope = TerminalSafeText.escaped(accounts[id].map { "\($0) (\(id))" } ?? "account \(id)")
        }
        switch window.schedule {
        case .once(let interval):
            schedule = "\(Self.short(interval.start)) to \(Self.short(interval.end))"
        case .weekly(let span, let zone):
            schedule = "\(span) \(zone.maintenanceName)"
        }
        if let current = status.current {
            state = "ON until \(Self.short(current.end))"
        } else if let next = status.next {
            state = "next \(Self.short(next.start))"
        } else {
            state = "ended"
        }
        reason = TerminalSafeText.escaped(window.reason)
        overlaps = status.overlaps.map { "#\($0)" }.joined(separator: " ")
    }

    /// What the line under the table says of the highlighted window, in full.
    var details: String {
        var text = "\(number) \(scope) · \(status.window.schedule.summary)"
        if let current = status.current {
            text += "; in force until \(Timestamp.text(current.end))"
        } else if let next = status.next {
            text += "; next \(Timestamp.text(next.start)) to \(Timestamp.text(next.end))"
        }
        if !overlaps.isEmpty { text += "; overlaps \(overlaps)" }
        return text + ". Reason: \(reason)"
    }

    /// "12-12 22:00" in UTC: the table has no room for the year.
    static func short(_ date: Date) -> String {
        let full = Timestamp.text(date)
        return String(full.dropFirst(5).dropLast(4))
    }
}
