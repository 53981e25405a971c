/// The highlighted item of a long list and the first item on screen, for lists taller than
/// their viewport (the table's rows, the picker's options).
///
/// The viewport height is not stored: the screen's layout decides it and may change it at
/// any resize, so every method that needs it takes it, and `firstVisible(height:)` repairs a
/// stale scroll position when drawing.
public struct ListCursor: Hashable, Sendable {
    public private(set) var count: Int
    /// The highlighted item; 0 when the list is empty.
    public private(set) var position: Int
    /// The first item on screen, as last scrolled to.
    public private(set) var scrollOffset: Int

    public init(count: Int = 0, position: Int = 0) {
        self.count = max(0, count)
        self.position = 0
        scrollOffset = 0
        self.position = clamped(position)
    }

    public var isEmpty: Bool { count == 0 }

    /// The list changed length; the highlight moves to `position`.
    public mutating func reset(count newCount: Int, position newPosition: Int) {
        count = max(0, newCount)
        position = clamped(newPosition)
        scrollOffset = min(scrollOffset, max(0, count - 1))
    }

    /// The first item to draw in a viewport of `height` rows: the scroll position, moved as
    /// little as needed to show the highlighted item and no empty rows below the last item.
    public func firstVisible(height: Int) -> Int {
        guard height > 0 else { return min(scrollOffset, position) }
        var first = min(scrollOffset, max(0, count - height))
        if position < first { first = position }
        if position >= first + height { first = position - height + 1 }
        return max(0, first)
    }

    /// The items on screen in a viewport of `height` rows.
    public func visibleRange(height: Int) -> Range<Int> {
        let first = firstVisible(height: height)
        return first..<min(count, first + max(0, height))
    }

    public mutating func move(to newPosition: Int, height: Int) {
        position = clamped(newPosition)
        scrollOffset = firstVisible(height: height)
    }

    public mutating func move(by delta: Int, height: Int) { move(to: position + delta, height: height) }

    /// Rows one notch of a mouse wheel scrolls.
    public static var wheelStep: Int { 3 }

    /// Scrolls the viewport (mouse wheel); the highlight is dragged along only when it would
    /// leave the screen.
    public mutating func scroll(by delta: Int, height: Int) {
        guard height > 0 else { return }
        scrollOffset = min(max(0, firstVisible(height: height) + delta), max(0, count - height))
        position = min(max(position, scrollOffset), max(scrollOffset, scrollOffset + height - 1))
        position = clamped(position)
    }

    /// The keys `handleNavigation` understands, as help screens list them.
    public static let navigationHelp = [
        KeyHint(key: "↑/↓", label: "Move the highlight"),
        KeyHint(key: "PgUp/PgDn", label: "Move by a page"),
        KeyHint(key: "Home/End", label: "First / last row"),
    ]

    /// Handles ↑ ↓ PgUp PgDn Home End; a page is the viewport's height. Returns false for
    /// any other key.
    public mutating func handleNavigation(_ key: Key, height: Int) -> Bool {
        let page = max(1, height)
        switch key {
        case .up: move(by: -1, height: height)
        case .down: move(by: 1, height: height)
        case .pageUp: move(by: -page, height: height)
        case .pageDown: move(by: page, height: height)
        case .home: move(to: 0, height: height)
        case .end: move(to: count - 1, height: height)
        default: return false
        }
        return true
    }

    /// "123/50,000": the highlighted item's number and the list's length; empty for an
    /// empty list.
    public var positionLabel: String {
        guard count > 0 else { return "" }
        return NumberText.grouped(position + 1) + "/" + NumberText.grouped(count)
    }

    private func clamped(_ value: Int) -> Int { min(max(0, value), max(0, count - 1)) }
}
