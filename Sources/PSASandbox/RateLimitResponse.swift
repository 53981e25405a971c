import Foundation
import Hummingbird

extension SandboxPSA {
    /// The 429 this PSA answers over its limit, in the vendor's own error shape, so that a
    /// client's error reading is exercised as well as its backing off: HaloPSA's
    /// `ClassName`/`Message` object, ConnectWise's `code`/`message`/`errors`, Autotask's
    /// `errors` list.
    func tooManyRequests(_ limit: RateLimits.Limit, retryAfter: Int?) -> Response {
        var headers: HTTPFields = [:]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        let window = "\(limit.count) Requests per rolling \(Self.seconds(limit.seconds)) second window"
        let body: [String: Any]
        switch self {
        case .halo:
            body = ["ClassName": "RateLimit", "Message": "Rate Limit Reached - \(window)"]
        case .connectwise:
            body = ["code": "TooManyRequests", "message": "Too many requests: \(window).", "errors": [Any]()]
        case .autotask:
            body = ["errors": ["Request rate exceeded: \(window)."]]
        }
        return JSONResponse.make(body, status: .tooManyRequests, headers: headers)
    }

    /// Whole seconds without a fraction, as the vendors write them.
    private static func seconds(_ value: Double) -> String {
        value == value.rounded() && value < 1e15 ? String(Int(value)) : String(value)
    }
}
