import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which URLs the client will contact: https anywhere, plain http only to this machine (the sandbox
/// and tests), never with credentials embedded in the URL.
public enum URLPolicy {
    /// The parts of an accepted URL the client needs for error messages.
    public struct Accepted: Sendable, Equatable {
        public var scheme: String
        public var host: String
    }

    public static func check(_ url: String) throws(HTTPError) -> Accepted {
        guard let components = URLComponents(string: url) else {
            throw .invalidURL("not a well-formed URL")
        }
        guard let scheme = components.scheme?.lowercased() else {
            throw .invalidURL("missing scheme (expected https://)")
        }
        guard let rawHost = components.host, !rawHost.isEmpty else {
            throw .invalidURL("missing host name")
        }
        let host = rawHost.hasPrefix("[") && rawHost.hasSuffix("]") ? String(rawHost.dropFirst().dropLast()) : rawHost
        if components.user != nil || components.password != nil {
            throw .insecureURL("credentials in the URL are not allowed; send them in headers")
        }
        switch scheme {
        case "https":
            break
        case "http":
            guard isLoopback(host: host) else {
                throw .insecureURL("http is only allowed to loopback hosts; use https for \(host)")
            }
        default:
            throw .invalidURL("unsupported scheme \(scheme) (expected https)")
        }
        return Accepted(scheme: scheme, host: host)
    }

    /// localhost, 127.0.0.0/8 and ::1: traffic that never leaves this machine.
    public static func isLoopback(host: String) -> Bool {
        let lowered = host.lowercased()
        if lowered == "localhost" || lowered == "localhost." {
            return true
        }
        var ipv4 = in_addr()
        if inet_pton(AF_INET, lowered, &ipv4) == 1 {
            let firstOctet = UInt32(bigEndian: ipv4.s_addr) >> 24
            return firstOctet == 127
        }
        var ipv6 = in6_addr()
        if inet_pton(AF_INET6, lowered, &ipv6) == 1 {
            let loopback: [UInt8] = Array(repeating: 0, count: 15) + [1]
            return withUnsafeBytes(of: &ipv6) { Array($0) } == loopback
        }
        return false
    }
}
