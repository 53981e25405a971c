/// An account name that is a tenant's domain: Nerdio shows `contosoltd.onmicrosoft.com`,
/// `ContosoPharma.onmicrosoft.com` or a custom domain such as `contoso.co.uk` when a tenant has no
/// display name. What tells the company is the label the tenant chose: the one just before the
/// public suffix, or before `onmicrosoft.com`.
enum DomainName: Equatable {
    /// A domain; `label` is the chosen label, lower-case ("contosoltd"), `domain` the whole name.
    case domain(label: String, domain: String)
    /// It looks like a domain but is not one; the reason says why, for the review.
    case invalid(String)

    /// Microsoft's tenant domains: the label before them is the tenant's own choice.
    private static let tenantSuffixes = ["mail.onmicrosoft.com", "onmicrosoft.com"]

    /// nil when the name does not look like a domain: it has a space, or neither a dot nor a
    /// scheme, "www" or "onmicrosoft" in it. A one-word name ("Contoso") is a name.
    init?(accountName: String) {
        var text = Substring(accountName)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        let lower = text.lowercased()
        guard !lower.isEmpty, !lower.contains(where: \.isWhitespace) else { return nil }
        let hasScheme = lower.hasPrefix("http://") || lower.hasPrefix("https://")
        guard lower.contains(".") || hasScheme || lower.contains("onmicrosoft") else {
            return nil
        }
        var host = Substring(lower)
        if let scheme = host.range(of: "://") { host = host[scheme.upperBound...] }
        if let end = host.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { host = host[..<end] }
        if host.hasSuffix(".") { host.removeLast() }
        if host.hasPrefix("www.") { host = host.dropFirst(4) }
        guard host.contains(".") else {
            self = .invalid("\(accountName) looks like a domain but has no dot")
            return
        }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        if labels.contains(where: \.isEmpty) {
            self = .invalid("\(accountName) looks like a domain but has an empty label")
            return
        }
        guard labels.allSatisfy(Self.isLabel) else {
            // Names such as "Contoso Ltd." or "St.George" have a dot and letters only: they are
            // names, and the name layers judge them.
            if labels.allSatisfy({ $0.allSatisfy { $0.isLetter } }) && !hasScheme { return nil }
            self = .invalid(
                "\(accountName) looks like a domain but a label has characters other than letters, digits and hyphens")
            return
        }
        let joined = labels.joined(separator: ".")
        for suffix in Self.tenantSuffixes where joined.hasSuffix("." + suffix) {
            let label = joined.dropLast(suffix.count + 1).split(separator: ".").last.map(String.init) ?? ""
            self = .domain(label: label, domain: joined)
            return
        }
        guard let suffixLength = PublicSuffixes.suffixLength(of: labels) else {
            // "Contoso.Ltd" and "A.B.C" are names written with dots, not domains.
            let endsInLegalForm = NameVocabulary.joinedLegalForms.contains(String(labels.last!))
            let onlyInitials = labels.allSatisfy { $0.count == 1 }
            guard !endsInLegalForm, !onlyInitials else { return nil }
            self = .invalid("\(accountName) looks like a domain but .\(labels.last!) is not a known public suffix")
            return
        }
        guard suffixLength < labels.count else {
            self = .invalid("\(accountName) is only a public suffix, with no label of its own")
            return
        }
        self = .domain(label: String(labels[labels.count - suffixLength - 1]), domain: joined)
    }

    /// Letters, digits and hyphens, not starting or ending with a hyphen (RFC 1035's LDH rule).
    private static func isLabel(_ label: Substring) -> Bool {
        guard let first = label.first, let last = label.last, first != "-", last != "-", label.utf8.count <= 63 else {
            return false
        }
        return label.utf8.allSatisfy { byte in
            (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2D
        }
    }
}
