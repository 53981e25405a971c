import Foundation

/// Submits notification events and reads back what became of them: `events send`, `serve`'s
/// `POST /events` and the wizard's test tickets and retries. Events are checked, routed and
/// stored durably here; a `DeliveryWorker` takes them to the PSA.
public struct EventSubmission: Sendable {
    let store: Store
    private let intake: GroupedIntake

    public init(store: Store) {
        self.store = store
        intake = GroupedIntake(store: store)
    }

    /// Stores the parsed events that can be routed, in one transaction shared with concurrent
    /// callers. One receipt per item, in order: rejected (with the parser's or the routing's
    /// reason), duplicate, or stored (`pending`, or `skipped` by its routing). Throws only when
    /// nothing could be stored.
    public func submit(_ parsed: [Result<NotificationEvent, EventRejection>]) async throws(StoreError)
        -> [EventReceipt]
    {
        let events = parsed.compactMap { try? $0.get() }
        let results = try await intake.accept(events).get()
        var accepted = results.makeIterator()
        return parsed.map { item in
            switch item {
            case .failure(let rejection):
                return EventReceipt(id: rejection.eventID, status: .rejected(reason: rejection.description))
            case .success(let event):
                return Self.receipt(for: event, accepted.next() ?? .refused("not routed"))
            }
        }
    }

    /// Stores one event for `integrationID`, whatever its account's mapping says (a test ticket).
    public func submit(_ event: NotificationEvent, toIntegration integrationID: Int64) throws(StoreError)
        -> EventReceipt
    {
        let results = try EventIntake(store: store).accept([event], toIntegration: integrationID)
        return Self.receipt(for: event, results.first ?? .refused("not routed"))
    }

    /// The receipts as things stand now: each stored event and its ticket read back.
    public func readBack(_ receipts: [EventReceipt]) throws(StoreError) -> [EventReceipt] {
        let seqs = receipts.compactMap(\.seq)
        let stored = Dictionary(try store.events(seqs: seqs).map { ($0.seq, $0) }, uniquingKeysWith: { a, _ in a })
        var tickets: [Int64: TrackedTicket] = [:]
        for row in Set(stored.values.compactMap(\.ticketRow)) { tickets[row] = try store.trackedTicket(row: row) }
        return receipts.map { receipt in
            guard let seq = receipt.seq else { return receipt }
            guard let event = stored[seq] else { return EventReceipt(id: nil, status: .unreadable, seq: seq) }
            return EventReceipt(
                id: event.event.id, status: receipt.status == .duplicate ? .duplicate : .stored(event.state), seq: seq,
                stored: event, ticket: event.ticketRow.flatMap { tickets[$0] })
        }
    }

    /// Delivers the outbox with `worker` until the event `seq` is no longer pending, for at most
    /// `wait` seconds: other events' back-off does not hold up the answer about this one.
    public func deliver(_ seq: Int64, with worker: DeliveryWorker, within wait: TimeInterval) async {
        let store = store
        let deadline = Date().addingTimeInterval(wait)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await worker.drain(until: deadline) }
            group.addTask {
                while !Task.isCancelled {
                    if let event = try? store.events(seqs: [seq]).first, event.state != .pending { break }
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            await group.next()
            // Deliveries in flight finish; nothing new is claimed.
            worker.stop()
            group.cancelAll()
        }
    }

    /// Puts the failed event `seq` back in the outbox, delivers it for up to `wait` seconds,
    /// and reads it back. Throws `eventNotRetryable` when it had not failed.
    public func retry(_ seq: Int64, with worker: DeliveryWorker, within wait: TimeInterval) async throws(StoreError)
        -> EventReceipt
    {
        try store.retryEvent(seq)
        await deliver(seq, with: worker, within: wait)
        return try readBack([EventReceipt(id: nil, status: .stored(.pending), seq: seq)])[0]
    }

    private static func receipt(for event: NotificationEvent, _ result: EventIntake.Result) -> EventReceipt {
        switch result {
        case .refused(let reason): return EventReceipt(id: event.id, status: .rejected(reason: reason))
        case .accepted(.stored(let seq, let state)): return EventReceipt(id: event.id, status: .stored(state), seq: seq)
        case .accepted(.duplicate(let seq, _)): return EventReceipt(id: event.id, status: .duplicate, seq: seq)
        }
    }
}
