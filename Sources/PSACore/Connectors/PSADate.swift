import Foundation

/// Times as the PSAs write them in ticket fields: ISO 8601, with or without fractional seconds,
/// and without a zone where the vendor writes UTC bare (HaloPSA's `dateclosed`, Autotask's
/// `completedDate` per AT8: "Times are UTC").
enum PSADate {
    static func parse(_ text: String?) -> Date? {
        guard var text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if !text.hasSuffix("Z"), !Self.hasOffset(text) { text += "Z" }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        return try? Date(text, strategy: fractional)
    }

    /// "…T10:00:00+02:00" or "…-05:00": a sign after the time part.
    private static func hasOffset(_ text: String) -> Bool {
        guard let time = text.firstIndex(of: "T") else { return false }
        return text[time...].contains { $0 == "+" || $0 == "-" }
    }
}
