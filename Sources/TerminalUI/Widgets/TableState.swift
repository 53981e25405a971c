/// One column of a table: how it is titled, how wide it is, and how it reads a row.
public struct TableColumn<Row>: Sendable {
    public var title: String
    public var width: Extent
    public var alignment: Alignment
    /// The cell's text; called only for the rows on screen.
    public var text: @Sendable (Row) -> String
    /// What the column sorts by; called once per row when the table is first sorted by it.
    public var sortKey: @Sendable (Row) -> TableSortKey
    /// The cell's role when it is not the highlighted row's (nil: normal), e.g. a health in red.
    public var role: @Sendable (Row) -> Role? = { _ in nil }

    /// A column that sorts by its text, ignoring case and accents.
    public init(
        _ title: String, width: Extent = .fill(1), alignment: Alignment = .leading,
        text: @escaping @Sendable (Row) -> String
    ) {
        self.init(title, width: width, alignment: alignment, text: text, sortKey: { .text(text($0)) })
    }

    /// A column with its own sort order, e.g. numbers that must not sort as text.
    public init(
        _ title: String, width: Extent = .fill(1), alignment: Alignment = .leading,
        text: @escaping @Sendable (Row) -> String, sortKey: @escaping @Sendable (Row) -> TableSortKey
    ) {
        self.title = title
        self.width = width
        self.alignment = alignment
        self.text = text
        self.sortKey = sortKey
    }
}

/// A value a column sorts by. Text compares ignoring case and accents; numbers sort before
/// text.
public enum TableSortKey: Sendable {
    case number(Double)
    case text(String)
}

public enum SortDirection: Sendable {
    case ascending, descending
}

/// What a table shows and where the user is in it: the rows, their sort and filter, the
/// highlighted row and the scroll position. The screen owns it; `Table` draws it.
///
/// A row's identity is its index in `rows`; the highlight follows that index through sorts
/// and filters as long as the row stays visible.
public struct TableState<Row> {
    public private(set) var columns: [TableColumn<Row>]
    public private(set) var rows: [Row]
    public private(set) var sortColumn: Int?
    public private(set) var sortDirection: SortDirection = .ascending
    /// Cursor over `visibleRows`.
    public private(set) var cursor = ListCursor()
    private let searchText: @Sendable (Row) -> String
    private var filter: TextFilter
    /// Sort ranks per column (see `ranks(forColumn:)`), computed on the first sort by it.
    private var sortRanks: [Int: [Int]] = [:]

    /// `searchText` is what the filter matches a row against; by default the text of all
    /// its cells.
    public init(
        columns: [TableColumn<Row>], rows: [Row] = [], searchText: (@Sendable (Row) -> String)? = nil
    ) {
        let searchText =
            searchText ?? { row in
                // A line break cannot be typed into a query, so matches never span two cells.
                columns.map { $0.text(row) }.joined(separator: "\n")
            }
        self.columns = columns
        self.rows = rows
        self.searchText = searchText
        filter = TextFilter(searchTexts: rows.map(searchText))
        cursor = ListCursor(count: rows.count)
    }

    /// Row indices (into `rows`) in display order: sorted, then filtered.
    public var visibleRows: [Int] { filter.matches }

    /// The highlighted row's index in `rows`, nil when no row is visible.
    public var selectedRow: Int? { cursor.isEmpty ? nil : filter.matches[cursor.position] }

    public var selectedItem: Row? { selectedRow.map { rows[$0] } }

    public var filterQuery: String { filter.query }

    /// Replaces the rows, keeping sort, filter and the highlighted position.
    public mutating func setRows(_ newRows: [Row]) {
        rows = newRows
        sortRanks = [:]
        let position = cursor.position
        let query = filter.query
        filter = TextFilter(searchTexts: newRows.map(searchText), order: sortedOrder())
        filter.setQuery(query)
        cursor.reset(count: filter.matches.count, position: position)
    }

    /// Changes how wide `column` is, e.g. to fit what its cells say now; the rows, their sort and
    /// filter and the highlight stay as they are.
    public mutating func setWidth(_ width: Extent, ofColumn column: Int) {
        guard columns.indices.contains(column) else { return }
        columns[column].width = width
    }

    /// Shows only rows whose search text contains `query`, ignoring case and accents.
    public mutating func setFilter(_ query: String) {
        let selected = selectedRow
        filter.setQuery(query)
        keepSelection(selected)
    }

    /// Sorts by `column`, ascending first; sorting by the same column again reverses it.
    public mutating func sort(by column: Int) {
        let direction: SortDirection =
            sortColumn == column && sortDirection == .ascending ? .descending : .ascending
        sort(by: column, direction: direction)
    }

