import Synchronization

/// Where background work posts its results for the UI thread. Posting wakes the run loop
/// at once rather than at its next tick.
public final class MessageInbox<Message: Sendable>: Sendable {
    private let queue = Mutex<[Message]>([])
    private let wake: @Sendable () -> Void

    public init(wake: @escaping @Sendable () -> Void = {}) {
        self.wake = wake
    }

    public func post(_ message: Message) {
        queue.withLock { $0.append(message) }
        wake()
    }

    /// Takes every message posted so far, oldest first.
    public func drain() -> [Message] {
        queue.withLock { messages in
            defer { messages.removeAll() }
            return messages
        }
    }
}
