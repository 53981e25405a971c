import Foundation

/// Addresses of one ConnectWise site (psa-apis.md §1.1).
enum ConnectWiseURLs {
    /// The site as the scheme and authority every call starts with, without a trailing slash.
    /// A host gets https, except a loopback host (the sandbox, tests), which gets http; a URL
    /// with a scheme is used as given. `URLPolicy` still refuses plain http to anything else.
    static func siteBase(_ site: String) -> String {
        var text = site.trimmingCharacters(in: .whitespacesAndNewlines)
        while text.hasSuffix("/") { text.removeLast() }
        if text.contains("://") { return text }
        let host = URLComponents(string: "https://" + text)?.host ?? text
        let unbracketed = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return (URLPolicy.isLoopback(host: unbracketed) ? "http://" : "https://") + text
    }

    /// `GET {site}/login/companyinfo/{companyId}`: needs no authentication and tells the codebase.
    static func companyInfo(site: String, companyID: String) -> String {
        siteBase(site) + "/login/companyinfo/" + percentEncode(companyID.trimmingCharacters(in: .whitespaces))
    }

    /// `{site}/{codebase}apis/3.0`. The codebase arrives with or without slashes around it
    /// (`v4_6_release/`); nil when it is not a plain path segment.
    static func apiBase(site: String, codebase: String) -> String? {
        let segment = codebase.trimmingCharacters(in: CharacterSet(charactersIn: "/ "))
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard !segment.isEmpty, segment.unicodeScalars.allSatisfy(allowed.contains) else { return nil }
        return siteBase(site) + "/" + segment + "/apis/3.0"
    }

    /// `path?name=value&...` with every value percent-encoded (spaces as %20, `=`, `&`, `+`,
    /// `"` and `\` escaped), so a `conditions` string arrives exactly as built.
    static func withQuery(_ path: String, _ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return path }
        return path + "?" + items.map { "\($0.0)=\(percentEncode($0.1, keeping: ",/"))" }.joined(separator: "&")
    }

    /// RFC 3986 unreserved characters stay, plus `keeping`; everything else is %XX (UTF-8).
    static func percentEncode(_ text: String, keeping extra: String = "") -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        allowed.insert(charactersIn: extra)
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// Builds `conditions` values (psa-apis.md §1.5).
///
/// Quoting: ConnectWise takes string values in double or single quotes; its own error text
/// says "String values should be enclosed with double or single quotes; DateTime values should
/// be enclosed in square brackets; ... boolean values should be indicated with the keywords true
/// or false" (github.com/covenanttechnologysolutions/connectwise-rest README, "Manage Conditions
/// Example" [CW10]). How a quote *inside* a string is escaped is not shown by any source the
/// reference cites, nor by what a search of stored public code, documentation, issues and pages
/// turned up (pyconnectwise's `utils/experimental/condition.py` wraps strings in double quotes
/// and escapes nothing, so a value with a `"` breaks its condition; django-connectwise and
/// connectwise-rest pass raw strings). We escape `"` and `\` with a backslash, the convention of
/// the .NET-style parser the error text describes: a value with neither character (every
/// psalink-built reference, nearly every company name) goes out exactly as the documented
/// examples show, and `findTicket` compares the reference it gets back, so a server that read
/// the escapes differently would find no ticket rather than a wrong one. UNCONFIRMED against a
/// live tenant.
enum ConnectWiseCondition {
    /// `value` as a double-quoted string literal with `\` and `"` escaped.
    static func quoted(_ value: String) -> String {
        var literal = "\""
        for character in value {
            if character == "\"" || character == "\\" { literal.append("\\") }
            literal.append(character)
        }
        return literal + "\""
    }

    static func equals(_ field: String, _ value: String) -> String { "\(field)=\(quoted(value))" }
    static func equals(_ field: String, _ value: Int) -> String { "\(field)=\(value)" }
    static func equals(_ field: String, _ value: Bool) -> String { "\(field)=\(value)" }

    static func all(_ conditions: String...) -> String { conditions.joined(separator: " and ") }
}

/// The `Link` header of a navigable list (psa-apis.md §1.4): `<url>; rel="next", <url>; rel="last"`.
enum ConnectWiseLink {
    /// URL by relation (`first`, `prev`, `next`, `last`) over every `Link` header value. URLs may
    /// contain commas (`fields=id,name`), so values are split only outside `<...>` and quotes.
    static func relations(in headers: HTTPHeaders) -> [String: String] {
        var result: [String: String] = [:]
        for value in headers.values(for: "Link") {
            for link in splitLinks(value) {
                guard let open = link.firstIndex(of: "<"), let close = link[open...].firstIndex(of: ">") else {
                    continue
                }
                let url = String(link[link.index(after: open)..<close])
                for parameter in link[link.index(after: close)...].split(separator: ";") {
                    let pair = parameter.split(separator: "=", maxSplits: 1)
                    guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "rel" else {
                        continue
                    }
                    let rels = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: " \""))
                    for rel in rels.split(separator: " ") { result[rel.lowercased()] = url }
                }
            }
        }
        return result
    }

    enum Next: Equatable {
        /// No `next` link: this was the last page.
        case none
        case page(Int)
        /// A `next` link without a page number we can read.
        case unreadable(String)
    }

    /// Where the `next` link points.
    static func next(in headers: HTTPHeaders) -> Next {
        guard let url = relations(in: headers)["next"] else { return .none }
        let page = URLComponents(string: url)?.queryItems?.first { $0.name.lowercased() == "page" }?.value
        return page.flatMap { Int($0) }.map(Next.page) ?? .unreadable(url)
    }

    private static func splitLinks(_ value: String) -> [Substring] {
        var parts: [Substring] = []
        var start = value.startIndex
        var inAngle = false
        var inQuote = false
        for index in value.indices {
            switch value[index] {
            case "<" where !inQuote: inAngle = true
            case ">" where !inQuote: inAngle = false
            case "\"" where !inAngle: inQuote.toggle()
            case "," where !inAngle && !inQuote:
                parts.append(value[start..<index])
                start = value.index(after: index)
            default: break
            }
        }
        parts.append(value[start...])
        return parts
    }
}
