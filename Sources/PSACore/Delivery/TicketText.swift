import Foundation

/// The words psalink writes into tickets and notes: what happened, to what, and when, with
/// the external reference so that a technician can tie the ticket to psalink's history.
public enum TicketText {
    /// The ticket's description: the event's details and the facts of its condition.
    public static func details(for event: NotificationEvent, reference: String) -> String {
        var lines: [String] = []
        if !event.details.isEmpty { lines += [event.details, ""] }
        lines += facts(of: event)
        lines.append("psalink reference: \(reference)")
        return lines.joined(separator: "\n")
    }

    /// The first lines of a ticket opened because the key's earlier ticket is gone from the PSA.
    public static func replacing(_ earlier: String) -> String {
        "psalink opened this ticket because ticket #\(earlier), opened earlier for the same alert, "
            + "no longer exists in the PSA (deleted, or merged into a ticket that was deleted)."
    }

    /// The note of a step on an existing ticket.
    public static func note(for event: NotificationEvent, operation: DeliveryOperation) -> String {
        let headline: String
        switch operation {
        case .reopen: headline = "Fired again after the ticket was closed; reopened by psalink."
        case .resolve: headline = "Resolved: the condition cleared."
        case .cancel: headline = "Cancelled: the condition no longer applies."
        case .create, .note, .none: headline = "Fired again."
        }
        var lines = [headline, event.title]
        if !event.details.isEmpty { lines.append(event.details) }
        lines.append("")
        lines += facts(of: event)
        return lines.joined(separator: "\n")
    }

    /// The lines a note adds for the repeats it carries, when they waited for the PSA's rate
    /// budget together: how many, since when, and the latest of them.
    public static func coalesced(_ repeats: [NotificationEvent], since: Date) -> [String] {
        guard let latest = repeats.last else { return [] }
        let formatter = ISO8601DateFormatter()
        let times = repeats.count == 1 ? "1 more time" : "\(repeats.count) more times"
        var lines = [
            "Fired \(times) since \(formatter.string(from: since)) while the PSA's rate limit held psalink back."
        ]
        lines.append("Latest: \(latest.title) (event \(latest.id)).")
        return lines
    }

    /// The lines summing an acknowledgement's repeats: who acknowledged, why, until when, and
    /// how often the alert fired meanwhile without a note.
    public static func acknowledgedRepeats(_ acknowledgement: TicketAcknowledgement) -> String {
        let formatter = ISO8601DateFormatter()
        let times = acknowledgement.repeats == 1 ? "once" : "\(acknowledgement.repeats) times"
        let since = acknowledgement.firstRepeat.map { " from \(formatter.string(from: $0))" } ?? ""
        return "While acknowledged by \(acknowledgement.by) until \(formatter.string(from: acknowledgement.until)) "
            + "(\(acknowledgement.reason)), the alert fired \(times)\(since) without a note."
    }

    static func facts(of event: NotificationEvent) -> [String] {
        var condition = event.condition.name.map { "\($0) (\(event.condition.type.rawValue), \(event.condition.id))" }
        condition = condition ?? "\(event.condition.type.rawValue) \(event.condition.id)"
        var lines = ["Condition: \(condition!)"]
        if !event.target.isEmpty { lines.append("Target: \(event.target)") }
        lines.append("Severity: \(event.severity?.rawValue ?? "not given")")
        if let occurredAt = event.occurredAt {
            let formatter = ISO8601DateFormatter()
            lines.append("Occurred: \(formatter.string(from: occurredAt))")
        }
        lines.append("Event: \(event.id)")
        return lines
    }
}
