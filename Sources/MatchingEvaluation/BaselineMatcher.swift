import PSACore

/// The matcher MSPs use today: exact name after lower-casing and stripping one trailing legal suffix
/// (e.g. "Ltd", "LLC", "Inc", "GmbH"); picks a company only when exactly one active company has that key.
///
/// It is kept deliberately naive (no accent folding, no punctuation handling, one suffix only) so
/// that the figures beside it show what today's tools do, not what a careful normalizer would.
public struct BaselineMatcher: Sendable {
    /// Suffixes in the forms such tools list them, longest first so "pty ltd" wins over "ltd".
    static let suffixes: [String] = [
        "ltd", "ltd.", "limited", "llc", "l.l.c.", "inc", "inc.", "incorporated", "corp", "corp.", "corporation",
        "co", "co.", "company", "plc", "llp", "gmbh", "ag", "kg", "sa", "s.a.", "sas", "sarl", "bv", "b.v.", "nv",
        "n.v.", "pty ltd", "pty. ltd.", "ab", "oy", "as", "a/s", "srl", "s.r.l.", "spa", "s.p.a.", "s.l.", "kk",
        "k.k.", "kft", "kft.", "ltda", "ltda.", "s.r.o.",
    ].sorted { $0.count > $1.count }

    private let companyByKey: [String: String]

    public init(companies: [PSACompany]) {
        var idsByKey: [String: [String]] = [:]
        for company in companies where company.isActive {
            idsByKey[Self.key(company.name), default: []].append(company.id)
        }
        companyByKey = idsByKey.compactMapValues { $0.count == 1 ? $0[0] : nil }
    }

    /// The company id when exactly one active company has the account's key, else nil.
    public func match(_ account: NerdioAccount) -> String? {
        companyByKey[Self.key(account.name)]
    }

    /// Lower case, outer spaces trimmed, and one trailing legal suffix after a space or comma removed.
    public static func key(_ name: String) -> String {
        let text = trimmed(name.lowercased())
        for suffix in suffixes {
            for separator in [", ", ",", " "] where text.hasSuffix(separator + suffix) {
                return trimmed(String(text.dropLast(separator.count + suffix.count)))
            }
        }
        return text
    }

    private static func trimmed(_ text: String) -> String {
        var slice = Substring(text)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
