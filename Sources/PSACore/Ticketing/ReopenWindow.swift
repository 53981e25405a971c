import Foundation

/// How long after a ticket was closed a new firing of the same condition reopens it instead of
/// opening a new ticket. Written `30m`, `24h` or `7d`; `0m` never reopens.
public struct ReopenWindow: Sendable, Hashable, CustomStringConvertible {
    public enum Unit: String, Sendable, CaseIterable {
        case minutes = "m"
        case hours = "h"
        case days = "d"

        var seconds: Int64 {
            switch self {
            case .minutes: return 60
            case .hours: return 3_600
            case .days: return 86_400
            }
        }

        var word: String {
            switch self {
            case .minutes: return "minute"
            case .hours: return "hour"
            case .days: return "day"
            }
        }
    }

    /// Longer windows would reopen tickets nobody remembers.
    public static let maximumDays = 365

    public let amount: Int
    public let unit: Unit

    public init(parsing text: String) throws(TicketSettingsError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let digits = trimmed.dropLast()
        guard let unit = trimmed.last.flatMap({ Unit(rawValue: String($0)) }), !digits.isEmpty,
            digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.count <= 9, let amount = Int(digits),
            Int64(amount) * unit.seconds <= Int64(Self.maximumDays) * Unit.days.seconds
        else { throw .invalidReopenWindow(text) }
        self.amount = amount
        self.unit = unit
    }

    public var duration: Duration { .seconds(Int64(amount) * unit.seconds) }

    /// The canonical spelling, as stored: `24h`.
    public var description: String { "\(amount)\(unit.rawValue)" }

    /// For people: "24 hours".
    public var spelledOut: String { "\(amount) \(unit.word)\(amount == 1 ? "" : "s")" }
}
