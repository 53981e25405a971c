/// What a request to the PSA is for, so that the budget serves what matters first when it is
/// short: a ticket opened or closed before a note, a note before a company listing.
public enum RequestPriority: Int, Sendable, Comparable, CaseIterable {
    /// Company refreshes and other work nobody is waiting for.
    case background
    /// Notes, priority raises, the reads before them, wizard loads and checks.
    case routine
    /// Creating, resolving and cancelling tickets, and the lookups a create depends on.
    case essential

    public static func < (lhs: RequestPriority, rhs: RequestPriority) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The share of the window's requests this priority may use: the rest is kept for the
    /// priorities above it, so that a busy window still has room for a create.
    var share: Double {
        switch self {
        case .background: return 0.5
        case .routine: return 0.9
        case .essential: return 1
        }
    }

    /// The priority of the requests made by the current task (and the tasks it starts).
    /// Callers set it around a unit of work instead of passing it through every connector call.
    @TaskLocal public static var current: RequestPriority = .routine
}

/// How long a request may wait for the budget before it gives up with
/// `ConnectorError.throttled`, which says until when. Ten seconds by default: a check or a
/// wizard load waits for a slot in the window, but reports a longer pause of the PSA at once
/// instead of hanging. The delivery worker (which puts the event back until the budget opens)
/// and company refreshes (bulk work the admin asked for) set their own.
public enum BudgetWait {
    @TaskLocal public static var limit: Duration = .seconds(10)
}
