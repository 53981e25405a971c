import Foundation

extension Array where Element: Sendable {
    /// `map` on every core, for work that is pure and the same size per element; the result
    /// keeps the order. Small arrays are mapped in place, where threads would cost more.
    func parallelMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        parallelMap(workerState: {}) { _, element in transform(element) }
    }

    /// `parallelMap` where each worker keeps state across its elements (a scratch buffer),
    /// made once per worker by `workerState`.
    func parallelMap<Result: Sendable, State>(
        workerState: @Sendable () -> State, _ transform: @Sendable (inout State, Element) -> Result
    ) -> [Result] {
        guard count > 64 else {
            var state = workerState()
            return map { transform(&state, $0) }
        }
        let workers = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, count / 64))
        let slots = ResultSlots<Result>(count: count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var chunk: [(Int, Result)] = []
            var state = workerState()
            for position in stride(from: worker, to: count, by: workers) {
                chunk.append((position, transform(&state, self[position])))
            }
            slots.store(chunk)
        }
        return slots.values
    }
}

/// Two pure computations at once, each on a core of its own: for work that splits in two
/// halves that share nothing but their inputs.
func inParallel<First: Sendable, Second: Sendable>(
    _ first: @Sendable () -> First, _ second: @Sendable () -> Second
) -> (First, Second) {
    let firstSlot = ResultSlots<First>(count: 1)
    let secondSlot = ResultSlots<Second>(count: 1)
    DispatchQueue.concurrentPerform(iterations: 2) { half in
        if half == 0 { firstSlot.store([(0, first())]) } else { secondSlot.store([(0, second())]) }
    }
    return (firstSlot.values[0], secondSlot.values[0])
}

/// Slots that workers fill, each slot by exactly one worker; a worker hands over its results
/// at once, so the lock is taken once per worker.
private final class ResultSlots<Value>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func store(_ chunk: [(Int, Value)]) {
        lock.lock()
        for (position, value) in chunk { storage[position] = value }
        lock.unlock()
    }

    var values: [Value] { storage.map { $0! } }
}
