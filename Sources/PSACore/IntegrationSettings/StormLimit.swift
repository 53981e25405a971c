import Foundation

/// How many new tickets one customer may get in a rolling window before one parent ticket takes
/// the rest as notes (`storm=N/MINUTES`, DESIGN §6 "Noise control"). `storm=off` is no limit,
/// which `TicketSettings.stormLimit` gives as nil.
public struct StormLimit: Sendable, Equatable, CustomStringConvertible {
    public var tickets: Int
    public var minutes: Int

    public init(tickets: Int, minutes: Int) {
        self.tickets = tickets
        self.minutes = minutes
    }

    /// `N/MINUTES` with both whole numbers of at least 1, or nil (`off` included: it is no limit).
    public init?(parsing text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let tickets = Self.positive(parts[0]), let minutes = Self.positive(parts[1]) else {
            return nil
        }
        self.init(tickets: tickets, minutes: minutes)
    }

    /// `10/10`, the setting's text form.
    public var description: String { "\(tickets)/\(minutes)" }

    public var window: TimeInterval { TimeInterval(minutes) * 60 }

    /// Ten in ten minutes: more new tickets than an engineer triages for one customer in that
    /// time is a storm rather than ten separate problems, yet a real burst of a few alerts
    /// (a host pool and its hosts) still gets its own tickets.
    public static let standard = StormLimit(tickets: 10, minutes: 10)

    /// The setting's word for no limit.
    public static let offText = "off"

    /// Digits only, so that "+5", "٣" or "1e3" are refused rather than read as a number.
    private static func positive(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text),
            value >= 1
        else { return nil }
        return value
    }
}

/// Who sees the notes psalink adds to a ticket (`note-visibility=internal|public`, DESIGN §6).
/// Each connector maps it to its PSA's own flag; no PSA is asked to e-mail the customer about a
/// note, whichever it is.
public enum NoteVisibility: String, Sendable, CaseIterable {
    /// Technicians only (the default): alert repeats are working notes, not messages to the customer.
    case `internal`
    /// Shown to the customer on the ticket (portal), still without an e-mail from psalink.
    case `public`
}
