import Foundation

/// What one request to a host's base address tells about the host itself rather than its API:
/// when its certificate chain expires and what time its clock says.
public struct HostProbeResult: Sendable, Equatable {
    /// False for a plain http address (the sandbox, tests): there is no certificate.
    public var usesTLS: Bool
    /// The earliest "Expire date" in the chain the server sent, which verification accepted; nil
    /// without TLS or when the TLS library reports no chain.
    public var certificateExpiry: Date?
    /// The response's `Date` header; nil when the server sent none or an unreadable one.
    public var serverDate: Date?
    /// Our clock half-way through the request, to compare `serverDate` with.
    public var localDate: Date

    public init(usesTLS: Bool, certificateExpiry: Date?, serverDate: Date?, localDate: Date) {
        self.usesTLS = usesTLS
        self.certificateExpiry = certificateExpiry
        self.serverDate = serverDate
        self.localDate = localDate
    }
}

/// One HEAD request to a host's base address through `HTTPClient`, asking for the certificate
/// chain. Verification stays on and the configured CA bundle applies, exactly as for API
/// requests: a chain that fails verification is an error here too, never a result.
public enum HostProbe {
    public static func probe(_ url: String, configuration: HTTPClient.Configuration) async throws(HTTPError)
        -> HostProbeResult
    {
        let usesTLS = try URLPolicy.check(url).scheme == "https"
        var request = HTTPRequest(method: .head, url: url)
        request.readsCertificateExpiry = true
        let started = Date()
        let response = try await HTTPClient(configuration: configuration).send(request)
        let finished = Date()
        return HostProbeResult(
            usesTLS: usesTLS, certificateExpiry: usesTLS ? response.certificateExpiry : nil,
            serverDate: response.headers["Date"].flatMap(RetryAfter.httpDate),
            localDate: started.addingTimeInterval(finished.timeIntervalSince(started) / 2))
    }
}
