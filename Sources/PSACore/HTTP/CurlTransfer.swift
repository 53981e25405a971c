import CCurl
import Foundation

/// What libcurl's callbacks collect during one curl_easy_perform. Only the transfer's own thread
/// touches it, so it needs no lock.
private final class TransferState {
    let maxBodyBytes: Int
    let cancellation: CancellationFlag
    var body = Data()
    var headers = HTTPHeaders()
    var exceededBodyLimit = false

    init(maxBodyBytes: Int, cancellation: CancellationFlag) {
        self.maxBodyBytes = maxBodyBytes
        self.cancellation = cancellation
    }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> TransferState {
        Unmanaged<TransferState>.fromOpaque(pointer!).takeUnretainedValue()
    }
}

/// One blocking libcurl easy transfer. Call it on a thread that may block for the whole timeout.
enum CurlTransfer {
    static func perform(
        _ request: HTTPRequest, host: String, configuration: HTTPClient.Configuration, cancellation: CancellationFlag
    ) -> Result<HTTPResponse, HTTPError> {
        guard CurlGlobal.isInitialized else {
            return .failure(.transportFailure("libcurl could not be initialised"))
        }
        guard !cancellation.isCancelled else {
            return .failure(.cancelled)
        }
        guard let handle = curl_easy_init() else {
            return .failure(.transportFailure("libcurl could not create a transfer handle"))
        }
        defer { curl_easy_cleanup(handle) }

        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for field in request.headers {
            // "Name;" is curl's syntax for sending a header with an empty value.
            let line = field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)"
            headerList = curl_slist_append(headerList, line)
        }
        if request.headers["Expect"] == nil {
            // Without this curl waits up to a second for "100 Continue" before sending a large body.
            headerList = curl_slist_append(headerList, "Expect:")
        }

        let errorBufferSize = Int(psl_curl_error_size())
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: errorBufferSize)
        errorBuffer.initialize(repeating: 0, count: errorBufferSize)
        defer { errorBuffer.deallocate() }

        let state = TransferState(maxBodyBytes: configuration.maxResponseBytes, cancellation: cancellation)
        let statePointer = Unmanaged.passUnretained(state).toOpaque()

        let connectTimeout = request.connectTimeout ?? configuration.connectTimeout
        let totalTimeout = request.totalTimeout ?? configuration.totalTimeout

        var setupCode = CURLE_OK
        func set(_ code: CURLcode) {
            if setupCode == CURLE_OK { setupCode = code }
        }
        set(psl_curl_setopt_string(handle, CURLOPT_URL, request.url))
        set(psl_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        set(psl_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        set(psl_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(connectTimeout)))
        set(psl_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds(totalTimeout)))
        set(psl_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0))
        set(psl_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1))
        set(psl_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2))
        if let caBundlePath = configuration.caBundlePath {
            set(psl_curl_setopt_string(handle, CURLOPT_CAINFO, caBundlePath))
        }
        set(psl_curl_setopt_string(handle, CURLOPT_USERAGENT, configuration.userAgent))
        if request.readsCertificateExpiry { set(psl_curl_setopt_long(handle, CURLOPT_CERTINFO, 1)) }
        // An empty string asks for every encoding curl can decode; the body limit then applies to
        // the decoded size, which is what ends up in memory.
        set(psl_curl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, ""))
        set(psl_curl_setopt_off(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(configuration.maxResponseBytes)))
        set(psl_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))
        set(psl_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))

        set(psl_curl_setopt_callback(handle, CURLOPT_WRITEFUNCTION, appendBody))
        set(psl_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, statePointer))
        set(psl_curl_setopt_callback(handle, CURLOPT_HEADERFUNCTION, collectHeader))
        set(psl_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, statePointer))
        set(psl_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0))
        set(psl_curl_setopt_xferinfo(handle, abortIfCancelled))
        set(psl_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, statePointer))

        setMethodAndBody(handle, request, set)

        guard setupCode == CURLE_OK else {
            return .failure(.transportFailure(String(cString: curl_easy_strerror(setupCode))))
        }

        let code = withExtendedLifetime(state) { curl_easy_perform(handle) }

        if state.exceededBodyLimit || code == CURLE_FILESIZE_EXCEEDED {
            return .failure(.responseTooLarge(limit: configuration.maxResponseBytes))
        }
        if code != CURLE_OK {
            if cancellation.isCancelled {
                return .failure(.cancelled)
            }
            let bufferText = String(cString: errorBuffer)
            let detail = bufferText.isEmpty ? String(cString: curl_easy_strerror(code)) : bufferText
            return .failure(HTTPError.fromCurl(code, host: host, detail: detail))
        }
        var status = 0
        _ = psl_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(
            HTTPResponse(
                status: status, headers: state.headers, body: state.body,
                certificateExpiry: request.readsCertificateExpiry ? CertificateExpiry.earliest(in: handle) : nil))
    }

    private static func setMethodAndBody(
        _ handle: UnsafeMutableRawPointer, _ request: HTTPRequest, _ set: (CURLcode) -> Void
    ) {
        if request.method == .head {
            set(psl_curl_setopt_long(handle, CURLOPT_NOBODY, 1))
            return
        }
        if request.body != nil || request.method == .post {
            let body = request.body ?? Data()
            set(psl_curl_setopt_long(handle, CURLOPT_POST, 1))
            set(psl_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count))
            // COPYPOSTFIELDS copies the bytes, so the Data need not outlive this call.
            body.withUnsafeBytes { bytes in
                let emptyBody: StaticString = ""
                let pointer = bytes.baseAddress ?? UnsafeRawPointer(emptyBody.utf8Start)
                set(psl_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: pointer)))
            }
        }
        if request.method != .get && request.method != .post {
            set(psl_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method.rawValue))
        } else if request.method == .get && request.body != nil {
            set(psl_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, "GET"))
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        // curl reads 0 as "no timeout"; the shortest real timeout is 1 ms.
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}

// libcurl calls these as C function pointers, so they capture nothing and find the transfer's
// state through the user-data pointer.

private let appendBody: psl_curl_data_cb = { data, size, count, userData in
    let state = TransferState.from(userData)
    let length = size * count
    guard state.body.count + length <= state.maxBodyBytes else {
        state.exceededBodyLimit = true
        return 0
    }
    if let data, length > 0 {
        state.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length)
    }
    return length
}

private let collectHeader: psl_curl_data_cb = { data, size, count, userData in
    let state = TransferState.from(userData)
    let length = size * count
    guard let data else {
        return length
    }
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    if line.hasPrefix("HTTP/") {
        // A new status line (after "100 Continue", say): the headers belong to the final response.
        state.headers = HTTPHeaders()
    } else if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].trimmingCharacters(in: .whitespaces)
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        state.headers.add(name: name, value: value)
    }
    return length
}

private let abortIfCancelled: psl_curl_xferinfo_cb = { userData, _, _, _, _ in
    TransferState.from(userData).cancellation.isCancelled ? 1 : 0
}
