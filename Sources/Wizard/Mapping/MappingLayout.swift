import TerminalUI

/// Where the mapping tab puts things; drawing and input (paging, clicks, popups) share it.
struct MappingLayout {
    var area: Rect
    var searchLine: Rect
    var companiesLine: Rect
    var mspLine: Rect
    var table: Rect
    /// Progress, or the last message (wrapped onto two rows), or the counts.
    var status: Rect
    /// Where the company picker and the bulk menu may open: over the whole tab.
    var pickerBounds: Rect
    /// A zero-height anchor at the top of the tab, so the picker opens below it at full width.
    var pickerAnchor: Rect
    var bulkAnchor: Rect

    init(area: Rect) {
        self.area = area
        let parts = Layout.rows(area, [.fixed(1), .fixed(1), .fixed(1), .fill(1), .fixed(2)])
        searchLine = parts[0].inset(left: 1, right: 1)
        companiesLine = parts[1].inset(left: 1, right: 1)
        mspLine = parts[2].inset(left: 1, right: 1)
        table = parts[3].inset(left: 1, right: 1)
        status = parts[4].inset(left: 1, right: 1)
        pickerBounds = area.inset(left: 2, right: 2)
        pickerAnchor = Rect(x: pickerBounds.x, y: area.y, width: pickerBounds.width, height: 0)
        bulkAnchor = Rect(x: table.x + 4, y: table.y, width: 40, height: 0)
    }
}
