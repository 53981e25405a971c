import Foundation
import Hummingbird

/// `/sandbox/faults` and `/sandbox/requests`: the fault knobs and request log over HTTP, so
/// that tests and demos driving `psalink sandbox` from outside the process can make a PSA
/// slow, failing or unreachable for a while. Not part of any vendor's API.
///
/// `POST /sandbox/faults` `{"fault": "status"|"delay"|"drop"|"commitThenDrop", "status": 503,
/// "retryAfter": 1, "milliseconds": 2000, "count": 1, "pathContains": "/Tickets"}`, or with
/// `"rate": 0.05` instead of `count` to strike that share of requests until cleared;
/// `DELETE /sandbox/faults` clears them; `GET /sandbox/requests?contains=TEXT` → `{"count": N}`.
struct FaultControlAPI {
    let faults: FaultKnobs

    func register(on router: Router<SandboxRequestContext>) {
        router.post("/sandbox/faults") { request, context in
            guard let object = await JSONResponse.body(of: request, context: context) as? [String: Any],
                let fault = Self.fault(object)
            else {
                return JSONResponse.make(
                    ["message": "expected {\"fault\": \"status\"|\"delay\"|\"drop\"|\"commitThenDrop\", ...}"],
                    status: .badRequest)
            }
            let path = object["pathContains"] as? String
            if let rate = object["rate"] as? Double {
                guard (0...1).contains(rate) else {
                    return JSONResponse.make(["message": "rate must be between 0 and 1"], status: .badRequest)
                }
                faults.inject(fault, rate: rate, pathContains: path)
                return JSONResponse.make(["rate": rate])
            }
            let count = (object["count"] as? Int) ?? 1
            faults.inject(fault, count: count, pathContains: path)
            return JSONResponse.make(["injected": count])
        }
        router.delete("/sandbox/faults") { _, _ in
            faults.clear()
            return JSONResponse.make(["cleared": true])
        }
        router.get("/sandbox/requests") { request, _ in
            let text = request.uri.queryParameters.get("contains") ?? ""
            return JSONResponse.make(["count": faults.requests(containing: text)])
        }
    }

    static func fault(_ object: [String: Any]) -> Fault? {
        switch object["fault"] as? String {
        case "status":
            guard let status = object["status"] as? Int, (400...599).contains(status) else { return nil }
            return .status(status, retryAfter: object["retryAfter"] as? Int)
        case "delay":
            guard let milliseconds = object["milliseconds"] as? Int, milliseconds >= 0 else { return nil }
            return .delay(milliseconds: milliseconds)
        case "drop": return .dropConnection
        case "commitThenDrop": return .commitThenDrop
        default: return nil
        }
    }
}
