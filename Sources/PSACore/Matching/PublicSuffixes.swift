/// The Public Suffix List's rules (`Data/PublicSuffixData.swift`): which endings of a domain
/// anyone can register under ("com", "co.uk", "onmicrosoft.com" is not one), so that the label a
/// company chose can be told from the suffix, and an ending nobody registers under is known for
/// what it is.
enum PublicSuffixes {
    private struct Rules {
        var exact: Set<String> = []
        /// "*.ck": every label under "ck" is a suffix...
        var wildcard: Set<String> = []
        /// ...except "!www.ck".
        var exception: Set<String> = []
    }

    private static let rules: Rules = {
        var rules = Rules()
        for line in rulesText.split(separator: "\n") {
            let rule = line.lowercased()
            if rule.hasPrefix("!") {
                rules.exception.insert(String(rule.dropFirst()))
            } else if rule.hasPrefix("*.") {
                rules.wildcard.insert(String(rule.dropFirst(2)))
            } else {
                rules.exact.insert(rule)
            }
        }
        return rules
    }()

    /// How many of `labels`' last labels form its public suffix, by the list's algorithm (the
    /// longest matching rule, wildcards and exceptions); nil when no rule matches, so that the
    /// top-level domain itself is unknown. The list's implicit "*" rule is not applied: an
    /// ending no rule names is what the matcher reports as unknown.
    static func suffixLength(of labels: [Substring]) -> Int? {
        var best: Int?
        for length in 1...labels.count {
            let candidate = labels.suffix(length).joined(separator: ".")
            if rules.exception.contains(candidate) { return length - 1 }
            if rules.exact.contains(candidate) { best = length }
            if length < labels.count, rules.wildcard.contains(candidate) { best = length + 1 }
        }
        return best
    }
}
