import PSACore
import TerminalUI

/// Draws the Account Mapping tab.
struct MappingView: Widget {
    var tab: MappingTab
    var layout: MappingLayout
    var tick: Int

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        renderSearchLine(into: &buffer)
        let companies =
            tab.hasCompanies
            ? "PSA companies: \(NumberText.grouped(tab.directory.companies.count)) · \(tab.companyFilter.summary)"
            : "PSA companies: not loaded yet"
        Label(companies + "  (i, t; Ctrl-R reloads)", role: .normal).render(in: layout.companiesLine, into: &buffer)
        Label(mspText, role: tab.mspCustomer == nil ? .disabled : .normal).render(in: layout.mspLine, into: &buffer)
        if let review = tab.review {
            Table(state: review.table, isFocused: tab.picker == nil, emptyMessage: "Nothing left to review")
                .render(in: layout.table, into: &buffer)
        } else {
            Table(state: tab.table, isFocused: tab.focus == .table && tab.picker == nil, emptyMessage: emptyMessage)
                .render(in: layout.table, into: &buffer)
        }
        renderStatus(into: &buffer)
        if let candidates = tab.review?.candidatePicker {
            PickerPopup(state: candidates)
                .render(
                    in: candidates.popupArea(anchor: layout.pickerAnchor, bounds: layout.pickerBounds), into: &buffer)
        }
        if let picker = tab.picker {
            PickerPopup(state: picker)
                .render(in: picker.popupArea(anchor: layout.pickerAnchor, bounds: layout.pickerBounds), into: &buffer)
        }
        if let menu = tab.bulkMenu {
            PickerPopup(state: menu)
                .render(in: menu.popupArea(anchor: layout.bulkAnchor, bounds: layout.pickerBounds), into: &buffer)
        }
        if let (question, confirm) = tab.question {
            renderQuestion(question, confirm, in: layout.area, into: &buffer)
        }
    }

    private func renderSearchLine(into buffer: inout ScreenBuffer) {
        let line = layout.searchLine
        let label = "Search"
        let isFocused = tab.focus == .search
        Label(label, role: isFocused ? .hot : .normal).render(
            in: Rect(x: line.x, y: line.y, width: 7, height: 1), into: &buffer)
        let showText = "Show: \(tab.show.title) (f)"
        let showWidth = DisplayWidth.columns(of: showText)
        let fieldWidth = max(8, line.width - 8 - showWidth - 2)
        TextField(tab.search, placeholder: "/ to search accounts and customers", isFocused: isFocused)
            .render(in: Rect(x: line.x + 8, y: line.y, width: fieldWidth, height: 1), into: &buffer)
        Label(showText, role: tab.show == .all ? .normal : .hot)
            .render(in: Rect(x: line.maxX - showWidth, y: line.y, width: showWidth, height: 1), into: &buffer)
    }

    private var mspText: String {
        guard let customer = tab.mspCustomer else {
            return "MSP-level customer: none (m chooses) · unmapped accounts get no tickets"
        }
        let name = customer.companyName ?? "#\(customer.companyID) (not in the PSA)"
        let fallback =
            customer.fallbackForUnmapped ? "unmapped accounts go to it" : "unmapped accounts get no tickets"
        return "MSP-level customer: \(name) · \(fallback) (u)"
    }

    private var emptyMessage: String {
        if tab.rows.isEmpty { return "No Nerdio accounts yet: run psalink accounts import FILE" }
        return "No account matches the filters"
    }

    private func renderStatus(into buffer: inout ScreenBuffer) {
        let line = layout.status
        if let loading = tab.loading {
            let what = loading.checking ? "Checking the mapped companies" : "Loading companies"
            let label = "\(Spinner(tick: tick).frame) \(what) from \(tab.system.displayName)… Esc cancels"
            let labelWidth = min(line.width, DisplayWidth.columns(of: label) + 1)
            Label(label, role: .normal).render(
                in: Rect(x: line.x, y: line.y, width: labelWidth, height: 1), into: &buffer)
            if let progress = loading.progress, line.width - labelWidth > 10 {
                ProgressBar(done: progress.fetched, total: progress.total)
                    .render(
                        in: Rect(x: line.x + labelWidth, y: line.y, width: line.width - labelWidth, height: 1),
                        into: &buffer)
            }
            return
        }
        if tab.isMatching {
            Label(
                "\(Spinner(tick: tick).frame) Auto Match is comparing the accounts with "
                    + "\(NumberText.grouped(tab.directory.companies.count)) companies… Esc cancels", role: .normal
            ).render(in: line, into: &buffer)
            return
        }
        if let message = tab.message {
            Paragraph(message.text, role: message.role).render(in: line, into: &buffer)
            return
        }
        if let review = tab.review {
            let summary = Self.reviewSummary(review, width: line.width)
            // The second row says why the highlighted proposal stands as it does ("same name in 2
            // regions", "domain label …"), with its runner-up.
            guard line.height > 1, let highlighted = review.highlighted else {
                Paragraph(summary, role: .normal).render(in: line, into: &buffer)
                return
            }
            Label(summary, role: .normal).render(
                in: Rect(x: line.x, y: line.y, width: line.width, height: 1), into: &buffer)
            Label("Why: " + highlighted.reason, role: .disabled).render(
                in: Rect(x: line.x, y: line.y + 1, width: line.width, height: 1), into: &buffer)
            return
        }
        // The MSP-level customer counts as one change; the accounts' are counted once per frame.
        let changes = tab.changes.count + (tab.mspCustomerChanged ? 1 : 0)
        var text = "\(NumberText.grouped(tab.shownCount)) of \(NumberText.grouped(tab.rows.count)) accounts shown"
        if changes > 0 {
            text += " · \(NumberText.grouped(changes)) unsaved change\(changes == 1 ? "" : "s") (Ctrl-S saves)"
        }
        Label(text, role: changes > 0 ? .warning : .disabled).render(in: line, into: &buffer)
    }

    /// The review's counts, its filter and how to save, in the longest wording that fits `width`:
    /// over SSH at 80 columns the shorter ones keep "Ctrl-S" on screen (the footer names `f`).
    static func reviewSummary(_ review: AutoMatchReview, width: Int) -> String {
        let counts = review.counts
        let confident = NumberText.grouped(counts.confident)
        let needReview = NumberText.grouped(counts.review)
        let none = NumberText.grouped(counts.none)
        let shown = review.show.title
        let wordings = [
            "Auto Match: \(confident) confident · \(needReview) need review · \(none) no match · "
                + "showing \(shown) (f) · saved once accepted and Ctrl-S",
            "Auto Match: \(confident) confident · \(needReview) review · \(none) none · showing \(shown) · "
                + "Ctrl-S saves accepted",
            "Auto Match: \(confident) confident · \(needReview) review · \(none) none · Ctrl-S saves accepted",
            "\(confident) confident · \(needReview) review · \(none) none · Ctrl-S saves accepted",
        ]
        return wordings.first { $0.count <= width } ?? wordings[wordings.count - 1]
    }

    private func renderQuestion(
        _ question: MappingTab.Question, _ confirm: ConfirmState, in area: Rect, into buffer: inout ScreenBuffer
    ) {
        switch question {
        case .bulk(let action, let rows):
            Dialog.confirm(
                title: action.title + "?",
                message:
                    "This changes \(NumberText.grouped(rows.count)) accounts shown. Nothing is saved until Ctrl-S.",
                state: confirm, confirmTitle: "Apply", cancelTitle: "Cancel"
            ).render(in: area, into: &buffer)
        case .saveDespite(let problems):
            Dialog.confirm(
                title: "Companies gone or inactive",
                message:
                    "\(NumberText.grouped(problems)) mapped compan\(problems == 1 ? "y is" : "ies are") no longer active in \(tab.system.displayName). Save anyway, or review them?",
                state: confirm, confirmTitle: "Save anyway", cancelTitle: "Review"
            ).render(in: area, into: &buffer)
        }
    }
}
