import Foundation
import Logging
import PSACore

/// What `serve` writes to its log, and in which words. Event titles and details are never
/// logged, nor the dedupe key (its hash stands for it), the token or a credential; text from a
/// PSA (an error) is already redacted in the record and is made one printable line here.
struct ServiceLog: Sendable {
    let logger: Logger

    func started(listening address: String) {
        logger.info("serve started", metadata: ["listen": .string(address)])
    }

    func stopping() {
        logger.info("serve stopping: no new requests; the deliveries in flight finish")
    }

    func stopped() {
        logger.info("serve stopped")
    }

    func failed(_ reason: String) {
        logger.error("serve failed", metadata: ["error": .string(JSONLogLine.printable(reason))])
    }

    func delivery(_ report: DeliveryReport) {
        let outcome = ServiceMetrics.outcome(of: report.outcome)
        var metadata: Logger.Metadata = [
            "event_id": .string(JSONLogLine.printable(report.event.event.id)),
            "psa": .string(ServiceMetrics.psa(report.system)),
            "operation": .string((report.outcome.operation ?? report.event.operation)?.rawValue ?? "undecided"),
            "outcome": .string(outcome),
            "duration_ms": .stringConvertible(Self.milliseconds(report.duration)),
            "psa_statuses": .array(report.requests.map { .string($0.status.map(String.init) ?? "none") }),
        ]
        if let integration = report.event.integrationID { metadata["integration_id"] = .stringConvertible(integration) }
        if let key = report.event.dedupeKey { metadata["key_hash"] = .string(DedupeKeyHash.of(key)) }
        if let ticket = report.ticket?.ticketNumber ?? report.ticket?.ticketID {
            metadata["ticket"] = .string(JSONLogLine.printable(ticket))
        }
        if let until = report.outcome.throttledUntil {
            metadata["throttled_until"] = .string(until.formatted(.iso8601))
        }
        if let error = report.outcome.error { metadata["error"] = .string(JSONLogLine.printable(error)) }
        if report.outcome.state == .failed {
            metadata["exhausted"] = .stringConvertible(report.outcome.exhausted)
            metadata["retryable"] = .stringConvertible(report.outcome.retryable)
            logger.warning("delivery failed", metadata: metadata)
        } else {
            logger.info("delivery attempt", metadata: metadata)
        }
    }

    func request(_ record: PSARequestRecord) {
        guard logger.logLevel <= .debug else { return }
        var metadata: Logger.Metadata = [
            "method": .string(record.method), "host": .string(JSONLogLine.printable(record.host)),
            "path": .string(JSONLogLine.printable(record.path)),
            "status": .string(record.status.map(String.init) ?? "none"),
            "duration_ms": .stringConvertible(Self.milliseconds(record.duration)),
        ]
        if let failure = record.failure { metadata["error"] = .string(JSONLogLine.printable(failure)) }
        logger.debug("PSA request", metadata: metadata)
    }

    /// A POST /events that stored nothing, or an event in it that was refused.
    func intakeRefused(_ reason: String, eventID: String? = nil) {
        var metadata: Logger.Metadata = ["reason": .string(JSONLogLine.printable(reason))]
        if let eventID { metadata["event_id"] = .string(JSONLogLine.printable(eventID)) }
        logger.notice("events refused at intake", metadata: metadata)
    }

    /// The store could not take a POST /events' events; the sender is told to try again.
    func eventsNotStored(_ reason: String) {
        logger.error("events not stored", metadata: ["error": .string(JSONLogLine.printable(reason))])
    }

    func syncFinished(_ summaries: [SyncRun.IntegrationSummary]) {
        for summary in summaries {
            var metadata: Logger.Metadata = [
                "integration_id": .stringConvertible(summary.integrationID),
                "result": .string(summary.error == nil ? "ok" : "failed"),
            ]
            if let error = summary.error {
                metadata["error"] = .string(JSONLogLine.printable(error))
                logger.warning("sync of an integration had problems", metadata: metadata)
            } else {
                logger.info("sync of an integration finished", metadata: metadata)
            }
        }
    }

    func syncProblem(_ problem: String) {
        logger.warning("sync problem", metadata: ["error": .string(JSONLogLine.printable(problem))])
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }
}
