import Foundation
import Hummingbird

/// `/sandbox/faults`, `/sandbox/requests` and `/sandbox/ratelimit`: the fault knobs, request
/// log and rate limits over HTTP, so
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
///
/// Two more kinds set standing conditions rather than faults for some requests:
/// - `{"fault": "ratelimit", "psa": "halo"|"connectwise"|"autotask", "count": 30,
///   "seconds": 10, "retryAfter": true}`: from now on at most `count` requests to that PSA are
///   accepted in any rolling window of `seconds`, the rest answered 429 in the vendor's error
///   shape, with `Retry-After` unless `"retryAfter": false`. Answers the limit back.
/// - `{"fault": "usage", "count": 6000}`: other integrations' Autotask requests this hour,
///   added to `currentTimeframeRequestCount` in `ThresholdInformation`. Answers `{"usage": N}`.
///
/// `DELETE /sandbox/faults` clears every fault, rate limit, rate statistic and the Autotask
/// usage. `GET /sandbox/requests?contains=TEXT` answers `{"count": N}`, the requests received
/// whose method, path and query (`"GET /api/authinfo"`) contain TEXT, all of them without it;
/// the knobs' own requests are not counted. `GET /sandbox/ratelimit` answers each PSA's
/// statistics, `{"halo": {"accepted": N, "throttled": N, "early": N, "attemptedMaxInWindow": N},
/// "connectwise": {...}, "autotask": {...}}` (see `RateLimitStatistics`).
struct FaultControlAPI {
    let faults: FaultKnobs
    let rateLimits: RateLimits

    static let kinds =
        "\"status\"|\"drop\"|\"reset\"|\"delay\"|\"html\"|\"empty\"|\"cutoff\"|\"redirect\"|\"commitThenDrop\""
        + "|\"ratelimit\"|\"usage\""

    func register(on router: Router<SandboxRequestContext>) {
        router.post("/sandbox/faults") { request, context in
            guard let object = await JSONResponse.body(of: request, context: context) as? [String: Any] else {
                return JSONResponse.make(["message": "expected {\"fault\": \(Self.kinds), ...}"], status: .badRequest)
            }
            if let standing = standing(object) { return standing }
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
            rateLimits.clear()
            return JSONResponse.make(["cleared": true])
        }
        router.get("/sandbox/ratelimit") { _, _ in
            var answer: [String: Any] = [:]
            for psa in SandboxPSA.allCases {
                let statistics = rateLimits.statistics(psa)
                answer[psa.rawValue] = [
                    "accepted": statistics.accepted, "throttled": statistics.throttled, "early": statistics.early,
                    "attemptedMaxInWindow": statistics.attemptedMaxInWindow,
                ]
            }
            return JSONResponse.make(answer)
        }
        router.get("/sandbox/requests") { request, _ in
            let text = request.uri.queryParameters.get("contains") ?? ""
            return JSONResponse.make(["count": faults.requests(containing: text)])
        }
    }

    struct Problem: Error, Equatable {
        let message: String
    }

    /// Sets the rate limit or Autotask usage an object names and answers, or nil when it names
    /// a fault.
    private func standing(_ object: [String: Any]) -> Response? {
        switch object["fault"] as? String {
        case "ratelimit":
            switch Self.rateLimit(object) {
            case .success(let (psa, limit)):
                rateLimits.limit(psa, count: limit.count, seconds: limit.seconds, retryAfter: limit.retryAfter)
                return JSONResponse.make([
                    "psa": psa.rawValue, "count": limit.count, "seconds": limit.seconds,
                    "retryAfter": limit.retryAfter,
                ])
            case .failure(let problem): return JSONResponse.make(["message": problem.message], status: .badRequest)
            }
        case "usage":
            guard let count = Self.integer(object["count"]), count >= 0 else {
                return JSONResponse.make(
                    ["message": "a usage needs \"count\", 0 or more requests"], status: .badRequest)
            }
            rateLimits.setAutotaskExternalUsage(count)
            return JSONResponse.make(["usage": count])
        default: return nil
        }
    }

    /// The PSA and limit a `ratelimit` object names, or what is wrong with it.
    static func rateLimit(_ object: [String: Any]) -> Result<(SandboxPSA, RateLimits.Limit), Problem> {
        guard let name = object["psa"] as? String, let psa = SandboxPSA(rawValue: name) else {
            return .failure(Problem(message: "a ratelimit needs \"psa\": \"halo\", \"connectwise\" or \"autotask\""))
        }
        guard let count = integer(object["count"]), count >= 1 else {
            return .failure(Problem(message: "a ratelimit needs \"count\", 1 or more requests"))
        }
        guard let seconds = number(object["seconds"]), seconds > 0, seconds <= 86_400 else {
            return .failure(Problem(message: "a ratelimit needs \"seconds\", more than 0 and at most 86400"))
        }
        var retryAfter = true
        if let value = object["retryAfter"] {
            guard let flag = flag(value) else {
                return .failure(Problem(message: "retryAfter must be true or false"))
            }
            retryAfter = flag
        }
        return .success((psa, RateLimits.Limit(count: count, seconds: seconds, retryAfter: retryAfter)))
    }

    /// JSON true and false arrive as NSNumbers that would also pass as 1 and 0: tell them
    /// apart by the type they were made from.
    private static func isFlag(_ value: Any) -> Bool {
        if value is Bool, !(type(of: value) is NSNumber.Type) { return true }
        guard let number = value as? NSNumber, type(of: value) is NSNumber.Type else { return false }
        let kind = String(cString: number.objCType)
        return kind == "c" || kind == "B"
    }

    static func flag(_ value: Any) -> Bool? {
        isFlag(value) ? value as? Bool : nil
    }

    private static func integer(_ value: Any?) -> Int? {
        guard let value, !isFlag(value) else { return nil }
        return value as? Int
    }

    private static func number(_ value: Any?) -> Double? {
        guard let value, !isFlag(value) else { return nil }
        return value as? Double
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
