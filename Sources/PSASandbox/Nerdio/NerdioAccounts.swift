/// Nerdio Manager accounts for the sandbox's customers. Account names are what the MSP
/// typed into Nerdio, so they differ from the PSA's company names the way real ones do:
/// legal forms dropped, other case, "and" for "&".
enum NerdioAccounts {
    static func accounts(from companies: [SandboxCompany]) -> [[String: Any]] {
        companies.enumerated().compactMap { index, company -> [String: Any]? in
            guard !company.isMSP, company.type == "Customer" else { return nil }
            return [
                "id": 1000 + index,
                "name": accountName(for: company.name, index: index),
                "tenantId": company.tenantID,
                "domain": company.domain,
            ]
        }
    }

    static func accountName(for name: String, index: Int) -> String {
        switch index % 4 {
        case 1: return name
        case 2: return name.replacingAmpersand
        case 3: return name.uppercased()
        default: return name.withoutTrailingWord
        }
    }
}

extension String {
    fileprivate var replacingAmpersand: String {
        split(separator: "&", omittingEmptySubsequences: false).joined(separator: "and")
    }

    /// Drops the last word (often the legal form: "Contoso Ltd" -> "Contoso").
    fileprivate var withoutTrailingWord: String {
        guard let space = lastIndex(of: " ") else { return self }
        return String(self[..<space])
    }
}
