import Foundation
import Synchronization

/// Where the records of PSA requests go: to the recorder of the task that sent them (the
/// delivery of one outbox item keeps its own requests) and to every process-wide observer
/// (the metrics and the service's log of `serve`).
public enum PSARequestObservation {
    private static let observers = Mutex<[@Sendable (PSARequestRecord) -> Void]>([])

    /// Adds an observer for the life of the process; it is called on the sending thread, so it
    /// must be quick and must not block.
    public static func addObserver(_ observer: @escaping @Sendable (PSARequestRecord) -> Void) {
        observers.withLock { $0.append(observer) }
    }

    static func report(_ record: PSARequestRecord) {
        PSARequestRecorder.current?.append(record)
        for observer in observers.withLock({ $0 }) { observer(record) }
    }
}

/// Collects the requests sent by the task it is bound to, and by that task's child tasks.
public final class PSARequestRecorder: Sendable {
    @TaskLocal public static var current: PSARequestRecorder?

    private let storage = Mutex<[PSARequestRecord]>([])

    public init() {}

    public var records: [PSARequestRecord] { storage.withLock { $0 } }

    func append(_ record: PSARequestRecord) {
        storage.withLock { $0.append(record) }
    }
}
