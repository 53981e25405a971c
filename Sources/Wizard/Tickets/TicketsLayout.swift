import TerminalUI

/// Where the Tickets screen puts things; drawing and input (paging, clicks, the popup)
/// share it.
struct TicketsLayout {
    var content: Rect
    var filterLine: Rect
    var table: Rect
    /// The line under the list naming the keys maintenance suppresses now; empty when none are.
    var suppressedLine: Rect

    init(size: Size, notice: Notice?, suppressed: Bool = false) {
        content = ScreenChrome.content(of: Rect(size: size), notice: notice).inset(left: 1, right: 1)
        let parts = Layout.rows(content, [.fixed(1), .fill(1), .fixed(suppressed ? 1 : 0)])
        filterLine = parts[0]
        table = parts[1]
        suppressedLine = parts[2]
    }

    /// Rows of the detail above its history: the fields (one more while the ticket has an
    /// acknowledgement), then the ticket's last error.
    static let fieldRows = 4
    static let errorRows = 2

    func detailFields(_ detail: TicketDetail) -> Rect {
        Rect(x: content.x, y: content.y, width: content.width, height: detail.fields.count)
    }

    func detailError(_ detail: TicketDetail) -> Rect {
        let height = detail.lastError == nil ? 0 : Self.errorRows
        return Rect(x: content.x, y: content.y + detail.fields.count, width: content.width, height: height)
    }

    /// The history table, below the fields (and the error), above the requests.
    func detailHistory(_ detail: TicketDetail) -> Rect {
        let tables = detailTables(detail)
        return Rect(
            x: tables.x, y: tables.y, width: tables.width,
            height: tables.height - requestsHeight(detail, in: tables))
    }

    /// The requests' title line and table, under the history, above the highlighted row's text.
    func detailRequests(_ detail: TicketDetail) -> Rect {
        let tables = detailTables(detail)
        let height = requestsHeight(detail, in: tables)
        return Rect(x: tables.x, y: tables.maxY - height, width: tables.width, height: height)
    }

    /// The room of the history and the requests, which share it.
    private func detailTables(_ detail: TicketDetail) -> Rect {
        let top = detailError(detail).maxY + 1
        let bottom = content.maxY - Self.errorRows
        return Rect(x: content.x, y: top, width: content.width, height: max(0, bottom - top))
    }

    /// The requests' rows: what the history does not need (its header and one line per event),
    /// but at least half of the room when both need more; the rest scroll. The requests need a
    /// title, the header, and a line each (or one saying there are none).
    private func requestsHeight(_ detail: TicketDetail, in tables: Rect) -> Int {
        let historyWanted = 1 + max(1, detail.history.rows.count)
        let requestsWanted = 2 + max(1, detail.requests.rows.count)
        let history = min(historyWanted, max(tables.height - tables.height / 2, tables.height - requestsWanted))
        return max(0, tables.height - history)
    }

    /// The highlighted event's full error, or the highlighted request's path and error, wrapped,
    /// under the tables.
    func detailEventError() -> Rect {
        Rect(x: content.x, y: content.maxY - Self.errorRows, width: content.width, height: Self.errorRows)
    }

    /// A zero-height anchor that puts the customer popup in the middle of the content.
    func testPickerAnchor(optionCount: Int, maxVisible: Int) -> Rect {
        let width = min(content.width, 60)
        let wanted = max(1, min(optionCount, maxVisible)) + 3
        let y = content.y + max(0, (content.height - wanted) / 2)
        return Rect(x: content.x + max(0, (content.width - width) / 2), y: y, width: width, height: 0)
    }
}
