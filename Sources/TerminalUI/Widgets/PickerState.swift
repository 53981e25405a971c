/// What a key or click did to a picker.
public enum PickerResult: Hashable, Sendable {
    /// The user chose the option at this index of `options`; the popup is closed.
    case chosen(Int)
    /// The popup was closed without changing the choice.
    case cancelled
    /// The picker used the event (opened, moved, typed into its search).
    case consumed
    /// Not the picker's event; the screen may handle it.
    case ignored
}

/// A dropdown's options, the current choice and, while open, its search and highlight.
///
/// An option's identity is its index in `options`. The popup lists the options that match
/// the search, ignoring case and accents, and stays instant with 60,000 options: the search
/// narrows incrementally and only the options on screen are drawn.
public struct PickerState: Sendable {
    public let options: [String]
    /// The chosen option's index in `options`.
    public private(set) var chosen: Int?
    public private(set) var isOpen = false
    /// Cursor over `matchingOptions`.
    public private(set) var cursor = ListCursor()
    /// The most option rows the popup shows at once.
    public var maxVisibleOptions: Int
    private var filter: TextFilter

    public init(options: [String], chosen: Int? = nil, maxVisibleOptions: Int = 10) {
        self.options = options
        self.chosen = chosen.flatMap { options.indices.contains($0) ? $0 : nil }
        self.maxVisibleOptions = max(1, maxVisibleOptions)
        filter = TextFilter(searchTexts: options)
    }

    public var chosenOption: String? { chosen.map { options[$0] } }

    /// What has been typed into the search field since the popup opened.
    public var query: String { filter.query }

    /// Indices into `options` of the options the search matches, in their order.
    public var matchingOptions: [Int] { filter.matches }

    /// The highlighted option's index in `options` while open.
    public var highlighted: Int? { isOpen && !cursor.isEmpty ? filter.matches[cursor.position] : nil }

    public mutating func choose(_ index: Int?) {
        chosen = index.flatMap { options.indices.contains($0) ? $0 : nil }
    }

    public mutating func open() {
        filter.setQuery("")
        // With an empty search the matches are all options in order, so the chosen option's
        // index is also its position.
        cursor = ListCursor(count: options.count, position: chosen ?? 0)
        isOpen = true
    }

    public mutating func close() {
        isOpen = false
        filter.setQuery("")
        cursor = ListCursor(count: options.count)
    }

    /// Where the popup goes for a picker drawn in `anchor`: below it if it fits in `bounds`
    /// (usually the screen), else above, else on the side with more room, cut to fit. The
    /// height depends on the number of options, not on the matches, so the popup does not
    /// jump while the user types.
    public func popupArea(anchor: Rect, bounds: Rect) -> Rect {
        let listHeight = max(1, min(options.count, maxVisibleOptions))
        let wanted = listHeight + Self.popupChrome
        let below = bounds.maxY - anchor.maxY
        let above = anchor.y - bounds.y
        let height: Int
        let y: Int
        if below >= wanted || below >= above {
            height = min(wanted, below)
            y = anchor.maxY
        } else {
            height = min(wanted, above)
            y = anchor.y - height
        }
        let width = min(bounds.width, max(anchor.width, Self.minimumPopupWidth))
        let x = max(bounds.x, min(anchor.x, bounds.maxX - width))
        return Rect(x: x, y: y, width: width, height: height)
    }

    /// Closed: Enter, Space, ↓ or a click on the picker opens it. Open: printable characters
    /// and Backspace edit the search; ↑ ↓ PgUp PgDn Home End move; Enter or a click on an
    /// option chooses; Esc or a click elsewhere closes. Tab closes too but is `.ignored`, so
    /// the screen still moves focus. `anchor` and `bounds` are what the screen passes to
    /// `popupArea`.
    public mutating func handle(_ event: InputEvent, anchor: Rect, bounds: Rect) -> PickerResult {
        guard isOpen else { return handleClosed(event, anchor: anchor) }
        let popup = popupArea(anchor: anchor, bounds: bounds)
        let list = Self.listArea(in: popup)
        switch event {
        case .key(.enter):
            guard let option = highlighted else { return .consumed }
            chosen = option
            close()
            return .chosen(option)
        case .key(.escape):
            close()
            return .cancelled
        case .key(.tab), .key(.backTab):
            close()
            return .ignored
        case .key(.backspace):
            var text = query
            guard !text.isEmpty else { return .consumed }
            text.removeLast()
            search(text)
            return .consumed
        case .key(.character(let character)):
            search(query + Self.typeable(String(character)))
            return .consumed
        case .text(let text):
            search(query + Self.typeable(text))
            return .consumed
        case .key(let key):
            return cursor.handleNavigation(key, height: list.height) ? .consumed : .ignored
        case .mouse(let mouse):
            return handleOpen(mouse, popup: popup, list: list)
        case .resize:
            return .ignored
        }
    }

    /// Border above and below, and the search line.
    static var popupChrome: Int { 3 }
    static var minimumPopupWidth: Int { 24 }

    /// The rows of the popup that list options.
    static func listArea(in popup: Rect) -> Rect { Frame.content(of: popup).inset(top: 1) }

    private mutating func handleClosed(_ event: InputEvent, anchor: Rect) -> PickerResult {
        switch event {
        case .key(.enter), .key(.character(" ")), .key(.down):
            open()
            return .consumed
        case .mouse(let mouse) where mouse.kind == .click && anchor.contains(x: mouse.x, y: mouse.y):
            open()
            return .consumed
        default:
            return .ignored
        }
    }

    private mutating func handleOpen(_ mouse: MouseEvent, popup: Rect, list: Rect) -> PickerResult {
        guard popup.contains(x: mouse.x, y: mouse.y) else {
            guard mouse.kind == .click else { return .ignored }
            close()
            return .cancelled
        }
        switch mouse.kind {
        case .scrollUp: cursor.scroll(by: -ListCursor.wheelStep, height: list.height)
        case .scrollDown: cursor.scroll(by: ListCursor.wheelStep, height: list.height)
        case .click:
            guard list.contains(x: mouse.x, y: mouse.y) else { return .consumed }
            let position = cursor.firstVisible(height: list.height) + mouse.y - list.y
            guard position < cursor.count else { return .consumed }
            let option = filter.matches[position]
            chosen = option
            close()
            return .chosen(option)
        }
        return .consumed
    }

    private mutating func search(_ text: String) {
        let highlightedOption = highlighted
        filter.setQuery(text)
        let position = highlightedOption.flatMap { filter.matches.firstIndex(of: $0) }
        if position == nil { cursor = ListCursor() }
        cursor.reset(count: filter.matches.count, position: position ?? 0)
    }

    /// A paste may carry line breaks and tabs; a one-line search field keeps only the rest.
    private static func typeable(_ text: String) -> String {
        var typeable = ""
        typeable.unicodeScalars.append(contentsOf: text.unicodeScalars.filter { !TerminalSafeText.needsEscape($0) })
        return typeable
    }
}
