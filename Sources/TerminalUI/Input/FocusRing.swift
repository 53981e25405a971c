/// The order in which Tab and Shift-Tab move focus between the focusable parts of a screen.
public struct FocusRing<ID: Hashable & Sendable>: Sendable {
    public private(set) var order: [ID]
    public private(set) var focused: ID?

    public init(_ order: [ID], focused: ID? = nil) {
        self.order = order
        self.focused = focused ?? order.first
    }

    public func isFocused(_ id: ID) -> Bool { focused == id }

    public mutating func next() { step(by: 1) }
    public mutating func previous() { step(by: -1) }

    public mutating func focus(_ id: ID) {
        if order.contains(id) { focused = id }
    }

    /// Replaces the order (parts appear and disappear) and keeps focus where it can.
    public mutating func reorder(_ newOrder: [ID]) {
        order = newOrder
        if let current = focused, newOrder.contains(current) { return }
        focused = newOrder.first
    }

    private mutating func step(by offset: Int) {
        guard !order.isEmpty else { return }
        let index = focused.flatMap { order.firstIndex(of: $0) } ?? (offset > 0 ? -1 : 0)
        focused = order[((index + offset) % order.count + order.count) % order.count]
    }
}
