import PSACore
import TerminalUI

/// Where the Ticket Settings tab puts things; drawing and input (popups, clicks) share it.
///
/// A status line on top, the fields, and a message area at the bottom. Each field is one
/// row of label, value and a short note; a note too long for the row, and a refusal, get
/// rows of their own under the value. When the fields do not fit, the list scrolls just
/// enough to show the focused one.
struct SettingsLayout {
    /// "Priority: Informational" and a gap.
    static let labelWidth = 24
    static let maxFieldWidth = 26
    static let messageHeight = 2
    /// A refusal may wrap, but no further than this, so that it cannot push the list away.
    static let maxErrorLines = 2

    struct Row {
        var id: SettingsRow
        var label: Rect
        var field: Rect
        var note: Rect?
        var error: Rect?
        /// The "Integration settings" heading, on the line above the first of them.
        var heading: Rect?

        /// The ticket setting of the row; nil for a user-defined field.
        var key: TicketSettingKey? { id.key }

        func contains(x: Int, y: Int) -> Bool {
            label.contains(x: x, y: y) || field.contains(x: x, y: y) || note?.contains(x: x, y: y) == true
                || error?.contains(x: x, y: y) == true
        }
    }

    /// The rectangle the tab may use; popups stay inside it.
    let area: Rect
    let status: Rect
    let list: Rect
    let message: Rect
    /// The fields on screen, top to bottom.
    private(set) var rows: [Row] = []
    /// Index in `tab.rows` of the first field on screen.
    let firstVisible: Int
    private(set) var hiddenAbove = 0
    private(set) var hiddenBelow = 0

    init(area: Rect, tab: SettingsTab) {
        self.area = area
        let parts = Layout.rows(area, [.fixed(1), .fill(1), .fixed(Self.messageHeight)])
        status = parts[0].inset(left: 1, right: 1)
        list = parts[1]
        message = parts[2].inset(left: 1, right: 1)

        // One column on the left for the focus marker.
        let content = list.inset(left: 2, right: 1)
        let labelWidth = min(Self.labelWidth, content.width / 3)
        let fieldX = content.x + labelWidth
        let fieldWidth = min(Self.maxFieldWidth, max(0, content.maxX - fieldX))
        let noteX = fieldX + fieldWidth + 1
        let noteWidth = max(0, content.maxX - noteX)
        let belowWidth = max(0, content.maxX - fieldX)

        let statuses = tab.fieldStatuses
        let tabRows = tab.rows
        let shapes = tabRows.map { row in
            let note = tab.note(for: row, status: tab.status(of: row, keyStatuses: statuses))?.text
            let noteBeside = note.map { DisplayWidth.columns(of: $0) <= noteWidth } ?? true
            let errorLines = tab.errorText(for: row).map {
                min(Self.maxErrorLines, Paragraph.height(of: $0, width: belowWidth))
            }
            return (
                hasNote: note != nil, noteBeside: noteBeside, errorLines: errorLines ?? 0,
                hasHeading: row.integrationKey != nil && row == tabRows.first { $0.integrationKey != nil }
            )
        }
        let heights = shapes.map {
            ($0.hasHeading ? 1 : 0) + 1 + ($0.hasNote && !$0.noteBeside ? 1 : 0) + $0.errorLines
        }
        firstVisible = Self.firstVisible(
            heights: heights, viewport: list.height, focused: tab.focusedRow.flatMap { tabRows.firstIndex(of: $0) },
            hint: tab.scrollHint)

        var y = list.y
        var index = firstVisible
        while index < tabRows.count, y < list.maxY {
            let shape = shapes[index]
            var heading: Rect?
            if shape.hasHeading {
                heading = Rect(x: content.x, y: y, width: content.width, height: 1)
                y += 1
                guard y < list.maxY else { break }
            }
            var row = Row(
                id: tabRows[index],
                label: Rect(x: content.x, y: y, width: max(0, labelWidth - 1), height: 1),
                field: Rect(x: fieldX, y: y, width: fieldWidth, height: 1))
            row.heading = heading
            var next = y + 1
            if shape.hasNote {
                if shape.noteBeside {
                    row.note = Rect(x: noteX, y: y, width: noteWidth, height: 1)
                } else if next < list.maxY {
                    row.note = Rect(x: fieldX, y: next, width: belowWidth, height: 1)
                    next += 1
                }
            }
            if shape.errorLines > 0, next < list.maxY {
                let lines = min(shape.errorLines, list.maxY - next)
                row.error = Rect(x: fieldX, y: next, width: belowWidth, height: lines)
                next += lines
            }
            rows.append(row)
            y += heights[index] - (shape.hasHeading ? 1 : 0)
            index += 1
        }
        hiddenAbove = firstVisible
        hiddenBelow = tabRows.count - index
    }

    /// The field's row, where its popup opens from; the top of the list for a field that is
    /// not on screen, which only happens when the tab has no room at all.
    func anchor(for key: TicketSettingKey) -> Rect { anchor(for: .key(key)) }

    func anchor(for row: SettingsRow) -> Rect {
        rows.first { $0.id == row }?.field
            ?? Rect(x: list.x, y: list.y, width: list.width, height: min(1, list.height))
    }

    /// The first field to show: the last one shown, moved as little as needed to show the
    /// focused field whole, and moved up when that leaves empty rows at the bottom.
    static func firstVisible(heights: [Int], viewport: Int, focused: Int?, hint: Int) -> Int {
        guard !heights.isEmpty else { return 0 }
        var first = min(max(0, hint), heights.count - 1)
        if let focused {
            if focused < first { first = focused }
            while first < focused, heights[first...focused].reduce(0, +) > viewport { first += 1 }
        }
        while first > 0, heights[(first - 1)...].reduce(0, +) <= viewport { first -= 1 }
        return first
    }
}
