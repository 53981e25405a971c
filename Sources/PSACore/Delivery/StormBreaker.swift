import Foundation

/// The storm breaker (DESIGN §6): once more than `storm=N/MINUTES` new tickets would open for
/// one customer within MINUTES, one parent ticket takes the rest. Each further new key is
/// folded into it as a note (its event `folded`); repeats of a folded key are counted there;
/// a folded key that resolves says so on the parent. When no new key has fired for the
/// window, the parent gets a summary and resolves if every folded key did, else it lists what
/// still fires and resolves when the last of those does.
///
/// The parent is a ticket for a key of its own (`parentKey`): psalink's work on it goes
/// through the outbox like any event's (`StoredEvent.Origin.storm`), so a parent's create is
/// crash-safe and looked up before it is sent again, and its notes wait for the rate budget
/// and are coalesced under it like any repeat. The decisions and what they queue are one
/// transaction each (`Store.admitNewTicket`). This type holds the words.
public enum StormBreaker {
    /// The parent's dedupe key: one per storm, apart from every event's key (those start with
    /// the integration id and a `|`).
    static func parentKey(integrationID: Int64, stormID: Int64) -> String {
        "storm|\(integrationID)|\(stormID)"
    }

    /// Whether a ticket about this event counts toward a storm: test tickets, tickets about
    /// events that could not become tickets, and psalink's own work do not.
    static func counts(_ stored: StoredEvent) -> Bool {
        stored.origin == nil && stored.fallbackFor == nil && !TestTicket.isTest(stored.event)
    }

    /// The parent's title: "Storm: 11 alerts for Contoso since 10:04 UTC".
    static func title(customer: String, alerts: Int, since: Date) -> String {
        "Storm: \(alerts) alerts for \(customer) since \(clock(since))"
    }

    /// The parent's text when it opens: why it exists, the tickets opened before the storm,
    /// and the alert that began it.
    static func parentText(customer: String, limit: StormLimit, openedBefore: [String], first: NotificationEvent)
        -> String
    {
        var lines = [
            "More than \(limit.tickets) new tickets would have opened for \(customer) within \(limit.minutes) "
                + "minutes (storm=\(limit.description)). psalink opened this ticket instead and adds each further "
                + "alert to it as a note. When no new alert has fired for \(limit.minutes) minutes, psalink adds "
                + "a summary and resolves this ticket once every alert folded into it has resolved.",
            "",
        ]
        if !openedBefore.isEmpty {
            lines.append("Tickets opened before the storm (they stay open on their own):")
            lines += openedBefore.map { "  \($0)" }
            lines.append("")
        }
        lines.append(foldedText(first))
        return lines.joined(separator: "\n")
    }

    /// The note about a new key folded into the storm.
    static func foldedText(_ event: NotificationEvent) -> String {
        alertText("Alert folded into this storm: \(event.title)", event)
    }

    static func foldedAgainText(_ event: NotificationEvent) -> String {
        alertText("Fired again after it had resolved during this storm: \(event.title)", event)
    }

    static func resolvedKeyText(_ event: NotificationEvent) -> String {
        let verb = event.state == .cancelled ? "Cancelled" : "Resolved"
        return alertText("\(verb) during this storm: \(event.title)", event)
    }

    private static func alertText(_ headline: String, _ event: NotificationEvent) -> String {
        var lines = [headline]
        if !event.details.isEmpty { lines.append(event.details) }
        lines.append("")
        lines += TicketText.facts(of: event)
        return lines.joined(separator: "\n")
    }

    /// The summary when the customer has been quiet for the window and keys still fire.
    static func quietText(_ summary: Store.StormSummary) -> String {
        let firing = summary.keys.filter { !$0.resolved }
        var lines = [
            "No new alert for \(summary.customer) for \(Int(summary.window / 60)) minutes: the storm that began "
                + "at \(clock(summary.startedAt)) has calmed. \(summary.alerts) alerts; \(summary.keys.count) were "
                + "folded into this ticket, \(firing.count) of them still firing:"
        ]
        lines += firing.map { "  \($0.title) (\(repeatsText($0.repeats)))" }
        lines.append("psalink resolves this ticket when the last of them resolves.")
        return lines.joined(separator: "\n")
    }

    /// The summary that resolves the parent: every folded key has resolved.
    static func resolvedText(_ summary: Store.StormSummary) -> String {
        var lines = [
            "Every alert folded into this storm has resolved. The storm for \(summary.customer) began at "
                + "\(clock(summary.startedAt)): \(summary.alerts) alerts, \(summary.keys.count) folded into this ticket:"
        ]
        lines += summary.keys.map { "  \($0.title) (\(repeatsText($0.repeats)))" }
        return lines.joined(separator: "\n")
    }

    private static func repeatsText(_ repeats: Int) -> String {
        repeats == 0 ? "fired once" : "fired \(repeats + 1) times"
    }

    /// psalink's work on the parent as an event: the parent's title, the text as written.
    static func event(
        id: String, stormID: Int64, customer: String, alerts: Int, since: Date, about alert: NotificationEvent?,
        state: NotificationEvent.State, text: String
    ) -> NotificationEvent {
        NotificationEvent(
            id: id, accountID: nil,
            condition: .init(id: "psalink-storm", type: alert?.condition.type ?? .task, name: "Alert storm"),
            severity: alert?.severity, state: state, target: "storm \(stormID)",
            title: title(customer: customer, alerts: alerts, since: since), details: text)
    }

    private static func clock(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d UTC", parts.hour ?? 0, parts.minute ?? 0)
    }
}
