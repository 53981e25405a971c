import Foundation

/// Tickets change in the PSA under psalink (DESIGN §6): a technician deletes one, merges it into
/// another, or closes it. None of that may stop an alert. psalink reads the ticket before a
/// repeat's note when its knowledge is old, and again whenever the PSA refuses a change to it,
/// then decides the event's step on what the PSA now says.
enum TicketDrift {
    /// Merges followed in one read, so that a loop of merges in a damaged PSA ends.
    static let maximumMergeHops = 5

    /// The key's ticket as the PSA has it now. A merged ticket is followed to the ticket it was
    /// merged into, which becomes the key's; a ticket the PSA no longer has (404, no item, or
    /// merged into one it no longer has) is `gone`.
    static func observe(_ known: TrackedTicket, with connector: any PSAConnector, at now: Date)
        async throws(ConnectorError) -> TrackedTicket
    {
        var row = known
        var id = known.ticketID ?? ""
        var hops = 0
        while true {
            guard let psa = try await connector.ticket(id: id) else {
                row.state = .closed
                row.gone = .deleted
                row.closedAt = row.closedAt ?? now
                row.checkedAt = now
                return row
            }
            if let survivor = psa.mergedInto, survivor != id, hops < maximumMergeHops {
                row.mergedFrom = row.mergedFrom ?? row.reference
                row.ticketID = survivor
                row.ticketNumber = nil
                id = survivor
                hops += 1
                continue
            }
            row.refresh(from: psa, following: hops > 0, at: now)
            return row
        }
    }

    /// Whether a failed change may come from the ticket having changed in the PSA: a 404, a
    /// validation error (a note on a closed ticket), or a 500, which is how an API answers a
    /// business rule it documents no error for (Autotask refuses a note on a Complete ticket so).
    /// A 500 stays transient when the ticket turns out unchanged.
    static func mayExplain(_ refusal: ConnectorError) -> Bool {
        switch refusal {
        case .notFound, .rejected: return true
        case .server(let status, _): return status == 500
        default: return false
        }
    }

    /// Whether the PSA's ticket differs from what psalink knew in a way that changes the step.
    static func changed(from known: TrackedTicket, to observed: TrackedTicket) -> Bool {
        observed.gone != known.gone || observed.ticketID != known.ticketID || observed.state != known.state
    }

    /// Whether the difference is the failed step's own status change, which reached the PSA
    /// before its note failed (ConnectWise and Autotask set the status first).
    static func isOwnChange(_ step: LifecycleStep, from known: TrackedTicket, to observed: TrackedTicket) -> Bool {
        guard observed.gone == nil, observed.ticketID == known.ticketID else { return false }
        switch step {
        case .resolve, .cancel: return observed.state == .closed
        case .reopen: return observed.state == .open
        case .create, .addNote, .nothing, .refused: return false
        }
    }

    /// What psalink learned, in words for the event's history: "ticket #12 was deleted in the
    /// PSA"; nil when nothing changed.
    static func learned(from known: TrackedTicket, to observed: TrackedTicket) -> String? {
        let earlier = "ticket #\(known.reference ?? "?")"
        if observed.gone == .deleted, known.gone == nil { return "\(earlier) was deleted in the PSA" }
        if observed.ticketID != known.ticketID {
            return "\(earlier) was merged into #\(observed.reference ?? "?") in the PSA"
        }
        if observed.state == .closed, known.state == .open { return "\(earlier) was closed in the PSA" }
        if observed.state == .open, known.state == .closed { return "\(earlier) was reopened in the PSA" }
        return nil
    }

    /// The reason an event's history gives for its step: what psalink learned and what it did.
    static func reason(learned: String?, step: LifecycleStep, ticket: TrackedTicket?) -> String? {
        switch step {
        case .create:
            if let learned {
                let closedNotGone = ticket?.gone == nil && ticket?.state == .closed
                return learned
                    + (closedNotGone ? "; past the reopen window, opened a new ticket" : "; opened a new ticket")
            }
            // A retry of the create that replaces a gone ticket.
            return ticket?.replaces.map { "replaces ticket #\($0), which the PSA no longer has" }
        case .addNote: return learned.map { $0 + "; noted there" }
        case .reopen: return learned.map { $0 + "; within the reopen window, reopened it" }
        case .resolve, .cancel: return learned
        case .nothing(let reason): return learned.map { "\($0): \(reason)" }
        case .refused: return nil
        }
    }
}

extension TrackedTicket {
    /// What the PSA says of the ticket now. A close psalink did not make counts from when the
    /// PSA says it happened, else from when psalink last saw the ticket open, the earliest it
    /// can have been (so a long-closed ticket is not reopened by mistake). A ticket reached by
    /// following a merge is taken as the PSA has it.
    mutating func refresh(from psa: PSATicket, following merge: Bool = false, at now: Date) {
        if psa.isClosed {
            if state != .closed || merge {
                closedAt = psa.closedAt ?? (merge ? now : checkedAt ?? now)
            }
            state = .closed
        } else {
            state = .open
            closedAt = nil
        }
        ticketNumber = psa.number ?? ticketNumber
        checkedAt = now
    }
}
