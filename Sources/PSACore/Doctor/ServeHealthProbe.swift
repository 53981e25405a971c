import Foundation

/// How `GET /health` on a recorded serve went.
public enum ServeAnswer: Sendable, Equatable {
    case answered(status: Int)
    case failed(HTTPError)
}

/// Asks a recorded `serve` for `GET /health`.
public enum ServeHealthProbe {
    /// The health address of a serve listening at `listenURL`: a wildcard address (0.0.0.0, ::)
    /// is asked on loopback, where it also listens.
    public static func healthURL(listenURL: String) -> String? {
        guard var components = URLComponents(string: listenURL), let host = components.host else { return nil }
        switch host {
        case "0.0.0.0", "": components.host = "127.0.0.1"
        case "::", "[::]": components.host = "[::1]"
        default: break
        }
        components.path = "/health"
        return components.string
    }

    /// Goes straight to libcurl rather than through `HTTPClient`: the address is serve's own,
    /// recorded by serve, and may be a LAN address that `URLPolicy` (written for PSAs) refuses
    /// over plain http. It is also no PSA request, so it is neither observed nor budgeted.
    public static func ask(_ instance: ServeInstance, timeout: Duration) async -> ServeAnswer {
        guard let url = healthURL(listenURL: instance.listenURL), let host = URLComponents(string: url)?.host else {
            return .failed(.invalidURL("serve recorded \"\(instance.listenURL)\""))
        }
        let configuration = HTTPClient.Configuration(connectTimeout: timeout, totalTimeout: timeout)
        let cancellation = CancellationFlag()
        let result: Result<HTTPResponse, HTTPError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let worker = Thread {
                    continuation.resume(
                        returning: CurlTransfer.perform(
                            HTTPRequest(url: url), host: host, configuration: configuration,
                            cancellation: cancellation))
                }
                worker.name = "psalink.serve-health"
                worker.start()
            }
        } onCancel: {
            cancellation.cancel()
        }
        switch result {
        case .success(let response): return .answered(status: response.status)
        case .failure(let error): return .failed(error)
        }
    }
}
