/// How much of an axis a piece of a layout takes.
public enum Extent: Hashable, Sendable {
    /// Exactly this many cells (fewer if the space runs out).
    case fixed(Int)
    /// A share of what the fixed pieces leave, by weight.
    case fill(Int)
}

/// Splits rectangles into rows or columns, like a one-dimensional flexbox.
public enum Layout {
    /// Rows from top to bottom.
    public static func rows(_ rect: Rect, _ extents: [Extent]) -> [Rect] {
        split(length: rect.height, extents).map { start, length in
            Rect(x: rect.x, y: rect.y + start, width: rect.width, height: length)
        }
    }

    /// Columns from left to right, separated by `spacing` cells.
    public static func columns(_ rect: Rect, _ extents: [Extent], spacing: Int = 0) -> [Rect] {
        let gaps = max(0, extents.count - 1) * spacing
        return split(length: rect.width - gaps, extents).enumerated().map { index, piece in
            Rect(x: rect.x + piece.start + index * spacing, y: rect.y, width: piece.length, height: rect.height)
        }
    }

    static func split(length: Int, _ extents: [Extent]) -> [(start: Int, length: Int)] {
        let available = max(0, length)
        var remaining = available
        var lengths = extents.map { extent -> Int in
            guard case .fixed(let size) = extent else { return 0 }
            let taken = min(max(0, size), remaining)
            remaining -= taken
            return taken
        }
        let totalWeight = extents.reduce(0) { sum, extent in
            if case .fill(let weight) = extent { return sum + max(0, weight) }
            return sum
        }
        if totalWeight > 0 {
            let shared = remaining
            var handedOut = 0
            var lastFill: Int?
            for (index, extent) in extents.enumerated() {
                guard case .fill(let weight) = extent else { continue }
                lengths[index] = shared * max(0, weight) / totalWeight
                handedOut += lengths[index]
                lastFill = index
            }
            // Rounding leftovers go to the last fill so the pieces cover the whole length.
            if let lastFill { lengths[lastFill] += shared - handedOut }
        }
        var start = 0
        return lengths.map { length in
            defer { start += length }
            return (start, length)
        }
    }
}
