/// A credential value that must never be shown: printing, interpolating or dumping it gives
/// `<secret>`; only `reveal()` gives the value, for the one place that sends it.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    public init(_ value: String) { self.value = value }

    public func reveal() -> String { value }
    public var isBlank: Bool { value.allSatisfy(\.isWhitespace) }

    public var description: String { "<secret>" }
    public var debugDescription: String { "<secret>" }
    public var customMirror: Mirror { Mirror(self, children: []) }
}
