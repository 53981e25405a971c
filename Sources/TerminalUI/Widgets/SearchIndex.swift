/// The folded search text of every row of a list, for substring matching while the user
/// types.
///
/// All keys live in one contiguous byte array, so a filter pass over 60,000 rows walks
/// memory in order and allocates nothing but its result.
public struct SearchIndex: Sendable {
    private var keyBytes: [UInt8] = []
    /// Row `i`'s key is `keyBytes[keyStarts[i]..<keyStarts[i + 1]]`.
    private var keyStarts: [Int] = [0]

    /// Folds each text once; row `i` is the `i`-th text.
    public init(_ texts: some Sequence<String>) {
        var folder = TextFolder()
        for text in texts {
            folder.append(text, to: &keyBytes)
            keyStarts.append(keyBytes.count)
        }
    }

    public var count: Int { keyStarts.count - 1 }

    /// The rows of `candidates`, in their order, whose key contains `needle` (folded bytes,
    /// see `TextFolder`). An empty needle matches every row.
    public func rows(of candidates: [Int], containing needle: [UInt8]) -> [Int] {
        guard !needle.isEmpty else { return candidates }
        return keyBytes.withUnsafeBufferPointer { keys in
            keyStarts.withUnsafeBufferPointer { starts in
                needle.withUnsafeBufferPointer { needle in
                    candidates.filter { row in
                        Self.contains(needle, in: keys, from: starts[row], to: starts[row + 1])
                    }
                }
            }
        }
    }

    /// Whether `row`'s key contains `needle`.
    public func row(_ row: Int, contains needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        return keyBytes.withUnsafeBufferPointer { keys in
            needle.withUnsafeBufferPointer { needle in
                Self.contains(needle, in: keys, from: keyStarts[row], to: keyStarts[row + 1])
            }
        }
    }

    /// A plain first-byte scan: keys are short (company names), so cleverer searches would
    /// spend more on setup than they save.
    private static func contains(
        _ needle: UnsafeBufferPointer<UInt8>, in keys: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int
    ) -> Bool {
        let length = needle.count
        guard end - start >= length else { return false }
        let first = needle[0]
        var position = start
        let lastStart = end - length
        while position <= lastStart {
            if keys[position] == first {
                var offset = 1
                while offset < length, keys[position + offset] == needle[offset] { offset += 1 }
                if offset == length { return true }
            }
            position += 1
        }
        return false
    }
}