    /// Sorts by `column` in `direction`; rows with equal keys keep their order in `rows`.
    /// A nil column shows the rows in their own order.
    public mutating func sort(by column: Int?, direction: SortDirection) {
        guard column.map({ columns.indices.contains($0) }) ?? true else { return }
        let selected = selectedRow
        sortColumn = column
        sortDirection = direction
        filter.setOrder(sortedOrder())
        keepSelection(selected)
    }

    /// Highlights `row` (an index into `rows`) if it is visible.
    public mutating func select(row: Int) {
        guard let position = filter.matches.firstIndex(of: row) else { return }
        cursor.reset(count: cursor.count, position: position)
    }

    /// What `handle` does, as help screens list it.
    public static var inputHelp: [KeyHint] {
        ListCursor.navigationHelp + [
            KeyHint(key: "Click", label: "Highlight a row; on a title, sort by it"),
            KeyHint(key: "Wheel", label: "Scroll"),
        ]
    }

    /// Handles ↑ ↓ PgUp PgDn Home End, clicks (a header cell sorts, a row is highlighted) and
    /// the mouse wheel. `area` is where the table is drawn: the screen computes it with the
    /// same layout as its view, so paging and clicks never use a stale size.
    /// Returns whether the event was the table's.
    public mutating func handle(_ event: InputEvent, in area: Rect) -> Bool {
        let bodyHeight = max(0, area.height - 1)
        switch event {
        case .key(let key):
            return cursor.handleNavigation(key, height: bodyHeight)
        case .mouse(let mouse):
            guard area.contains(x: mouse.x, y: mouse.y) else { return false }
            switch mouse.kind {
            case .scrollUp: cursor.scroll(by: -ListCursor.wheelStep, height: bodyHeight)
            case .scrollDown: cursor.scroll(by: ListCursor.wheelStep, height: bodyHeight)
            case .click:
                if mouse.y == area.y {
                    if let column = column(atX: mouse.x, in: area) { sort(by: column) }
                } else {
                    let position = cursor.firstVisible(height: bodyHeight) + mouse.y - (area.y + 1)
                    if position < cursor.count { cursor.move(to: position, height: bodyHeight) }
                }
            }
            return true
        case .text, .resize:
            return false
        }
    }

    /// The columns' rectangles in `area`, one cell apart.
    func columnAreas(in area: Rect) -> [Rect] {
        Layout.columns(area, columns.map(\.width), spacing: 1)
    }

    private func column(atX x: Int, in area: Rect) -> Int? {
        columnAreas(in: area).firstIndex { x >= $0.x && x < $0.maxX }
    }

    private mutating func keepSelection(_ row: Int?) {
        let position = row.flatMap { filter.matches.firstIndex(of: $0) }
        if position == nil { cursor = ListCursor() }
        cursor.reset(count: filter.matches.count, position: position ?? 0)
    }

    private mutating func sortedOrder() -> [Int] {
        guard let column = sortColumn else { return Array(rows.indices) }
        let ranks = ranks(forColumn: column)
        let ascending = sortDirection == .ascending
        return ranks.withUnsafeBufferPointer { ranks in
            rows.indices.sorted { left, right in
                let (a, b) = (ranks[left], ranks[right])
                if a != b { return ascending ? a < b : a > b }
                return left < right
            }
        }
    }

    /// Each row's place in the column's ascending order, rows with equal keys sharing one.
    /// Comparing folded text is slow, so it happens once per column; every later sort, in
    /// either direction, compares integers.
    private mutating func ranks(forColumn column: Int) -> [Int] {
        if let cached = sortRanks[column] { return cached }
        var folder = TextFolder()
        let keyOf = columns[column].sortKey
        let keys = rows.map { row -> TableSortKey in
            switch keyOf(row) {
            case .text(let text): return .text(folder.foldedString(text))
            case .number(let number): return .number(number)
            }
        }
        let ascending = keys.indices.sorted { keys[$0] < keys[$1] }
        var ranks = [Int](repeating: 0, count: keys.count)
        var rank = 0
        for (place, row) in ascending.enumerated() {
            if place > 0, keys[ascending[place - 1]] < keys[row] { rank += 1 }
            ranks[row] = rank
        }
        sortRanks[column] = ranks
        return ranks
    }
}

extension TableState: Sendable where Row: Sendable {}

extension TableSortKey {
    /// Assumes text is already folded, as the sort keys a `TableState` keeps are.
    fileprivate static func < (left: TableSortKey, right: TableSortKey) -> Bool {
        switch (left, right) {
        case (.number(let a), .number(let b)): return a < b
        case (.text(let a), .text(let b)): return a < b
        case (.number, .text): return true
        case (.text, .number): return false
        }
    }
}
