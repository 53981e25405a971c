/// A table that draws only the rows on screen, so 100,000 rows cost what 40 do.
///
/// The first line is the header: column titles, ▲ or ▼ on the sort column, and at the right
/// end the highlighted row's number out of the visible rows ("123/50,000"). The highlighted
/// row is drawn in `.focus` while the table has focus (reverse video in a monochrome theme)
/// and in `.selection` otherwise, so the user still sees where they were after tabbing away.
public struct Table<Row>: Widget {
    public var state: TableState<Row>
    public var isFocused: Bool
    /// Shown when there are no rows at all; when a filter hides every row the table says
    /// "No matches for “query”" instead.
    public var emptyMessage: String

    public init(state: TableState<Row>, isFocused: Bool = false, emptyMessage: String = "Nothing to show") {
        self.state = state
        self.isFocused = isFocused
        self.emptyMessage = emptyMessage
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        guard !area.isEmpty else { return }
        buffer.fill(area)
        let columnAreas = state.columnAreas(in: area)
        renderHeader(in: area.row(0), columnAreas: columnAreas, into: &buffer)
        let body = area.inset(top: 1)
        guard !body.isEmpty else { return }
        guard !state.cursor.isEmpty else {
            let message =
                state.rows.isEmpty || state.filterQuery.isEmpty
                ? emptyMessage : "No matches for “\(state.filterQuery)”"
            buffer.put(
                truncating: message, x: body.x, y: body.y, width: body.width, role: .disabled,
                alignment: .center)
            return
        }
        let visibleRows = state.visibleRows
        let highlightRole: Role = isFocused ? .focus : .selection
        for (line, position) in state.cursor.visibleRange(height: body.height).enumerated() {
            let y = body.y + line
            let role = position == state.cursor.position ? highlightRole : .normal
            if role != .normal { buffer.fill(body.row(line), role: role) }
            let row = state.rows[visibleRows[position]]
            for (column, cell) in zip(state.columns, columnAreas) where cell.width > 0 {
                // The highlighted row keeps its own role, so the cursor stays visible.
                let cellRole = role == .normal ? column.role(row) ?? .normal : role
                buffer.put(
                    truncating: column.text(row), x: cell.x, y: y, width: cell.width, role: cellRole,
                    alignment: column.alignment)
            }
        }
    }

    private func renderHeader(in line: Rect, columnAreas: [Rect], into buffer: inout ScreenBuffer) {
        buffer.fill(line, role: .header)
        var titlesEnd = line.maxX
        let position = state.cursor.positionLabel
        let positionWidth = DisplayWidth.columns(of: position)
        // The position gives way to the titles when the table is too narrow for both.
        if positionWidth > 0, positionWidth * 3 <= line.width {
            buffer.put(position, x: line.maxX - positionWidth, y: line.y, role: .header)
            titlesEnd = line.maxX - positionWidth - 1
        }
        for (index, (column, cell)) in zip(state.columns, columnAreas).enumerated() {
            let width = min(cell.maxX, titlesEnd) - cell.x
            guard width > 0 else { continue }
            buffer.put(
                truncating: title(of: column, at: index, width: width), x: cell.x, y: line.y, width: width,
                role: .header, alignment: column.alignment)
        }
    }

    /// The title with the sort arrow, which is kept visible when the title has to be cut.
    private func title(of column: TableColumn<Row>, at index: Int, width: Int) -> String {
        guard state.sortColumn == index else { return column.title }
        let arrow = state.sortDirection == .ascending ? "▲" : "▼"
        guard width >= 3 else { return arrow }
        return TextFitting.truncated(column.title, to: width - 2) + " " + arrow
    }
}
