import Dispatch
import Synchronization

/// `EventIntake` for many concurrent senders: requests that arrive while a transaction is
/// being written are stored together in the next one, so that one disk flush acknowledges
/// all of them (group commit). Each caller still gets only its own events' results, and
/// only after they are durably stored.
public final class GroupedIntake: Sendable {
    private typealias Answer = @Sendable (Result<[EventIntake.Result], StoreError>) -> Void
    private struct Waiting {
        var events: [NotificationEvent]
        var answer: Answer
    }

    private let intake: EventIntake
    private let queue = DispatchQueue(label: "psalink.intake")
    /// The requests not yet written, and whether a writer is running.
    private let state = Mutex<(waiting: [Waiting], writing: Bool)>(([], false))

    public init(store: Store) {
        intake = EventIntake(store: store)
    }

    public func accept(_ events: [NotificationEvent]) async -> Result<[EventIntake.Result], StoreError> {
        await withCheckedContinuation { continuation in
            let startWriter = state.withLock { state -> Bool in
                state.waiting.append(Waiting(events: events) { continuation.resume(returning: $0) })
                defer { state.writing = true }
                return !state.writing
            }
            if startWriter { queue.async { self.writeWaiting() } }
        }
    }

    private func writeWaiting() {
        while true {
            let group = state.withLock { state -> [Waiting] in
                let group = state.waiting
                state.waiting.removeAll()
                if group.isEmpty { state.writing = false }
                return group
            }
            guard !group.isEmpty else { return }
            do {
                var results = try intake.accept(group.flatMap(\.events))[...]
                for waiting in group {
                    waiting.answer(.success(Array(results.prefix(waiting.events.count))))
                    results = results.dropFirst(waiting.events.count)
                }
            } catch {
                for waiting in group { waiting.answer(.failure(error)) }
            }
        }
    }
}
