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

    /// The history table, below the fields (and the error), above the highlighted event's error.
    func detailHistory(_ detail: TicketDetail) -> Rect {
        let top = detailError(detail).maxY + 1
        let bottom = content.maxY - Self.errorRows
        return Rect(x: content.x, y: top, width: content.width, height: max(0, bottom - top))
    }

    /// The highlighted event's full error, wrapped, under the history.
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
