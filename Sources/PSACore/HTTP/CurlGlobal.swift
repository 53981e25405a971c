import CCurl

/// curl_global_init is not thread-safe and must run once before any handle exists; a static let
/// is initialised exactly once, under a lock, on first use.
enum CurlGlobal {
    static let isInitialized: Bool = curl_global_init(psl_curl_global_default()) == CURLE_OK
}
