import Foundation
import Hummingbird

/// `/sandbox/faults` and `/sandbox/requests`: the fault knobs and request log over HTTP, so
/// that tests and demos driving `psalink sandbox` from outside the process can make a PSA
/// slow, failing or unreachable for a while. Not part of any vendor's API, and never faulty
/// itself.
///
/// `POST /sandbox/faults` with a JSON object:
/// - `"fault"`, one of
///   - `"status"` with `"status": 500` (400 to 599) and optionally `"retryAfter": 1` (seconds);
///   - `"drop"` (or `"reset"`): the connection is closed without an answer;
///   - `"delay"` with `"milliseconds": 2000`, then the request is handled normally;
///   - `"html"`: 200 with an HTML sign-in page, as a proxy or login page would answer;
///   - `"empty"`: 200 with no body where JSON is due;
///   - `"cutoff"`: 200 with JSON cut off part way;
///   - `"redirect"` with `"location": "https://..."`: 302 to that address;
///   - `"commitThenDrop"`: the request is carried out (a ticket is created), then the
///     connection is closed instead of answering;
/// - `"count": 3` (1 unless given): the next that many matching requests meet the fault; or
///   `"rate": 0.2` (0 to 1) instead: that share of matching requests does, until cleared;
/// - `"pathContains": "/Tickets"` (optional): only requests whose path and query contain the
///   text, as the client spelled it, match; without it every request does. The discovery and
///   token calls match like any other: `zoneInformation` (Autotask), `companyinfo`
///   (ConnectWise), `authinfo` and `/auth/token` (HaloPSA), `oauth2` (Nerdio's Entra ID).
///
/// It answers `{"injected": N}` or `{"rate": R}`, or 400 naming what is wrong.
/// `DELETE /sandbox/faults` clears every fault. `GET /sandbox/requests?contains=TEXT` answers
/// `{"count": N}`, the requests received whose method, path and query (`"GET /api/authinfo"`)
/// contain TEXT, all of them without it; the knobs' own requests are not counted.
struct FaultControlAPI {
    let faults: FaultKnobs

    static let kinds =
        "\"status\"|\"drop\"|\"reset\"|\"delay\"|\"html\"|\"empty\"|\"cutoff\"|\"redirect\"|\"commitThenDrop\""

    func register(on router: Router<SandboxRequestContext>) {
        router.post("/sandbox/faults") { request, context in
            guard let object = await JSONResponse.body(of: request, context: context) as? [String: Any] else {
                return JSONResponse.make(["message": "expected {\"fault\": \(Self.kinds), ...}"], status: .badRequest)
            }
            let fault: Fault
            switch Self.fault(object) {
            case .success(let parsed): fault = parsed
            case .failure(let problem): return JSONResponse.make(["message": problem.message], status: .badRequest)
            }
            if object["pathContains"] != nil, !(object["pathContains"] is String) {
                return JSONResponse.make(["message": "pathContains must be text"], status: .badRequest)
            }
            let path = object["pathContains"] as? String
            if let value = object["rate"] {
                guard let rate = value as? Double, (0...1).contains(rate) else {
                    return JSONResponse.make(["message": "rate must be a number between 0 and 1"], status: .badRequest)
                }
                faults.inject(fault, rate: rate, pathContains: path)
                return JSONResponse.make(["rate": rate])
            }
            let count = (object["count"] as? Int) ?? 1
            guard count >= 1 else {
                return JSONResponse.make(["message": "count must be 1 or more"], status: .badRequest)
            }
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

    struct Problem: Error, Equatable {
        let message: String
    }

    /// The fault an object names, or what is wrong with it.
    static func fault(_ object: [String: Any]) -> Result<Fault, Problem> {
        switch object["fault"] as? String {
        case "status":
            guard let status = object["status"] as? Int, (400...599).contains(status) else {
                return .failure(Problem(message: "a status fault needs \"status\" between 400 and 599"))
            }
            if object["retryAfter"] != nil, object["retryAfter"] as? Int == nil {
                return .failure(Problem(message: "retryAfter must be whole seconds"))
            }
            return .success(.status(status, retryAfter: object["retryAfter"] as? Int))
        case "delay":
            guard let milliseconds = object["milliseconds"] as? Int, milliseconds >= 0 else {
                return .failure(Problem(message: "a delay fault needs \"milliseconds\", 0 or more"))
            }
            return .success(.delay(milliseconds: milliseconds))
        case "drop", "reset": return .success(.dropConnection)
        case "html": return .success(.htmlPage)
        case "empty": return .success(.emptyBody)
        case "cutoff": return .success(.malformedJSON)
        case "redirect":
            guard let location = object["location"] as? String, !location.isEmpty else {
                return .failure(Problem(message: "a redirect fault needs \"location\""))
            }
            return .success(.redirect(location: location))
        case "commitThenDrop": return .success(.commitThenDrop)
        default: return .failure(Problem(message: "expected {\"fault\": \(kinds), ...}"))
        }
    }
}
