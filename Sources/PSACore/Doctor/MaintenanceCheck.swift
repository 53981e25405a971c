import Foundation

/// Which maintenance windows hold tickets back right now. Always ok: suppression is what the
/// admin asked for, but whoever wonders why no ticket opened should see it here.
public enum MaintenanceCheck {
    /// `integrationNames`: by id, to name an integration-wide window's scope.
    public static func evaluate(
        _ windows: [MaintenanceWindow], integrationNames: [Int64: String], now: Date = Date()
    ) -> DoctorCheck {
        let inForce = MaintenanceStatus.of(windows, at: now).filter(\.isInForce)
        guard !inForce.isEmpty else {
            return DoctorCheck(name: "maintenance", status: .ok, detail: "no window in force")
        }
        let listed = inForce.map { status -> String in
            let scope: String
            switch status.window.scope {
            case .all: scope = "everything"
            case .account(let id): scope = "account \(id)"
            case .integration(let id): scope = integrationNames[id].map { "\"\($0)\"" } ?? "integration #\(id)"
            }
            let until = status.current.map { " until \(DoctorWording.time($0.end))" } ?? ""
            return "#\(status.window.id) \(scope)\(until)"
        }
        return DoctorCheck(
            name: "maintenance", status: .ok,
            detail: "\(inForce.count) in force, firing events make no ticket: \(listed.joined(separator: "; "))")
    }
}
