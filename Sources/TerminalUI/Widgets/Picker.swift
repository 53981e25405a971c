/// A closed dropdown: `Label value ▾`, the value part in `.focus` while the picker has focus.
///
/// While `state.isOpen` the screen also draws a `PickerPopup` in
/// `state.popupArea(anchor:bounds:)`, after everything else so that it lies on top.
public struct Picker: Widget {
    public var label: String
    public var state: PickerState
    public var isFocused: Bool
    /// Shown while nothing is chosen.
    public var placeholder: String

    public init(label: String, state: PickerState, isFocused: Bool = false, placeholder: String = "Choose…") {
        self.label = label
        self.state = state
        self.isFocused = isFocused
        self.placeholder = placeholder
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        guard !area.isEmpty else { return }
        let line = area.row(0)
        buffer.fill(line)
        var field = line
        if !label.isEmpty {
            // The value matters more than the label, so the label never takes the last columns.
            let labelWidth = min(DisplayWidth.columns(of: label), max(0, line.width - Self.minimumFieldWidth - 1))
            if labelWidth > 0 {
                buffer.put(truncating: label, x: line.x, y: line.y, width: labelWidth)
                field = line.inset(left: labelWidth + 1)
            }
        }
        guard !field.isEmpty else { return }
        let value = state.chosenOption ?? placeholder
        let role: Role = isFocused ? .focus : state.chosenOption == nil ? .disabled : .normal
        buffer.fill(field, role: role)
        guard field.width >= 3 else {
            buffer.put("▾", x: field.maxX - 1, y: field.y, role: role)
            return
        }
        buffer.put(truncating: value, x: field.x, y: field.y, width: field.width - 2, role: role)
        buffer.put("▾", x: field.maxX - 1, y: field.y, role: role)
    }

    static var minimumFieldWidth: Int { 6 }
}

/// An open picker's popup: a framed search line, then the matching options, the highlighted
/// one in `.focus` and the chosen one marked ✓. Only the options on screen are drawn.
public struct PickerPopup: Widget {
    public var state: PickerState

    public init(state: PickerState) { self.state = state }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        guard area.width >= 4, area.height >= 3 else { return }
        buffer.fill(area)
        Frame().render(in: area, into: &buffer)
        renderSearch(in: Frame.content(of: area).row(0), into: &buffer)
        let list = PickerState.listArea(in: area)
        guard !list.isEmpty else { return }
        guard !state.cursor.isEmpty else {
            let message = state.options.isEmpty ? "No options" : "No matches for “\(state.query)”"
            buffer.put(truncating: message, x: list.x, y: list.y, width: list.width, role: .disabled)
            return
        }
        let matches = state.matchingOptions
        for (line, position) in state.cursor.visibleRange(height: list.height).enumerated() {
            let option = matches[position]
            let marker = option == state.chosen ? "✓ " : "  "
            let role: Role = position == state.cursor.position ? .focus : .normal
            buffer.put(
                truncating: marker + state.options[option], x: list.x, y: list.y + line, width: list.width,
                role: role)
        }
    }

    /// `› query▏   12/340`: the typed text (its end when long), a reverse-video caret, and
    /// the highlighted option's number among the matches.
    private func renderSearch(in line: Rect, into buffer: inout ScreenBuffer) {
        let prompt = "› "
        let position = state.cursor.positionLabel
        let positionWidth = DisplayWidth.columns(of: position)
        var textEnd = line.maxX
        if positionWidth > 0, positionWidth * 2 + 4 <= line.width {
            buffer.put(position, x: line.maxX - positionWidth, y: line.y, role: .disabled)
            textEnd -= positionWidth + 1
        }
        var x = line.x + buffer.put(prompt, x: line.x, y: line.y, limit: textEnd - line.x)
        let textWidth = textEnd - x - 1
        guard textWidth >= 0 else { return }
        x += buffer.put(Self.tail(of: state.query, fitting: textWidth), x: x, y: line.y, limit: textWidth)
        buffer.put(" ", x: x, y: line.y, role: .focus, limit: 1)
        if state.query.isEmpty, textWidth > 1 {
            buffer.put("type to search", x: x + 2, y: line.y, role: .disabled, limit: textEnd - x - 2)
        }
    }

    /// The end of `text` in at most `width` columns, "…" in front when cut: the user is typing
    /// at the end.
    static func tail(of text: String, fitting width: Int) -> String {
        guard width > 0 else { return "" }
        guard DisplayWidth.columns(of: text) > width else { return text }
        var used = 0
        var start = text.endIndex
        while start > text.startIndex {
            let previous = text.index(before: start)
            let columns = DisplayWidth.columns(of: text[previous])
            if used + columns > width - 1 { break }
            used += columns
            start = previous
        }
        return "…" + text[start...]
    }
}
