import PSACore
import TerminalUI

/// Draws the Tickets screen's content: the list, or a ticket's detail, and the test
/// ticket's popup or question over it.
struct TicketsView: Widget {
    var browser: TicketsBrowser
    var layout: TicketsLayout

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        if let loadError = browser.loadError {
            Paragraph("Could not read the tickets: " + TerminalSafeText.escaped(loadError), role: .error)
                .render(in: layout.content, into: &buffer)
        } else if let detail = browser.detail {
            renderDetail(detail, into: &buffer)
        } else {
            renderList(into: &buffer)
        }
        renderTestTicket(into: &buffer)
        renderAck(into: &buffer)
    }

    private func renderList(into buffer: inout ScreenBuffer) {
        Label(browser.filterSummary, role: browser.stateFilter == .all && browser.queueFilter == nil ? .normal : .hot)
            .render(in: layout.filterLine, into: &buffer)
        let empty =
            browser.tickets.isEmpty
            ? "No tickets yet: events open them; s sends a test ticket" : "No ticket matches the filters"
        let table = browser.table
        Table(state: table, isFocused: browser.testTicket == nil && browser.ack == nil, emptyMessage: empty)
            .render(in: layout.table, into: &buffer)
        if let summary = browser.suppressedSummary {
            Label(summary, role: .warning).render(in: layout.suppressedLine, into: &buffer)
        }
        Self.markFailed(
            table, column: 0, in: layout.table, columns: TicketsBrowser.columns.map(\.width), into: &buffer,
            isFailed: \.isFailed)
    }

    /// Draws the state cell of failed rows in the error role (the highlighted row keeps its
    /// highlight, so it stays visible).
    static func markFailed<Row>(
        _ table: TableState<Row>, column: Int, in area: Rect, columns: [Extent], into buffer: inout ScreenBuffer,
        isFailed: (Row) -> Bool
    ) {
        let body = area.inset(top: 1)
        guard !body.isEmpty, !table.cursor.isEmpty else { return }
        let cell = Layout.columns(area, columns, spacing: 1)[column]
        let visible = table.visibleRows
        for (line, position) in table.cursor.visibleRange(height: body.height).enumerated()
        where position != table.cursor.position && isFailed(table.rows[visible[position]]) {
            buffer.setRole(.error, in: Rect(x: cell.x, y: body.y + line, width: cell.width, height: 1))
        }
    }

    private func renderDetail(_ detail: TicketDetail, into buffer: inout ScreenBuffer) {
        let fields = layout.detailFields(detail)
        for (index, line) in detail.fields.enumerated() where index < fields.height {
            let role: Role = index == 0 && detail.row.isFailed ? .error : .normal
            Label(line, role: role).render(in: fields.row(index), into: &buffer)
        }
        if let lastError = detail.lastError {
            Paragraph(lastError, role: .error).render(in: layout.detailError(detail), into: &buffer)
        }
        let history = layout.detailHistory(detail)
        Table(
            state: detail.history, isFocused: browser.testTicket == nil && detail.focus == .history,
            emptyMessage: "No event of this ticket is recorded"
        ).render(in: history, into: &buffer)
        Self.markFailed(
            detail.history, column: 3, in: history, columns: TicketDetail.columns.map(\.width), into: &buffer,
            isFailed: \.isFailed)
        renderRequests(detail, into: &buffer)
        let status = layout.detailEventError()
        if detail.focus == .requests {
            if let selected = detail.requests.selectedItem {
                let text = "\(selected.method) \(selected.path)" + (selected.error.isEmpty ? "" : ": " + selected.error)
                Paragraph(text, role: selected.isFailed ? .error : .disabled).render(in: status, into: &buffer)
            }
        } else if let selected = detail.history.selectedItem, !selected.error.isEmpty {
            Paragraph(
                "Event \(selected.seq): \(selected.error)", role: selected.isFailed ? .error : .disabled
            ).render(in: status, into: &buffer)
        } else if detail.retryTarget != nil {
            Label("R tries the failed event again.", role: .disabled).render(in: status.row(0), into: &buffer)
        }
    }

    /// The title line, then the requests, newest first; Tab moves the cursor into them.
    private func renderRequests(_ detail: TicketDetail, into buffer: inout ScreenBuffer) {
        let area = layout.detailRequests(detail)
        guard area.height > 0 else { return }
        let count = detail.requests.rows.count
        let title =
            "PSA requests, newest first" + (count == 0 ? "" : " (\(count))")
            + (detail.focus == .history && count > 0 ? " · Tab moves here" : "")
        Label(title, role: detail.focus == .requests ? .hot : .normal).render(in: area.row(0), into: &buffer)
        Table(
            state: detail.requests, isFocused: browser.testTicket == nil && detail.focus == .requests,
            emptyMessage: "No PSA request of this ticket is recorded"
        ).render(in: area.inset(top: 1), into: &buffer)
    }

    private func renderAck(into buffer: inout ScreenBuffer) {
        switch browser.ack {
        case .prompt(let prompt)?:
            AckPromptView(prompt: prompt, content: layout.content).render(in: layout.content, into: &buffer)
        case .confirmEnd(let ticket, let confirm)?:
            let label = "#" + TerminalSafeText.escaped(ticket.reference ?? "\(ticket.row)")
            let ack = ticket.acknowledgement
            let repeats = ack?.repeats ?? 0
            var message = "Repeats of this alert add notes again from now."
            if let ack {
                message =
                    "Acknowledged until \(Timestamp.text(ack.until)) by \(TerminalSafeText.escaped(ack.by)): "
                    + "\(TerminalSafeText.escaped(ack.reason)). " + message
            }
            if repeats > 0 { message += " The \(repeats) counted are summed in one note." }
            Dialog.confirm(
                title: "End the acknowledgement of \(label)?", message: message, state: confirm,
                confirmTitle: "End it", cancelTitle: "Keep it"
            ).render(in: layout.content, into: &buffer)
        case nil:
            break
        }
    }

    private func renderTestTicket(into buffer: inout ScreenBuffer) {
        switch browser.testTicket {
        case .choosing(let picker)?:
            let anchor = layout.testPickerAnchor(
                optionCount: picker.options.count, maxVisible: picker.maxVisibleOptions)
            let popup = picker.popupArea(anchor: anchor, bounds: layout.content)
            PickerPopup(state: picker).render(in: popup, into: &buffer)
            if popup.width > 8 {
                buffer.put(
                    truncating: " Send test ticket to… ", x: popup.x + 2, y: popup.y,
                    width: min(DisplayWidth.columns(of: " Send test ticket to… "), popup.width - 4), role: .header)
            }
        case .confirmClose(let made, let confirm)?:
            Dialog.confirm(
                title: "Test ticket \(made.label) created",
                message: "Close the test ticket now? It needs no action in the PSA.", state: confirm,
                confirmTitle: "Close it", cancelTitle: "Keep it open"
            ).render(in: layout.content, into: &buffer)
        case .sending?, nil:
            break
        }
    }
}
