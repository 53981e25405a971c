/// What a cell means, never what it looks like: a theme turns roles into colors and styles.
public enum Role: String, CaseIterable, Codable, Sendable {
    case normal
    case focus
    case hot
    case disabled
    case error
    case ok
    case warning
    case header
    case selection
}
