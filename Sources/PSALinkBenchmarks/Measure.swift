import Foundation

/// Timing helpers: wall-clock samples, reported as medians.
enum Measure {
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Runs `body` `count` times after `warmup` runs; returns each run's milliseconds.
    /// `prepare` runs before every sample and is not timed.
    static func samples(count: Int, warmup: Int = 3, prepare: () -> Void = {}, _ body: () -> Void) -> [Double] {
        for _ in 0..<warmup {
            prepare()
            body()
        }
        return (0..<count).map { _ in
            prepare()
            let start = now()
            body()
            return Double(now() - start) / 1_000_000
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    static func report(_ name: String, _ values: [Double], target: Double? = nil) {
        let median = median(values)
        let sorted = values.sorted()
        let p90 = sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, sorted.count * 9 / 10)]
        let verdict =
            target.map { median < $0 ? "  (target < \(format($0)) ms: met)" : "  (target < \(format($0)) ms: MISSED)" }
            ?? ""
        print(
            "\(name.padding(toLength: 58, withPad: " ", startingAt: 0)) median \(format(median)) ms  p90 \(format(p90)) ms  n=\(values.count)\(verdict)"
        )
    }

    static func format(_ value: Double) -> String { String(format: value < 1 ? "%.3f" : "%.2f", value) }
}
