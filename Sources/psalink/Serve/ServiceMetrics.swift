import Foundation
import PSACore
import Prometheus

/// `serve`'s figures for GET /metrics, in the Prometheus text format. What only this process
/// sees (its intake, its delivery attempts, its PSA requests and budget waits, its sync rounds)
/// is counted as it happens; what any process on the database changes (events by state,
/// deliveries, the outbox, mapping health, syncs) is read from the store at each scrape.
///
/// Labels are fixed, small sets (states, outcomes, PSA names, HTTP statuses, integration ids):
/// never a customer, an account, a dedupe key, a title or a secret.
final class ServiceMetrics: Sendable {
    private let store: Store
    private let registry = PrometheusCollectorRegistry()

    init(store: Store) {
        self.store = store
        // Present from the start, so that a rate over them needs no first event.
        for result in IntakeResult.allCases { eventsReceived(result).increment(by: Int64(0)) }
    }

    // MARK: Counted as it happens

    enum IntakeResult: String, CaseIterable {
        case accepted, duplicate, skipped, rejected
    }

    /// Why a POST /events took no event at all.
    enum Refusal: String, CaseIterable {
        case unauthorized
        case tooLarge = "too_large"
        case unreadable
        case invalid
        case unavailable
    }

    func received(_ result: IntakeResult, count: Int = 1) {
        eventsReceived(result).increment(by: Int64(count))
    }

    func refused(_ refusal: Refusal) {
        registry.makeCounter(
            descriptor: Self.descriptor(
                "event_requests_refused", unit: "total", "POST /events requests that stored no event, by reason."),
            labels: [("reason", refusal.rawValue)]
        ).increment()
    }

    func delivery(_ report: DeliveryReport) {
        let psa = Self.psa(report.system)
        let operation = (report.outcome.operation ?? report.event.operation).map(\.rawValue) ?? "undecided"
        registry.makeCounter(
            descriptor: Self.descriptor(
                "delivery_attempts", unit: "total",
                "Delivery attempts made by this process, by PSA, operation and outcome."),
            labels: [("psa", psa), ("operation", operation), ("outcome", Self.outcome(of: report.outcome))]
        ).increment()
        guard report.outcome.state == .delivered, let done = report.outcome.operation ?? report.event.operation,
            done != .none
        else { return }
        let latency = max(0, report.finishedAt.timeIntervalSince(report.event.receivedAt))
        registry.makeDurationHistogram(
            descriptor: Self.descriptor(
                "event_to_ticket", unit: "seconds",
                "Time from receiving an event to the delivery that made or changed its ticket."),
            labels: [("psa", psa)], buckets: Self.latencyBuckets
        ).record(.milliseconds(Int64(latency * 1_000)))
    }

    func request(_ record: PSARequestRecord) {
        registry.makeCounter(
            descriptor: Self.descriptor(
                "psa_requests", unit: "total", "HTTP requests this process sent to PSAs and Nerdio, by answer status."),
            labels: [("status", record.status.map(String.init) ?? "none")]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.descriptor(
                "psa_request_duration", unit: "seconds", "How long the HTTP requests to PSAs and Nerdio took."),
            labels: [], buckets: Self.requestBuckets
        ).record(record.duration)
    }

    func budgetWait(_ system: PSASystem?, _ waited: Duration) {
        let seconds = Double(waited.components.seconds) + Double(waited.components.attoseconds) / 1e18
        registry.makeCounter(
            descriptor: Self.descriptor(
                "rate_budget_wait_seconds", unit: "total",
                "Time this process's requests waited for their turn in a PSA's rate budget."),
            labels: [("psa", Self.psa(system))]
        ).increment(by: seconds)
    }

    enum SyncResult: String {
        /// Every integration synced.
        case ok
        /// At least one step of one integration failed.
        case failed
        /// Another sync held the lock.
        case skipped
        /// The store could not start the sync.
        case error
    }

    func syncRound(_ result: SyncResult) {
        registry.makeCounter(
            descriptor: Self.descriptor("sync_runs", unit: "total", "Periodic syncs this process ran, by result."),
            labels: [("result", result.rawValue)]
        ).increment()
    }

    // MARK: The scrape

