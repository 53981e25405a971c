import Foundation

/// Removes secrets from text that could reach a log line or an error message.
public enum SecretRedaction {
    public static let placeholder = "<redacted>"

    /// Header, query and JSON field names whose values are credentials: `Authorization`,
    /// `ApiIntegrationCode`, `Secret`, `client_secret`, `X-Api-Key`, `password`, `access_token`...
    public static func isSecretName(_ name: String) -> Bool {
        let lowered = name.lowercased()
        let markers = ["secret", "key", "token", "password", "passwd", "authorization", "apiintegrationcode", "cookie"]
        return markers.contains { lowered.contains($0) }
    }

    /// The value to show for header `name`. An authorization scheme such as `Basic` or `Bearer` is
    /// kept because it helps diagnose auth problems without revealing the credentials.
    public static func redactHeaderValue(name: String, value: String) -> String {
        guard isSecretName(name) else {
            return redact(value)
        }
        let parts = value.split(separator: " ", maxSplits: 1)
        if parts.count == 2, ["basic", "bearer", "digest", "negotiate"].contains(parts[0].lowercased()) {
            return "\(parts[0]) \(placeholder)"
        }
        return placeholder
    }

    /// `url` with user-info and the values of secret-named query parameters redacted.
    public static func redactURL(_ url: String) -> String {
        var text = url
        if let schemeEnd = text.range(of: "://") {
            let authorityEnd = text[schemeEnd.upperBound...].firstIndex { "/?#".contains($0) } ?? text.endIndex
            if let at = text[schemeEnd.upperBound..<authorityEnd].lastIndex(of: "@") {
                text.replaceSubrange(schemeEnd.upperBound..<at, with: placeholder)
            }
        }
        guard let queryStart = text.firstIndex(of: "?") else {
            return text
        }
        let fragmentStart = text[queryStart...].firstIndex(of: "#") ?? text.endIndex
        let query = text[text.index(after: queryStart)..<fragmentStart]
        let redactedQuery = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let nameAndValue = pair.split(separator: "=", maxSplits: 1)
            guard nameAndValue.count == 2, isSecretName(String(nameAndValue[0])) else {
                return String(pair)
            }
            return "\(nameAndValue[0])=\(placeholder)"
        }
        text.replaceSubrange(text.index(after: queryStart)..<fragmentStart, with: redactedQuery.joined(separator: "&"))
        return text
    }

    /// `text` with credentials replaced by `<redacted>`: every occurrence of a `knownSecrets` value,
    /// `Basic`/`Bearer` credentials, secret-named header lines, and secret-named `name=value` or
    /// JSON `"name": "value"` pairs (an error body that echoes the request).
    public static func redact(_ text: String, knownSecrets: [String] = []) -> String {
        var result = text
        // Longest first, so a secret that contains another is removed whole.
        for secret in knownSecrets.filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count }) {
            result = result.replacingOccurrences(of: secret, with: placeholder)
            if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics), encoded != secret {
                result = result.replacingOccurrences(of: encoded, with: placeholder)
            }
        }
        let authorization = #/(?i)\b(Basic|Bearer)\s+[A-Za-z0-9._~+/=\-]+/#
        result = result.replacing(authorization) { "\($0.output.1) \(placeholder)" }

        let headerLine = #/(?m)^([A-Za-z0-9_\-]+)[ \t]*:[ \t]*([^\r\n]+)/#
        result = result.replacing(headerLine) { match in
            let name = String(match.output.1)
            guard isSecretName(name), match.output.2 != placeholder else {
                return String(match.output.0)
            }
            return "\(name): \(redactHeaderValue(name: name, value: String(match.output.2)))"
        }

        let jsonField = #/("([A-Za-z0-9_\-]+)"\s*:\s*)"((?:[^"\\]|\\.)*)"/#
        result = result.replacing(jsonField) { match in
            guard isSecretName(String(match.output.2)) else {
                return String(match.output.0)
            }
            return "\(match.output.1)\"\(placeholder)\""
        }

        let formField = #/([?&\s]|^)([A-Za-z0-9_\-]+)=([^&\s"]+)/#
        result = result.replacing(formField) { match in
            guard isSecretName(String(match.output.2)) else {
                return String(match.output.0)
            }
            return "\(match.output.1)\(match.output.2)=\(placeholder)"
        }
        return result
    }
}
