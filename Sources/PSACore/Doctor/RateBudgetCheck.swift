import Foundation

/// Whether an integration's PSA tenant has room left in its rate budget.
public enum RateBudgetCheck {
    public static func evaluate(
        integration name: String, facts: RateBudgetFacts, now: Date = Date(),
        thresholds: DoctorThresholds = DoctorThresholds()
    ) -> DoctorCheck {
        let check = "rate budget"
        let used = "\(facts.usedInWindow) of \(facts.limit.count) requests in the last \(facts.limit.seconds) s"
        if let until = facts.pausedUntil, until > now {
            return DoctorCheck(
                name: check, status: .warn,
                detail: "the PSA is holding psalink back until \(DoctorWording.time(until)) "
                    + "(\(DoctorWording.age(until.timeIntervalSince(now))) from now); \(used)",
                advice: [.lowerRateLimitIfRecurring(integration: name)], integration: name)
        }
        let windowShare = Double(facts.usedInWindow) / Double(max(facts.limit.count, 1))
        if windowShare >= thresholds.budgetShare {
            return DoctorCheck(
                name: check, status: .warn, detail: "\(used) (\(Int((windowShare * 100).rounded()))%)",
                advice: [.findWhatUsesBudget], integration: name)
        }
        if let usage = facts.reportedUsage, usage.threshold > 0 {
            let share = Double(usage.count) / Double(usage.threshold)
            let reported = "the PSA reports \(usage.count) of \(usage.threshold) requests this hour"
            if share >= thresholds.budgetShare {
                return DoctorCheck(
                    name: check, status: .warn,
                    detail: "\(reported) (\(Int((share * 100).rounded()))%), all integrations",
                    advice: [.sharedAutotaskUsage], integration: name)
            }
            return DoctorCheck(name: check, status: .ok, detail: "\(used); \(reported)", integration: name)
        }
        return DoctorCheck(name: check, status: .ok, detail: used, integration: name)
    }
}
