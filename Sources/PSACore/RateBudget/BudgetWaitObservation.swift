import Foundation
import Synchronization

/// Where the time requests spend waiting for their turn in a rate budget goes: to every
/// process-wide observer (the metrics of `serve`). Only waits are reported, not turns granted at once.
public enum BudgetWaitObservation {
    private static let observers = Mutex<[@Sendable (BudgetKey, Duration) -> Void]>([])

    /// Adds an observer for the life of the process; it is called on the waiting task once its
    /// wait ends (granted, given up or cancelled), so it must be quick.
    public static func addObserver(_ observer: @escaping @Sendable (BudgetKey, Duration) -> Void) {
        observers.withLock { $0.append(observer) }
    }

    static func report(_ waited: Duration, key: BudgetKey) {
        for observer in observers.withLock({ $0 }) { observer(key, waited) }
    }
}
