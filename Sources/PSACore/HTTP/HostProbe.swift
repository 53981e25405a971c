import CCurl
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

/// One HEAD request to a host with libcurl's certificate information turned on. Verification
/// stays on and the configured CA bundle applies, exactly as for API requests: a chain that
/// fails verification is an error here too, never a result.
public enum HostProbe {
    public static func probe(_ url: String, configuration: HTTPClient.Configuration) async throws(HTTPError)
        -> HostProbeResult
    {
        let accepted = try URLPolicy.check(url)
        let cancellation = CancellationFlag()
        let result: Result<HostProbeResult, HTTPError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // A blocking transfer on its own thread, as HTTPClient does, so that probes of
                // several hosts run at once without holding Swift's cooperative threads.
                let worker = Thread {
                    continuation.resume(
                        returning: perform(
                            url, host: accepted.host, usesTLS: accepted.scheme == "https",
                            configuration: configuration, cancellation: cancellation))
                }
                worker.name = "psalink.probe"
                worker.start()
            }
        } onCancel: {
            cancellation.cancel()
        }
        return try result.get()
    }

    /// The "Expire date" value of curl's certificate information: OpenSSL's `ASN1_TIME_print`
    /// form ("Mar  4 12:00:00 2027 GMT") or the one curl writes itself for other TLS libraries
    /// ("2027-03-04 12:00:00 GMT"). Always UTC.
    public static func expiryDate(_ text: String) -> Date? {
        let parts = text.split(whereSeparator: \.isWhitespace).map(String.init)
        var components = DateComponents()
        let time: String
        let zone: String?
        if parts.count >= 4, let month = months.firstIndex(of: parts[0]), let day = Int(parts[1]),
            let year = Int(parts[3])
        {
            components.year = year
            components.month = month + 1
            components.day = day
            time = parts[2]
            zone = parts.count > 4 ? parts[4] : nil
        } else if parts.count >= 2 {
            let date = parts[0].split(separator: "-")
            guard date.count == 3, let year = Int(date[0]), let month = Int(date[1]), let day = Int(date[2]) else {
                return nil
            }
            components.year = year
            components.month = month
            components.day = day
            time = parts[1]
            zone = parts.count > 2 ? parts[2] : nil
        } else {
            return nil
        }
        if let zone, !["GMT", "UTC", "Z"].contains(zone) { return nil }
        let clock = time.split(separator: ":").map { Int($0) }
        guard clock.count == 3, let hour = clock[0], let minute = clock[1], let second = clock[2] else { return nil }
        components.hour = hour
        components.minute = minute
        components.second = second
        guard (1...12).contains(components.month!), (1...31).contains(components.day!), (0...23).contains(hour),
            (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components)
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func perform(
        _ url: String, host: String, usesTLS: Bool, configuration: HTTPClient.Configuration,
        cancellation: CancellationFlag
    ) -> Result<HostProbeResult, HTTPError> {
        guard CurlGlobal.isInitialized else { return .failure(.transportFailure("libcurl could not be initialised")) }
        guard !cancellation.isCancelled else { return .failure(.cancelled) }
        guard let handle = curl_easy_init() else {
            return .failure(.transportFailure("libcurl could not create a transfer handle"))
        }
        defer { curl_easy_cleanup(handle) }
        let errorBufferSize = Int(psl_curl_error_size())
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: errorBufferSize)
        errorBuffer.initialize(repeating: 0, count: errorBufferSize)
        defer { errorBuffer.deallocate() }
        let state = ProbeState(cancellation: cancellation)
        let statePointer = Unmanaged.passUnretained(state).toOpaque()

        var setupCode = CURLE_OK
        func set(_ code: CURLcode) {
            if setupCode == CURLE_OK { setupCode = code }
        }
        set(psl_curl_setopt_string(handle, CURLOPT_URL, url))
        set(psl_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        set(psl_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        set(psl_curl_setopt_long(handle, CURLOPT_NOBODY, 1))
        set(psl_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(configuration.connectTimeout)))
        set(psl_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds(configuration.totalTimeout)))
        set(psl_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0))
        set(psl_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1))
        set(psl_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2))
        if let caBundlePath = configuration.caBundlePath {
            set(psl_curl_setopt_string(handle, CURLOPT_CAINFO, caBundlePath))
        }
        set(psl_curl_setopt_long(handle, CURLOPT_CERTINFO, 1))
        set(psl_curl_setopt_string(handle, CURLOPT_USERAGENT, configuration.userAgent))
        set(psl_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        set(psl_curl_setopt_callback(handle, CURLOPT_HEADERFUNCTION, collectDateHeader))
        set(psl_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, statePointer))
        set(psl_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0))
        set(psl_curl_setopt_xferinfo(handle, abortProbeIfCancelled))
        set(psl_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, statePointer))
        guard setupCode == CURLE_OK else {
            return .failure(.transportFailure(String(cString: curl_easy_strerror(setupCode))))
        }

        let started = Date()
        let code = withExtendedLifetime(state) { curl_easy_perform(handle) }
        let finished = Date()
        if code != CURLE_OK {
            if cancellation.isCancelled { return .failure(.cancelled) }
            let bufferText = String(cString: errorBuffer)
            let detail = bufferText.isEmpty ? String(cString: curl_easy_strerror(code)) : bufferText
            return .failure(HTTPError.fromCurl(code, host: host, detail: detail))
        }
        return .success(
            HostProbeResult(
                usesTLS: usesTLS, certificateExpiry: usesTLS ? earliestExpiry(handle) : nil,
                serverDate: state.dateHeader.flatMap(RetryAfter.httpDate),
                localDate: started.addingTimeInterval(finished.timeIntervalSince(started) / 2)))
    }

    private static func earliestExpiry(_ handle: UnsafeMutableRawPointer) -> Date? {
        var info: UnsafeMutablePointer<curl_certinfo>?
        guard psl_curl_getinfo_certinfo(handle, &info) == CURLE_OK, let info, let chain = info.pointee.certinfo
        else { return nil }
        var earliest: Date?
        for index in 0..<Int(info.pointee.num_of_certs) {
            var field = chain[index]
            while let current = field {
                if let data = current.pointee.data {
                    let line = String(cString: data)
                    if line.hasPrefix("Expire date:"), let date = expiryDate(String(line.dropFirst(12))) {
                        earliest = min(earliest ?? date, date)
                    }
                }
                field = current.pointee.next
            }
        }
        return earliest
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}

/// What the probe's header callback keeps. Only the transfer's thread touches it.
private final class ProbeState {
    let cancellation: CancellationFlag
    var dateHeader: String?

    init(cancellation: CancellationFlag) { self.cancellation = cancellation }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> ProbeState {
        Unmanaged<ProbeState>.fromOpaque(pointer!).takeUnretainedValue()
    }
}

private let collectDateHeader: psl_curl_data_cb = { data, size, count, userData in
    let length = size * count
    guard let data else { return length }
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    if let colon = line.firstIndex(of: ":"),
        line[..<colon].trimmingCharacters(in: .whitespaces).lowercased() == "date"
    {
        ProbeState.from(userData).dateHeader = line[line.index(after: colon)...]
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
    return length
}

private let abortProbeIfCancelled: psl_curl_xferinfo_cb = { userData, _, _, _, _ in
    ProbeState.from(userData).cancellation.isCancelled ? 1 : 0
}
