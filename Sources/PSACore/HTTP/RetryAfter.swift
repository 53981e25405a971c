import Foundation

/// The `Retry-After` header (RFC 9110 §10.2.3): either delta-seconds or an HTTP-date.
public enum RetryAfter {
    /// How long to wait, or nil when the value is neither form. A date in the past means no wait.
    public static func delay(from value: String, now: Date) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty, trimmed.allSatisfy(\.isASCII), trimmed.allSatisfy(\.isNumber), let seconds = Int(trimmed) {
            return .seconds(seconds)
        }
        guard let date = httpDate(trimmed) else {
            return nil
        }
        let seconds = max(0, date.timeIntervalSince(now))
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// IMF-fixdate, with the obsolete RFC 850 and asctime forms that RFC 9110 says recipients accept.
    static func httpDate(_ text: String) -> Date? {
        let formats = ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"]
        for format in formats {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) {
                return date
            }
        }
        return nil
    }
}
