import Foundation

/// When an acknowledgement ends, as an admin writes it: a duration from now (`30m`, `4h`,
/// `2d`, spelled like a reopen window) or an ISO 8601 time that carries its offset
/// (`2026-12-07T18:00:00+01:00`, `...Z`). A time without an offset is refused rather than
/// guessed: the wizard may run over SSH on a machine in another zone than the admin.
public enum AcknowledgementEnd {
    public struct Invalid: Error, Equatable, Sendable, CustomStringConvertible {
        public var text: String

        public var description: String {
            "\(String(reflecting: text)) is neither a duration (30m, 4h, 2d) nor a time with its offset "
                + "(2026-12-07T18:00:00+01:00 or ...Z)"
        }
    }

    /// The end `text` names, counted from `now` for a duration.
    public static func parse(_ text: String, now: Date) throws(Invalid) -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let window = try? ReopenWindow(parsing: trimmed) {
            guard window.amount > 0 else { throw Invalid(text: text) }
            return now.addingTimeInterval(TimeInterval(window.duration.components.seconds))
        }
        guard trimmed.range(of: #"(Z|z|[+-]\d{2}(:?\d{2})?)$"#, options: .regularExpression) != nil,
            trimmed.contains("T") || trimmed.contains("t")
        else { throw Invalid(text: text) }
        let upper = trimmed.uppercased()
        for options in [
            ISO8601DateFormatter.Options.withInternetDateTime, [.withInternetDateTime, .withFractionalSeconds],
        ] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: upper) { return date }
        }
        throw Invalid(text: text)
    }
}
