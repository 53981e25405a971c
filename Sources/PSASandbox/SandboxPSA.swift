import Foundation

/// The three PSAs the sandbox emulates, each with a rate budget of its own, as each real
/// vendor throttles an integration on its own.
public enum SandboxPSA: String, Sendable, CaseIterable {
    case halo
    case connectwise
    case autotask

    /// The PSA a request path belongs to, decided the way the router decides: `/api` and
    /// `/auth` are HaloPSA's; `/login` and `/v4_6_release` ConnectWise's; `/atservicesrest`,
    /// in any case, Autotask's. Nerdio (`/rest-api`, `/{tenant}/oauth2`) and the sandbox's own
    /// `/sandbox` knobs belong to none, so they are never throttled.
    public init?(path: String) {
        let segments = path.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: true)
        guard let first = segments.first else { return nil }
        // Nerdio's Entra ID token route takes any tenant as its first segment.
        if segments.count > 1, segments[1] == "oauth2" { return nil }
        switch first {
        case "api", "auth": self = .halo
        case "login", "v4_6_release": self = .connectwise
        case _ where first.lowercased() == "atservicesrest": self = .autotask
        default: return nil
        }
    }
}
