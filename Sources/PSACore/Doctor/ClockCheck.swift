import Foundation

/// Whether the PSA's clock and ours agree: token lifetimes and "changed since" filters depend on it.
public enum ClockCheck {
    public static func evaluate(
        integration name: String, outcome: HostProbeOutcome, thresholds: DoctorThresholds = DoctorThresholds()
    ) -> DoctorCheck {
        let check = "clock"
        guard case .answered(let result) = outcome else {
            return DoctorCheck(
                name: check, status: .warn, detail: "not checked: the PSA did not answer",
                advice: [.seeCredentialsCheck], integration: name)
        }
        guard let serverDate = result.serverDate else {
            return DoctorCheck(
                name: check, status: .ok, detail: "not checked: the PSA's answer has no Date header", integration: name)
        }
        // The header has whole seconds and servers refresh it once a second: a skew of two
        // seconds is within what it can tell.
        let skew = serverDate.timeIntervalSince(result.localDate)
        let size = abs(skew)
        let direction = skew > 0 ? "ahead of" : "behind"
        if size < 3 {
            return DoctorCheck(name: check, status: .ok, detail: "the PSA's clock agrees with ours", integration: name)
        }
        let detail = "the PSA's clock is \(DoctorWording.age(size)) \(direction) ours"
        guard size > thresholds.clockSkew else {
            return DoctorCheck(name: check, status: .ok, detail: detail, integration: name)
        }
        return DoctorCheck(
            name: check, status: .warn, detail: detail,
            advice: [.checkTimeSync],
            integration: name)
    }
}
