/// Where a form puts things; drawing and input (dropdowns, text scrolling) share it.
///
/// From the top: one row per field, label then input, and a row for its problem under a field
/// that has one; a blank row; the focused item's hint; the buttons; a blank row; the message,
/// down to the bottom. When the rows down to the buttons do not fit, they scroll just enough
/// to show the focused item.
public struct FormLayout<Field: Hashable & Sendable>: Sendable {
    public struct Row: Sendable, Equatable {
        public var label: Rect
        public var input: Rect
        public var error: Rect?
    }

    public let area: Rect
    /// Where a dropdown's popup may go.
    public let popupBounds: Rect
    /// The fields on screen.
    public private(set) var rows: [Field: Row] = [:]
    public let hint: Rect
    public let buttons: Rect
    public let message: Rect
    /// Rows scrolled off the top.
    public let scroll: Int
    public let hiddenAbove: Bool
    public let hiddenBelow: Bool

    public init<Action>(area: Rect, popupBounds: Rect? = nil, form: FormState<Field, Action>) {
        self.area = area
        self.popupBounds = popupBounds ?? area
        let style = form.style
        let content = area.inset(left: style.leftMargin, right: style.rightMargin)
        let labelWidth = min(style.labelWidth, content.width / 3)
        let fieldWidth = max(0, min(style.maxFieldWidth, content.width - labelWidth))

        // Rows counted from the top of the unscrolled form.
        var top = 0
        var spans: [(field: FormField<Field>, top: Int, hasError: Bool)] = []
        var focusedSpan: Range<Int>?
        for field in form.fields {
            let hasError = form.errors[field.id] != nil
            spans.append((field, top, hasError))
            let height = hasError ? 2 : 1
            if form.focus.focused == .field(field.id) { focusedSpan = top..<(top + height) }
            top += height + field.spaceAfter
        }
        let hintTop = top + 1
        let buttonsTop = hintTop + style.hintHeight
        let end = buttonsTop + (form.buttons.isEmpty ? 0 : 1)
        if case .button = form.focus.focused { focusedSpan = buttonsTop..<(buttonsTop + 1) }

        var scroll = 0
        if end > content.height {
            if let focusedSpan {
                scroll = min(max(form.scrollHint, focusedSpan.upperBound - content.height), focusedSpan.lowerBound)
            }
            scroll = max(0, min(scroll, end - content.height))
        }
        self.scroll = scroll
        hiddenAbove = scroll > 0
        hiddenBelow = end - scroll > content.height

        let scrolls = end > content.height
        /// `height` rows from `top`; while the form scrolls, cut to the content, and nil when
        /// none of them is on screen.
        func place(_ top: Int, height: Int, x: Int, width: Int) -> Rect? {
            let y = content.y + top - scroll
            guard scrolls else { return Rect(x: x, y: y, width: width, height: height) }
            let from = max(y, content.y)
            let to = min(y + height, content.maxY)
            return to > from ? Rect(x: x, y: from, width: width, height: to - from) : nil
        }
        for span in spans {
            guard let label = place(span.top, height: 1, x: content.x, width: max(0, labelWidth - 1)) else { continue }
            let inputX = content.x + labelWidth
            let input = Rect(
                x: inputX, y: label.y, width: min(span.field.maxWidth ?? fieldWidth, fieldWidth), height: 1)
            let error =
                span.hasError ? place(span.top + 1, height: 1, x: inputX, width: max(0, area.maxX - 1 - inputX)) : nil
            self.rows[span.field.id] = Row(label: label, input: input, error: error)
        }
        let none = Rect(x: content.x, y: content.maxY, width: content.width, height: 0)
        hint = place(hintTop, height: style.hintHeight, x: content.x, width: content.width) ?? none
        buttons = place(buttonsTop, height: form.buttons.isEmpty ? 0 : 1, x: content.x, width: content.width) ?? none
        let messageY = content.y + end + 1 - scroll
        message = Rect(x: content.x, y: messageY, width: content.width, height: max(0, content.maxY - messageY))
    }
}

