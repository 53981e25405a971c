import Foundation
import GRDB

/// The figures `serve`'s /metrics reads from the store at each scrape, so that they count the
/// work of every process on the database (`events send`, another `serve`, `psalink sync`), not
/// only the scraped one's.
extension Store {
    /// One snapshot of the store's figures, read in one transaction.
    public struct MetricsSnapshot: Sendable, Equatable {
        /// Every state, with 0 for the states no event is in.
        public var eventsByState: [StoredEvent.State: Int]
        /// Where delivery stands, per PSA, operation and outcome (see `DeliveryTally`).
        public var deliveries: [DeliveryTally: Int]
        /// Events waiting in the outbox (state pending).
        public var outboxDepth: Int
        /// When the oldest of them was received; nil when the outbox is empty.
        public var oldestPendingReceivedAt: Date?
        /// Mappings whose company needs review, per integration and reason.
        public var mappingsNeedingReview: [MappingReview: Int]
        /// Each integration's last finished sync, whoever ran it.
        public var lastSyncs: [LastSync]
    }

    /// A group of events as delivery left them.
    public struct DeliveryTally: Hashable, Sendable {
        /// Nil when the event's integration is gone or it was routed to none.
        public var system: PSASystem?
        /// The operation the event came to; nil while no attempt decided it.
        public var operation: DeliveryOperation?
        public var outcome: Outcome

        public enum Outcome: String, Sendable, CaseIterable {
            /// The PSA has the change.
            case delivered
            /// Attempts ran out or the PSA refused it for good (or until retried).
            case failed
            /// Waiting for a later attempt after a transient failure.
            case retrying
            /// Waiting for the PSA's rate budget.
            case throttled
        }

        public init(system: PSASystem?, operation: DeliveryOperation?, outcome: Outcome) {
            self.system = system
            self.operation = operation
            self.outcome = outcome
        }
    }

    public struct MappingReview: Hashable, Sendable {
        public var integrationID: Int64
        public var reason: MappingReviewReason

        public init(integrationID: Int64, reason: MappingReviewReason) {
            self.integrationID = integrationID
            self.reason = reason
        }
    }

    public struct LastSync: Equatable, Sendable {
        public var integrationID: Int64
        public var finishedAt: Date
        public var failed: Bool
    }

    /// The snapshot at `now`. Its cost grows with the pending events, the mappings and the
    /// integrations, and with the other events only through the `event_outcome` index.
    public func metricsSnapshot(at now: Date = Date()) throws(StoreError) -> MetricsSnapshot {
        try read { db in
            let systems = try Dictionary(
                Row.fetchAll(db, sql: "SELECT id, system FROM integration").map {
                    ($0["id"] as Int64, PSASystem(rawValue: $0["system"]))
                }, uniquingKeysWith: { first, _ in first })
            var deliveries: [DeliveryTally: Int] = [:]
            func add(_ row: Row, _ outcome: DeliveryTally.Outcome) {
                let integration: Int64? = row["integration_id"]
                let operation: String? = row["operation"]
                let tally = DeliveryTally(
                    system: integration.flatMap { systems[$0] ?? nil },
                    operation: operation.flatMap(DeliveryOperation.init(rawValue:)), outcome: outcome)
                deliveries[tally, default: 0] += row["n"] as Int
            }
            var byState = Dictionary(uniqueKeysWithValues: StoredEvent.State.allCases.map { ($0, 0) })
            for row in try Row.fetchAll(db, sql: Self.eventsByOutcomeSQL) {
                guard let state = StoredEvent.State(rawValue: row["state"]) else { continue }
                byState[state, default: 0] += row["n"] as Int
                if state == .delivered || state == .failed { add(row, state == .delivered ? .delivered : .failed) }
            }
            let waiting = try Row.fetchAll(db, sql: Self.waitingDeliveriesSQL, arguments: [now])
            for row in waiting { add(row, (row["throttled"] as Bool?) == true ? .throttled : .retrying) }

            let outbox = try Row.fetchOne(db, sql: Self.outboxSQL)

            var reviews: [MappingReview: Int] = [:]
            let health = try Row.fetchAll(db, sql: Self.mappingHealthSQL)
            for row in health {
                guard let reason = MappingReviewReason(rawValue: row["health"]) else { continue }
                reviews[MappingReview(integrationID: row["integration_id"], reason: reason)] = row["n"]
            }

            let syncs = try Row.fetchAll(db, sql: Self.lastSyncsSQL).map {
                LastSync(integrationID: $0["integration_id"], finishedAt: $0["finished_at"], failed: $0["failed"])
            }

            return MetricsSnapshot(
                eventsByState: byState, deliveries: deliveries, outboxDepth: outbox?["n"] ?? 0,
                oldestPendingReceivedAt: outbox?["oldest"], mappingsNeedingReview: reviews, lastSyncs: syncs)
        }
    }

    /// One pass over the `event_outcome` index: the events by state, and the delivered and
    /// failed ones by integration and operation.
    private static let eventsByOutcomeSQL = """
        SELECT state, integration_id, operation, count(*) AS n FROM event GROUP BY state, integration_id, operation
        """

    /// An event whose attempt is running now (a live lease) has no outcome yet; one never
    /// attempted and not waiting for the budget has none either.
    private static let waitingDeliveriesSQL = """
        SELECT throttled_until > ?1 AS throttled, integration_id, operation, count(*) AS n
        FROM event INDEXED BY event_pending
        WHERE state = 'pending' AND (lease_until IS NULL OR lease_until <= ?1)
            AND (attempts > 0 OR throttled_until > ?1)
        GROUP BY throttled, integration_id, operation
        """

    private static let outboxSQL = """
        SELECT count(*) AS n, min(received_at) AS oldest FROM event INDEXED BY event_pending
        WHERE state = 'pending'
        """

    private static let mappingHealthSQL = """
        SELECT integration_id, health, count(*) AS n FROM mapping WHERE health IS NOT NULL
        GROUP BY integration_id, health
        """

    private static let lastSyncsSQL = """
        SELECT integration_id, finished_at, error IS NOT NULL AS failed FROM sync_state
        WHERE finished_at IS NOT NULL ORDER BY integration_id
        """

    /// Every query of the snapshot, for the test that checks their plans.
    static let metricsQueries = [
        eventsByOutcomeSQL, waitingDeliveriesSQL, outboxSQL, mappingHealthSQL, lastSyncsSQL,
    ]
}
