import Foundation

/// Whether events become tickets in time.
public enum OutboxCheck {
    public static func evaluate(
        _ facts: OutboxFacts, now: Date = Date(), thresholds: DoctorThresholds = DoctorThresholds()
    ) -> DoctorCheck {
        let check = "outbox"
        var parts = ["\(facts.pending) waiting"]
        var age: TimeInterval = 0
        if let oldest = facts.oldestPendingSince {
            age = now.timeIntervalSince(oldest)
            parts[0] += " (oldest \(DoctorWording.age(age)))"
        }
        if facts.failed > 0 {
            let later = facts.failedRetryable > 0 ? " (\(facts.failedRetryable) retried later)" : ""
            parts.append("\(facts.failed) failed\(later)")
        }
        if facts.held > 0 { parts.append("\(facts.held) held") }
        let detail = parts.joined(separator: ", ")
        var advice: [DoctorAdvice] = []
        if age > thresholds.outboxAge { advice.append(.checkDelivery) }
        // Retryable failures go back to the outbox by themselves; the others need the admin.
        if facts.failed > facts.failedRetryable { advice.append(.inspectFailedEvents) }
        return DoctorCheck(name: check, status: advice.isEmpty ? .ok : .warn, detail: detail, advice: advice)
    }
}
