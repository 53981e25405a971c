import Foundation

/// What psalink knows of the ticket a dedupe key already has.
public struct TicketRecord: Sendable, Equatable {
    public var ticketID: String
    public var isClosed: Bool
    /// When the ticket was closed, in the PSA or by psalink; nil while open or unknown.
    public var closedAt: Date?
    /// The highest severity the key's events have had so far.
    public var severity: NotificationEvent.Severity?

    public init(ticketID: String, isClosed: Bool, closedAt: Date? = nil, severity: NotificationEvent.Severity?) {
        self.ticketID = ticketID
        self.isClosed = isClosed
        self.closedAt = closedAt
        self.severity = severity
    }
}

/// The one change an event makes to its key's ticket (DESIGN §3). Ids are the PSA's, from
/// the routed settings.
public enum LifecycleStep: Sendable, Equatable {
    /// A new ticket with the open status and the severity's priority.
    case create(statusID: String?, priorityID: String?)
    /// A repeat firing: a note, and the priority raised when the severity rose.
    case addNote(ticketID: String, raisePriorityTo: String?)
    /// A firing after the ticket was closed, within the reopen window.
    case reopen(ticketID: String, statusID: String, raisePriorityTo: String?)
    case resolve(ticketID: String, statusID: String)
    case cancel(ticketID: String, statusID: String)
    /// Nothing to change (a resolve with no open ticket), with the reason recorded.
    case nothing(reason: String)
    /// The settings lack what the step needs; recorded as the operation's error.
    case refused(reason: String)
}

/// Decides an event's step from its key's ticket. Pure: the delivery worker asks the PSA for
/// the ticket's state first and carries the step out after.
public enum TicketLifecycle {
    /// Firing after a close reopens within this window when the settings name none.
    public static let defaultReopenWindow: Duration = .seconds(24 * 3_600)

    public static func step(
        for event: NotificationEvent, existing: TicketRecord?, settings: TicketSettings, now: Date
    ) -> LifecycleStep {
        switch event.state {
        case .firing:
            guard let existing else {
                return .create(statusID: settings[.openStatus], priorityID: priority(for: event.severity, in: settings))
            }
            let raise =
                rose(from: existing.severity, to: event.severity) ? priority(for: event.severity, in: settings) : nil
            guard existing.isClosed else { return .addNote(ticketID: existing.ticketID, raisePriorityTo: raise) }
            guard let closedAt = existing.closedAt, isWithinReopenWindow(closedAt, settings: settings, now: now) else {
                return .create(statusID: settings[.openStatus], priorityID: priority(for: event.severity, in: settings))
            }
            guard let open = settings[.openStatus] else {
                return .refused(reason: "open-status is not set, so the closed ticket cannot be reopened")
            }
            return .reopen(ticketID: existing.ticketID, statusID: open, raisePriorityTo: raise)
        case .resolved, .cancelled:
            let key: TicketSettingKey = event.state == .resolved ? .resolvedStatus : .cancelledStatus
            guard let existing, !existing.isClosed else {
                return .nothing(reason: "no open ticket to \(event.state == .resolved ? "resolve" : "cancel")")
            }
            guard let status = settings[key] else {
                return .refused(reason: "\(key.rawValue) is not set, so the ticket cannot be closed")
            }
            return event.state == .resolved
                ? .resolve(ticketID: existing.ticketID, statusID: status)
                : .cancel(ticketID: existing.ticketID, statusID: status)
        }
    }

    /// The priority of a severity: its own setting, else the default one (also for events
    /// that carry no severity).
    public static func priority(for severity: NotificationEvent.Severity?, in settings: TicketSettings) -> String? {
        let key: TicketSettingKey? =
            switch severity {
            case .informational?: .informationalPriority
            case .low?: .lowPriority
            case .medium?: .mediumPriority
            case .high?: .highPriority
            case .critical?: .criticalPriority
            case nil: nil
            }
        return key.flatMap { settings[$0] } ?? settings[.defaultPriority]
    }

    private static func rose(from old: NotificationEvent.Severity?, to new: NotificationEvent.Severity?) -> Bool {
        // Without a severity the default priority applied, whose rank among severities is
        // not known: only a rise between two known severities changes the priority.
        guard let new, let old else { return false }
        return new > old
    }

    private static func isWithinReopenWindow(_ closedAt: Date, settings: TicketSettings, now: Date) -> Bool {
        let window = settings[.reopenWindow].flatMap { try? ReopenWindow(parsing: $0) }?.duration ?? defaultReopenWindow
        let seconds = Double(window.components.seconds)
        return now.timeIntervalSince(closedAt) <= seconds
    }
}
