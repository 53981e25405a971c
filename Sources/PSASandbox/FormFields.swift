import Foundation

/// An `application/x-www-form-urlencoded` body, decoded.
struct FormFields {
    private var values: [String: String] = [:]

    init(_ body: String) {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = FormFields.decode(parts[0])
            values[key] = parts.count > 1 ? FormFields.decode(parts[1]) : ""
        }
    }

    subscript(key: String) -> String? { values[key] }

    private static func decode(_ text: Substring) -> String {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
    }
}
