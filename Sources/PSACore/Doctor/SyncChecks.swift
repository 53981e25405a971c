import Foundation

/// Whether the picture psalink works from is current: the Nerdio accounts sync, each
/// integration's last sync, and the mappings whose company went bad in the PSA.
public enum SyncChecks {
    public static func nerdio(
        _ record: NerdioSyncRecord?, now: Date = Date(), thresholds: DoctorThresholds = DoctorThresholds()
    ) -> DoctorCheck {
        let check = "nerdio sync"
        guard let record else {
            return DoctorCheck(
                name: check, status: .ok, detail: "not set up: Nerdio accounts are imported from files, not synced")
        }
        guard record.settings != nil else {
            return DoctorCheck(
                name: check, status: .fail, detail: "the stored Nerdio sync settings are incomplete",
                advice: [.setUpNerdioSyncAgain])
        }
        guard let last = record.lastSyncedAt else {
            return DoctorCheck(
                name: check, status: .warn, detail: "set up, never synced", advice: [.runSync(integration: nil)])
        }
        let result = record.lastResult.map { ": \($0)" } ?? ""
        let age = now.timeIntervalSince(last)
        let detail = "last synced \(DoctorWording.time(last)), \(DoctorWording.age(age)) ago\(result)"
        return DoctorCheck(
            name: check, status: age > thresholds.syncAge ? .warn : .ok, detail: detail,
            advice: [.runSync(integration: nil)])
    }

    public static func integrationSync(
        integration name: String, state: SyncStateRecord?, now: Date = Date(),
        thresholds: DoctorThresholds = DoctorThresholds()
    ) -> DoctorCheck {
        let check = "sync"
        let advice: [DoctorAdvice] = [.runSync(integration: name)]
        guard let state else {
            return DoctorCheck(
                name: check, status: .warn, detail: "never synced: companies and mapping health may be out of date",
                advice: advice, integration: name)
        }
        guard let finished = state.finishedAt else {
            let age = now.timeIntervalSince(state.startedAt)
            // A sync renews its lock every few minutes; one that started long ago and never
            // finished was stopped by a crash or a kill.
            return DoctorCheck(
                name: check, status: age > thresholds.syncAge ? .warn : .ok,
                detail: "a sync started \(DoctorWording.age(age)) ago and has not finished", advice: advice,
                integration: name)
        }
        let age = now.timeIntervalSince(finished)
        let when = "last sync \(DoctorWording.time(finished)), \(DoctorWording.age(age)) ago"
        if let error = state.error {
            return DoctorCheck(
                name: check, status: .warn, detail: "\(when): \(error)", advice: advice, integration: name)
        }
        return DoctorCheck(
            name: check, status: age > thresholds.syncAge ? .warn : .ok, detail: when, advice: advice,
            integration: name)
    }

    /// `health`: the recorded health of the integration's mappings that have one, by account.
    public static func mappings(integration name: String, health: [String: MappingReviewReason]) -> DoctorCheck {
        let check = "mappings"
        let broken = health.values.filter(\.isBrokenCompany).count
        let unsure = health.count - broken
        let review = unsure > 0 ? "; \(unsure) Auto Match mapping(s) to review" : ""
        guard broken > 0 else {
            return DoctorCheck(name: check, status: .ok, detail: "no broken mappings\(review)", integration: name)
        }
        return DoctorCheck(
            name: check, status: .warn,
            detail: "\(broken) mapping(s) point at a company gone, inactive or merged in the PSA\(review)",
            advice: [.reviewMappings(integration: name)], integration: name)
    }
}