    /// The exposition: this process's counters, then the store's figures as they are now. When
    /// the store cannot be read, `psalink_store_readable` says 0 and the rest is still served.
    func exposition(at now: Date = Date()) -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16_384)
        registry.emit(into: &buffer)
        let scraped = PrometheusCollectorRegistry()
        let snapshot = try? store.metricsSnapshot(at: now)
        scraped.makeGauge(
            descriptor: Self.descriptor(
                "store_readable", unit: "", "1 when the store's figures below could be read at this scrape, else 0."),
            labels: []
        ).set(Int64(snapshot == nil ? 0 : 1))
        if let snapshot { Self.record(snapshot, at: now, into: scraped) }
        scraped.emit(into: &buffer)
        return buffer
    }

    private static func record(
        _ snapshot: Store.MetricsSnapshot, at now: Date, into registry: PrometheusCollectorRegistry
    ) {
        let events = descriptor(
            "events", unit: "", "Events in the store, by state, whoever received or delivered them.")
        for (state, count) in snapshot.eventsByState.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            registry.makeGauge(descriptor: events, labels: [("state", state.rawValue)]).set(Int64(count))
        }
        let deliveries = descriptor(
            "deliveries", unit: "",
            "Events delivery has reached, by PSA, operation and outcome (delivered, failed, retrying, throttled).")
        for (tally, count) in snapshot.deliveries {
            registry.makeGauge(
                descriptor: deliveries,
                labels: [
                    ("psa", psa(tally.system)), ("operation", tally.operation?.rawValue ?? "undecided"),
                    ("outcome", tally.outcome.rawValue),
                ]
            ).set(Int64(count))
        }
        registry.makeGauge(
            descriptor: descriptor("outbox_events", unit: "", "Events waiting in the outbox for delivery."), labels: []
        ).set(Int64(snapshot.outboxDepth))
        registry.makeGauge(
            descriptor: descriptor(
                "outbox_oldest_event_age", unit: "seconds",
                "Age of the oldest event waiting in the outbox; 0 when empty."),
            labels: []
        ).set(snapshot.oldestPendingReceivedAt.map { max(0, now.timeIntervalSince($0)) } ?? 0)
        let reviews = descriptor(
            "mappings_needing_review", unit: "", "Mappings whose PSA company is gone, inactive or merged.")
        for (review, count) in snapshot.mappingsNeedingReview {
            registry.makeGauge(
                descriptor: reviews,
                labels: [("integration_id", String(review.integrationID)), ("reason", review.reason.rawValue)]
            ).set(Int64(count))
        }
        let finished = descriptor(
            "sync_last_finished_timestamp", unit: "seconds", "When each integration's last sync finished (Unix time).")
        let failed = descriptor("sync_last_failed", unit: "", "1 when a step of the integration's last sync failed.")
        for sync in snapshot.lastSyncs {
            let labels = [("integration_id", String(sync.integrationID))]
            registry.makeGauge(descriptor: finished, labels: labels).set(sync.finishedAt.timeIntervalSince1970)
            registry.makeGauge(descriptor: failed, labels: labels).set(Int64(sync.failed ? 1 : 0))
        }
    }

    // MARK: Names

    private func eventsReceived(_ result: IntakeResult) -> Counter {
        registry.makeCounter(
            descriptor: Self.descriptor(
                "events_received", unit: "total", "Events this process took through POST /events, by result."),
            labels: [("result", result.rawValue)])
    }

    private static func descriptor(_ name: String, unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "psalink", metricName: name, unitName: unit, helpText: help)
    }

    /// The PSA as a label: the product's name, not psalink's short one.
    static func psa(_ system: PSASystem?) -> String {
        switch system {
        case .halo: return "halopsa"
        case .connectwise: return "connectwise"
        case .autotask: return "autotask"
        case nil: return "none"
        }
    }

    static func outcome(of outcome: Store.DeliveryOutcome) -> String {
        switch outcome.state {
        case .pending: return outcome.throttledUntil == nil ? "retrying" : "throttled"
        default: return outcome.state.rawValue
        }
    }

    /// From a tenth of a second (an idle outbox) to an hour (an outage the back-off rode out).
    private static let latencyBuckets: [Duration] = [
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2_500), .seconds(5),
        .seconds(10), .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600), .seconds(1_800),
        .seconds(3_600),
    ]

    private static let requestBuckets: [Duration] = [
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2_500), .seconds(5), .seconds(10), .seconds(30),
    ]
}
