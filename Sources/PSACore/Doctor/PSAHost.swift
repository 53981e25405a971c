import Foundation

/// The address whose certificate and clock stand for a PSA: the HaloPSA instance, the
/// ConnectWise site, Autotask's zone lookup (the first address every Autotask session calls).
public enum PSAHost {
    public static func baseURL(of credentials: Credentials) -> String {
        switch credentials {
        case .halo(let halo): return trimmed(halo.url)
        case .connectwise(let connectwise): return ConnectWiseURLs.siteBase(connectwise.site)
        case .autotask(let autotask): return trimmed(autotask.zoneDiscoveryURL)
        }
    }

    private static func trimmed(_ url: String) -> String {
        var text = url.trimmingCharacters(in: .whitespacesAndNewlines)
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
