/// The rows of a list, in display order, whose search text contains a query; shared by the
/// table and the picker.
///
/// When the new query contains the previous one (the user typed one more character) only
/// the rows that matched before are tested again, so each keystroke gets cheaper as the
/// list narrows.
public struct TextFilter: Sendable {
    public private(set) var index: SearchIndex
    /// Every row in display order (for the table: the sort order).
    public private(set) var order: [Int]
    public private(set) var query: String = ""
    /// The rows of `order` that match `query`, in the same order.
    public private(set) var matches: [Int]
    private var foldedQuery: [UInt8] = []
    /// How many rows the last query change tested; the incremental path is observable in tests.
    private(set) var rowsTestedByLastQuery = 0

    /// A filter over `searchTexts`, row `i` being the `i`-th text, shown in `order` (all rows
    /// in their own order when nil).
    public init(searchTexts: [String], order: [Int]? = nil) {
        index = SearchIndex(searchTexts)
        self.order = order ?? Array(0..<searchTexts.count)
        matches = self.order
    }

    public var isActive: Bool { !foldedQuery.isEmpty }

    public mutating func setQuery(_ newQuery: String) {
        var folder = TextFolder()
        let folded = folder.fold(newQuery)
        query = newQuery
        guard folded != foldedQuery else {
            rowsTestedByLastQuery = 0
            return
        }
        let narrowing = !foldedQuery.isEmpty && Self.bytes(folded, contain: foldedQuery)
        let candidates = narrowing ? matches : order
        rowsTestedByLastQuery = folded.isEmpty ? 0 : candidates.count
        matches = index.rows(of: candidates, containing: folded)
        foldedQuery = folded
    }

    /// Shows the rows in a new order (a sort) and keeps the query; matching rows are carried
    /// over rather than searched again.
    public mutating func setOrder(_ newOrder: [Int]) {
        order = newOrder
        guard isActive else {
            matches = newOrder
            return
        }
        var isMatch = [Bool](repeating: false, count: index.count)
        for row in matches { isMatch[row] = true }
        matches = newOrder.filter { isMatch[$0] }
    }

    private static func bytes(_ haystack: [UInt8], contain needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count)
        where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }
}
