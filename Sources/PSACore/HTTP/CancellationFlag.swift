import Synchronization

/// Set by a Task's cancellation handler on any thread; polled by libcurl's progress callback on the
/// transfer's thread, whose non-zero return aborts the transfer.
final class CancellationFlag: Sendable {
    private let cancelled = Atomic<Bool>(false)

    func cancel() {
        cancelled.store(true, ordering: .relaxed)
    }

    var isCancelled: Bool {
        cancelled.load(ordering: .relaxed)
    }
}