/// Draws a form: each field's label (hot while focused), its input and its problem, the
/// focused item's hint, the buttons with a spinner beside them while the form waits, the
/// message, and last an open dropdown's popup, over everything under it.
public struct Form<Field: Hashable & Sendable, Action: Hashable & Sendable>: Widget {
    public var state: FormState<Field, Action>
    public var layout: FormLayout<Field>
    /// False while the focus is on something beside the form: nothing in it is drawn focused.
    public var isFocused: Bool
    /// What the form waits for (e.g. "Checking with HaloPSA… (Esc cancels)"), drawn with a
    /// spinner beside the buttons; meanwhile no field is drawn editable and no button enabled.
    public var busy: String?
    /// Animation tick for the spinner.
    public var tick: Int

    public init(
        _ state: FormState<Field, Action>, layout: FormLayout<Field>, isFocused: Bool = true, busy: String? = nil,
        tick: Int = 0
    ) {
        self.state = state
        self.layout = layout
        self.isFocused = isFocused
        self.busy = busy
        self.tick = tick
    }

    /// Draws into `layout.area`; the area passed here is ignored, since input must agree with
    /// drawing on where everything is.
    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let focused = isFocused ? state.focus.focused : nil
        for field in state.fields {
            guard let row = layout.rows[field.id] else { continue }
            renderField(field, row: row, isFocused: focused == .field(field.id), into: &buffer)
        }
        if let hint = isFocused ? state.focusedHint : nil {
            Paragraph(hint, role: .disabled).render(in: layout.hint, into: &buffer)
        }
        var x = layout.buttons.x
        for button in state.buttons {
            let widget = Button(button.title, isFocused: focused == .button(button.action), isEnabled: busy == nil)
            widget.render(
                in: Rect(x: x, y: layout.buttons.y, width: widget.width, height: layout.buttons.height), into: &buffer)
            x += widget.width + 2
        }
        if let busy {
            let status = Rect(
                x: x, y: layout.buttons.y, width: max(0, layout.buttons.maxX - x), height: layout.buttons.height)
            Spinner(tick: tick, label: busy).render(in: status, into: &buffer)
        }
        if let message = state.message {
            Paragraph("✗ " + message, role: .error).render(in: layout.message, into: &buffer)
        }
        renderScrollMarks(into: &buffer)
        if case .field(let id)? = focused, let picker = state.pickers[id], picker.isOpen, let row = layout.rows[id] {
            PickerPopup(state: picker)
                .render(in: picker.popupArea(anchor: row.input, bounds: layout.popupBounds), into: &buffer)
        }
    }

    private func renderField(
        _ field: FormField<Field>, row: FormLayout<Field>.Row, isFocused: Bool, into buffer: inout ScreenBuffer
    ) {
        if isFocused, state.style.marksFocus, row.label.x - 2 >= layout.area.x {
            buffer.put("›", x: row.label.x - 2, y: row.label.y, role: .hot, limit: 1)
        }
        let label = field.label + (field.isOptional ? " (optional)" : "")
        Label(label, role: isFocused ? .hot : .normal).render(in: row.label, into: &buffer)
        let editable = isFocused && busy == nil
        switch field.input {
        case .text(let placeholder, _):
            TextField(state.text(field.id), placeholder: placeholder, isFocused: editable).render(
                in: row.input, into: &buffer)
        case .picker(_, let placeholder):
            guard let picker = state.pickers[field.id] else { break }
            Picker(label: "", state: picker, isFocused: editable && !picker.isOpen, placeholder: placeholder)
                .render(in: row.input, into: &buffer)
        case .fixed(let text, let role):
            Label(text, role: role).render(in: row.input, into: &buffer)
        }
        if let error = state.errors[field.id], let errorRow = row.error {
            Label("✗ " + error, role: .error).render(in: errorRow, into: &buffer)
        }
    }

    /// "▲" and "▼" in the margin when fields are scrolled off the top or the bottom.
    private func renderScrollMarks(into buffer: inout ScreenBuffer) {
        let x = layout.area.x + state.style.leftMargin - 1
        guard x >= layout.area.x else { return }
        let content = layout.area.inset(left: state.style.leftMargin, right: state.style.rightMargin)
        if layout.hiddenAbove { buffer.put("▲", x: x, y: content.y, role: .hot, limit: 1) }
        if layout.hiddenBelow { buffer.put("▼", x: x, y: content.maxY - 1, role: .hot, limit: 1) }
    }
}
