import Foundation
import Synchronization

/// Where the time requests spend waiting for their turn in a rate budget goes: to every
/// process-wide observer (the metrics of `serve`). Only waits are reported, not turns granted at once.
public enum BudgetWaitObservation {
    private static let observers = Mutex<[@Sendable (PSASystem?, Duration) -> Void]>([])

    /// Adds an observer for the life of the process; it is called on the waiting task once its
    /// wait ends (granted, given up or cancelled), so it must be quick.
    public static func addObserver(_ observer: @escaping @Sendable (PSASystem?, Duration) -> Void) {
        observers.withLock { $0.append(observer) }
    }

    static func report(_ waited: Duration, key: BudgetKey) {
        let observers = observers.withLock { $0 }
        guard !observers.isEmpty else { return }
        // The key starts with the system's name (see `BudgetKey.init`).
        let system = PSASystem(rawValue: String(key.rawValue.prefix { $0 != " " }))
        for observer in observers { observer(system, waited) }
    }
}
