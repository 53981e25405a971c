import Foundation
import Testing

@testable import PSASandbox

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The rolling window on a clock the test moves, so that the exact Retry-After and the early
/// count do not depend on how fast the machine is.
@Suite struct RateLimitWindowTests {
    static let start = ContinuousClock.now

    static func at(_ seconds: Double) -> ContinuousClock.Instant { start + .seconds(seconds) }

    @Test func pathsBelongToThePSATheRouterSendsThemTo() {
        let cases: [(String, SandboxPSA?)] = [
            ("/api/AuthInfo", .halo), ("/api/tickets", .halo), ("/auth/token", .halo),
            ("/login/companyinfo/psalink", .connectwise), ("/v4_6_release/apis/3.0/system/info", .connectwise),
            ("/atservicesrest/v1.0/zoneInformation", .autotask), ("/ATServicesRest/V1.0/Tickets/query", .autotask),
            ("/AtServicesRest/v1.0/thresholdinformation", .autotask),
            ("/rest-api/v1/accounts", nil), ("/9f8e7d6c/oauth2/v2.0/token", nil), ("/auth/oauth2/v2.0/token", nil),
            ("/sandbox/faults", nil), ("/apis/x", nil), ("/", nil), ("", nil),
        ]
        for (path, psa) in cases {
            #expect(SandboxPSA(path: path) == psa, "\(path)")
        }
    }

    @Test func retryAfterIsTheWholeSecondsUntilTheOldestAcceptedRequestLeaves() {
        let limits = RateLimits()
        limits.limit(.connectwise, count: 3, seconds: 10, retryAfter: true)
        for time in [0.0, 1, 2] {
            #expect(limits.admit(.connectwise, at: Self.at(time)) == .accept)
        }
        let limit = RateLimits.Limit(count: 3, seconds: 10, retryAfter: true)
        #expect(limits.admit(.connectwise, at: Self.at(2.5)) == .throttle(limit, retryAfter: 8))
        #expect(limits.admit(.connectwise, at: Self.at(9.999)) == .throttle(limit, retryAfter: 1))
        // The oldest leaves at 10; the next (at 1) at 11, under a second later.
        #expect(limits.admit(.connectwise, at: Self.at(10)) == .accept)
        #expect(limits.admit(.connectwise, at: Self.at(10.2)) == .throttle(limit, retryAfter: 1))
        #expect(limits.admit(.connectwise, at: Self.at(10.3)) == .throttle(limit, retryAfter: 1))
        // Everything from 9.999 on came before the 429 at 9.999 said to retry (10.999).
        #expect(
            limits.statistics(.connectwise)
                == RateLimitStatistics(accepted: 4, throttled: 4, early: 4, attemptedMaxInWindow: 7))
    }

    @Test func earlyRequestsCountWhetherAcceptedOrThrottled() {
        let limits = RateLimits()
        limits.limit(.halo, count: 2, seconds: 1, retryAfter: true)
        #expect(limits.admit(.halo, at: Self.at(0)) == .accept)
        #expect(limits.admit(.halo, at: Self.at(0.5)) == .accept)
        // Retry-After 1 (0.4 s rounded up): clients should wait until 1.6.
        #expect(limits.admit(.halo, at: Self.at(0.6)) != .accept)
        #expect(limits.statistics(.halo).early == 0)
        #expect(limits.admit(.halo, at: Self.at(0.7)) != .accept)
        // The request at 0 has left, so this one is accepted, but it came before 1.6.
        #expect(limits.admit(.halo, at: Self.at(1.1)) == .accept)
        #expect(limits.admit(.halo, at: Self.at(2.0)) == .accept)
        #expect(
            limits.statistics(.halo)
                == RateLimitStatistics(accepted: 4, throttled: 2, early: 2, attemptedMaxInWindow: 4)
        )
    }

    @Test func withoutALimitEveryRequestIsAcceptedAndCounted() {
        let limits = RateLimits()
        for index in 0..<50 {
            #expect(limits.admit(.autotask, at: Self.at(Double(index) / 100)) == .accept)
        }
        #expect(limits.statistics(.autotask) == RateLimitStatistics(accepted: 50))
        #expect(limits.statistics(.halo) == RateLimitStatistics())
        limits.limit(.autotask, count: 1, seconds: 1, retryAfter: false)
        #expect(limits.admit(.autotask, at: Self.at(1)) == .accept)
        #expect(
            limits.admit(.autotask, at: Self.at(1.1))
                == .throttle(RateLimits.Limit(count: 1, seconds: 1, retryAfter: false), retryAfter: nil))
        limits.clear()
        #expect(limits.statistics(.autotask) == RateLimitStatistics())
        #expect(limits.admit(.autotask, at: Self.at(1.2)) == .accept)
    }

    @Test func autotaskUsageIsTheLastHoursAcceptedRequestsPlusTheExternalBaseline() {
        let limits = RateLimits()
        limits.setAutotaskExternalUsage(6000)
        limits.limit(.autotask, count: 3, seconds: 60, retryAfter: true)
        for time in [0.0, 10, 20, 30, 40] {
            _ = limits.admit(.autotask, at: Self.at(time))
        }
        _ = limits.admit(.halo, at: Self.at(40))
        // Three accepted, two throttled, and HaloPSA's request is not Autotask's.
        #expect(limits.autotaskTimeframeRequestCount(at: Self.at(500)) == 6003)
        // An hour on, the requests leave one by one.
        #expect(limits.autotaskTimeframeRequestCount(at: Self.at(3600)) == 6002)
        #expect(limits.autotaskTimeframeRequestCount(at: Self.at(3615)) == 6001)
        limits.setAutotaskExternalUsage(10)
        #expect(limits.autotaskTimeframeRequestCount(at: Self.at(3615)) == 11)
    }

    /// Knob objects as they arrive: parsed from JSON text, with NSNumbers for numbers and flags.
    static func parsed(_ json: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
    }

    @Test func theControlAPIReadsARateLimit() throws {
        let good: [(String, SandboxPSA, RateLimits.Limit)] = [
            (
                #"{"fault":"ratelimit","psa":"halo","count":30,"seconds":10,"retryAfter":true}"#, .halo,
                .init(count: 30, seconds: 10, retryAfter: true)
            ),
            (
                #"{"fault":"ratelimit","psa":"connectwise","count":5,"seconds":0.5}"#, .connectwise,
                .init(count: 5, seconds: 0.5, retryAfter: true)
            ),
            (
                #"{"fault":"ratelimit","psa":"autotask","count":1,"seconds":3600,"retryAfter":false}"#, .autotask,
                .init(count: 1, seconds: 3600, retryAfter: false)
            ),
        ]
        for (json, psa, limit) in good {
            let (parsedPSA, parsedLimit) = try FaultControlAPI.rateLimit(Self.parsed(json)).get()
            #expect(parsedPSA == psa, "\(json)")
            #expect(parsedLimit == limit, "\(json)")
        }
        for json in [
            #"{"fault":"ratelimit","count":5,"seconds":1}"#,
            #"{"fault":"ratelimit","psa":"nerdio","count":5,"seconds":1}"#,
            #"{"fault":"ratelimit","psa":"halo","seconds":1}"#,
            #"{"fault":"ratelimit","psa":"halo","count":0,"seconds":1}"#,
            #"{"fault":"ratelimit","psa":"halo","count":2.5,"seconds":1}"#,
            #"{"fault":"ratelimit","psa":"halo","count":true,"seconds":1}"#,
            #"{"fault":"ratelimit","psa":"halo","count":5}"#,
            #"{"fault":"ratelimit","psa":"halo","count":5,"seconds":0}"#,
            #"{"fault":"ratelimit","psa":"halo","count":5,"seconds":"10"}"#,
            #"{"fault":"ratelimit","psa":"halo","count":5,"seconds":1,"retryAfter":1}"#,
            #"{"fault":"ratelimit","psa":"halo","count":5,"seconds":1,"retryAfter":"yes"}"#,
        ] {
            #expect(throws: FaultControlAPI.Problem.self, "\(json)") {
                try FaultControlAPI.rateLimit(Self.parsed(json)).get()
            }
        }
    }
}

/// The rate limits over the HTTP control API against a running sandbox, with short windows.
@Suite(.serialized) struct RateLimitControlAPITests {
    struct Answer {
        var status: Int
        var body: Data
        var retryAfter: String?

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    static func send(_ method: String, _ url: String, body: String? = nil, headers: [String: String] = [:])
        async throws -> Answer
    {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let session = FaultControlAPITests.session()
        defer { session.finishTasksAndInvalidate() }
        let (data, response) = try await session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return Answer(status: http.statusCode, body: data, retryAfter: http.value(forHTTPHeaderField: "Retry-After"))
    }

    static func knob(_ object: [String: Any], base: String) async throws -> Answer {
        try await send("POST", base + "/sandbox/faults", body: String(decoding: JSONWriter.data(object), as: UTF8.self))
    }

    static func statistics(base: String) async throws -> [String: [String: Int]] {
        let answer = try await send("GET", base + "/sandbox/ratelimit")
        return (try JSONSerialization.jsonObject(with: answer.body) as? [String: [String: Int]]) ?? [:]
    }

    static func halo(base: String) async throws -> Answer {
        try await send("GET", base + "/api/authinfo")
    }

    static func connectWise(base: String, credentials: SandboxCredentials) async throws -> Answer {
        try await send("GET", base + "/login/companyinfo/\(credentials.connectWiseCompany)")
    }

    static func autotaskZone(base: String, credentials: SandboxCredentials) async throws -> Answer {
        try await send("GET", base + "/atservicesrest/v1.0/zoneInformation?user=\(credentials.autotaskUsername)")
    }

    @Test func aLimitIsHonouredAndSaysWhenToRetry() async throws {
        try await FaultControlAPITests.withSandbox { (base, _) async throws in
            // A window of a minute keeps the eight requests inside it however busy the machine
            // is; waiting out a Retry-After is the next test's.
            let set = try await Self.knob(["fault": "ratelimit", "psa": "halo", "count": 5, "seconds": 60], base: base)
            #expect(set.status == 200)
            #expect(set.json["retryAfter"] as? Bool == true, "retryAfter defaults to true")
            var statuses: [Int] = []
            var throttled: [Answer] = []
            for _ in 0..<8 {
                let answer = try await Self.halo(base: base)
                statuses.append(answer.status)
                if answer.status == 429 { throttled.append(answer) }
            }
            #expect(statuses == [200, 200, 200, 200, 200, 429, 429, 429])
            for answer in throttled {
                // The oldest of the five leaves within the window: whole seconds, rounded up.
                #expect((1...60).contains(Int(answer.retryAfter ?? "") ?? 0))
                #expect(answer.json["ClassName"] as? String == "RateLimit")
                #expect(
                    answer.json["Message"] as? String == "Rate Limit Reached - 5 Requests per rolling 60 second window")
            }
            let halo = try await Self.statistics(base: base)["halo"] ?? [:]
            #expect(halo["accepted"] == 5)
            #expect(halo["throttled"] == 3)
            // The second and third 429 came within the first one's Retry-After.
            #expect(halo["early"] == 2)
            #expect(halo["attemptedMaxInWindow"] == 8)
        }
    }

    @Test func waitingTheRetryAfterIsEnoughForAnOlderWindow() async throws {
        try await FaultControlAPITests.withSandbox { (base, credentials) async throws in
            #expect(
                try await Self.knob(["fault": "ratelimit", "psa": "connectwise", "count": 3, "seconds": 5], base: base)
                    .status == 200)
            let started = ContinuousClock.now
            for _ in 0..<3 {
                #expect(try await Self.connectWise(base: base, credentials: credentials).status == 200)
            }
            try await Task.sleep(for: .milliseconds(600))
            let answer = try await Self.connectWise(base: base, credentials: credentials)
            let elapsed = ContinuousClock.now - started
            #expect(answer.status == 429)
            #expect(answer.json["code"] as? String == "TooManyRequests")
            #expect((answer.json["message"] as? String)?.contains("3 Requests per rolling 5 second window") == true)
            #expect(answer.json["errors"] as? [Any] != nil)
            // The first request leaves the window 5 s after it came, at least 0.6 s ago: 4.4 s or
            // less from now, and more than 4 s unless the calls took a second. (A window of a few
            // seconds keeps the four requests inside it on a busy machine.)
            let retryAfter = try #require(answer.retryAfter.flatMap { Int($0) })
            if elapsed < .seconds(1) {
                #expect(retryAfter == 5)
            } else {
                #expect((1...5).contains(retryAfter))
            }
            try await Task.sleep(for: .seconds(retryAfter))
            #expect(try await Self.connectWise(base: base, credentials: credentials).status == 200)
            let connectWise = try await Self.statistics(base: base)["connectwise"] ?? [:]
            #expect(connectWise["early"] == 0)
        }
    }

    @Test func withoutRetryAfterA429SaysNothingOfWhenToRetry() async throws {
        try await FaultControlAPITests.withSandbox { (base, credentials) async throws in
            let set = try await Self.knob(
                ["fault": "ratelimit", "psa": "autotask", "count": 2, "seconds": 1, "retryAfter": false], base: base)
            #expect(set.status == 200)
            var statuses: [Int] = []
            for _ in 0..<5 {
                let answer = try await Self.autotaskZone(base: base, credentials: credentials)
                statuses.append(answer.status)
                if answer.status == 429 {
                    #expect(answer.retryAfter == nil)
                    #expect(
                        answer.json["errors"] as? [String] == [
                            "Request rate exceeded: 2 Requests per rolling 1 second window."
                        ])
                }
            }
            #expect(statuses == [200, 200, 429, 429, 429])
            let autotask = try await Self.statistics(base: base)["autotask"] ?? [:]
            #expect(autotask == ["accepted": 2, "throttled": 3, "early": 0, "attemptedMaxInWindow": 5])
        }
    }

    @Test func otherPSAsAndNerdioAreUnaffected() async throws {
        try await FaultControlAPITests.withSandbox { (base, credentials) async throws in
            #expect(
                try await Self.knob(["fault": "ratelimit", "psa": "halo", "count": 1, "seconds": 30], base: base).status
                    == 200)
            #expect(try await Self.halo(base: base).status == 200)
            #expect(try await Self.halo(base: base).status == 429)
            for _ in 0..<5 {
                #expect(try await Self.connectWise(base: base, credentials: credentials).status == 200)
                #expect(try await Self.autotaskZone(base: base, credentials: credentials).status == 200)
                // Unauthorised, but never throttled.
                #expect(try await Self.send("GET", base + "/rest-api/v1/accounts").status == 401)
            }
            let statistics = try await Self.statistics(base: base)
            #expect(statistics["halo"]?["throttled"] == 1)
            #expect(
                statistics["connectwise"] == ["accepted": 5, "throttled": 0, "early": 0, "attemptedMaxInWindow": 0])
            #expect(statistics["autotask"] == ["accepted": 5, "throttled": 0, "early": 0, "attemptedMaxInWindow": 0])
            // Clearing the faults lifts the limit and starts the counts afresh.
            #expect(try await Self.send("DELETE", base + "/sandbox/faults").status == 200)
            #expect(try await Self.halo(base: base).status == 200)
            #expect(try await Self.statistics(base: base)["halo"]?["accepted"] == 1)
        }
    }

    @Test func injectedFaultsStrikeAcceptedRequestsOnly() async throws {
        try await FaultControlAPITests.withSandbox { (base, _) async throws in
            #expect(
                try await Self.knob(["fault": "ratelimit", "psa": "halo", "count": 1, "seconds": 30], base: base).status
                    == 200)
            #expect(try await Self.halo(base: base).status == 200)
            #expect(try await Self.knob(["fault": "status", "status": 503], base: base).status == 200)
            // Throttled before the fault, which waits for a request the PSA accepts.
            #expect(try await Self.halo(base: base).status == 429)
            #expect(
                try await Self.knob(["fault": "ratelimit", "psa": "halo", "count": 2, "seconds": 30], base: base).status
                    == 200)
            #expect(try await Self.halo(base: base).status == 503)
            #expect(try await Self.halo(base: base).status == 429)
        }
    }

    @Test func badKnobsAreRefusedNamingTheField() async throws {
        try await FaultControlAPITests.withSandbox { (base, _) async throws in
            for (knob, field) in [
                (["fault": "ratelimit", "psa": "nerdio", "count": 5, "seconds": 1], "psa"),
                (["fault": "ratelimit", "count": 5, "seconds": 1], "psa"),
                (["fault": "ratelimit", "psa": "halo", "count": 0, "seconds": 1], "count"),
                (["fault": "ratelimit", "psa": "halo", "seconds": 1], "count"),
                (["fault": "ratelimit", "psa": "halo", "count": 5, "seconds": -1], "seconds"),
                (["fault": "ratelimit", "psa": "halo", "count": 5, "seconds": "1"], "seconds"),
                (["fault": "ratelimit", "psa": "halo", "count": 5, "seconds": 1, "retryAfter": "yes"], "retryAfter"),
                (["fault": "usage", "count": -1], "count"), (["fault": "usage"], "count"),
            ] as [([String: Any], String)] {
                let answer = try await Self.knob(knob, base: base)
                #expect(answer.status == 400, "\(knob)")
                #expect((answer.json["message"] as? String)?.contains(field) == true, "\(knob): \(answer.text)")
            }
            // None of them set a limit.
            for _ in 0..<10 { #expect(try await Self.halo(base: base).status == 200) }
            let set = try await Self.knob(
                ["fault": "ratelimit", "psa": "connectwise", "count": 7, "seconds": 2.5, "retryAfter": false],
                base: base)
            #expect(set.status == 200)
            #expect(set.json["psa"] as? String == "connectwise")
            #expect(set.json["count"] as? Int == 7)
            #expect(set.json["seconds"] as? Double == 2.5)
            #expect(set.json["retryAfter"] as? Bool == false)
            let usage = try await Self.knob(["fault": "usage", "count": 6000], base: base)
            #expect(usage.status == 200 && usage.json["usage"] as? Int == 6000)
        }
    }

    @Test func thresholdInformationCountsAcceptedAutotaskRequestsAndTheBaseline() async throws {
        try await FaultControlAPITests.withSandbox { (base, credentials) async throws in
            let headers = [
                "ApiIntegrationCode": credentials.autotaskIntegrationCode, "UserName": credentials.autotaskUsername,
                "Secret": credentials.autotaskSecret,
            ]
            let url = base + "/ATServicesRest/V1.0/ThresholdInformation"
            #expect(
                try await Self.knob(["fault": "ratelimit", "psa": "autotask", "count": 3, "seconds": 30], base: base)
                    .status == 200)
            var statuses: [Int] = []
            for _ in 0..<5 { statuses.append(try await Self.autotaskZone(base: base, credentials: credentials).status) }
            #expect(statuses == [200, 200, 200, 429, 429])
            // Other PSAs' requests are not Autotask's.
            for _ in 0..<4 { _ = try await Self.halo(base: base) }
            #expect(try await Self.knob(["fault": "usage", "count": 6000], base: base).status == 200)
            // A larger limit keeps the window, so that the threshold call itself gets through.
            #expect(
                try await Self.knob(["fault": "ratelimit", "psa": "autotask", "count": 100, "seconds": 30], base: base)
                    .status == 200)
            let first = try await Self.send("GET", url, headers: headers)
            #expect(first.status == 200)
            #expect(first.json["externalRequestThreshold"] as? Int == 10000)
            #expect(first.json["requestThresholdTimeframe"] as? Int == 60)
            // Three zone lookups and this call, on top of the other integrations' 6000.
            #expect(first.json["currentTimeframeRequestCount"] as? Int == 6004)
            #expect(try await Self.knob(["fault": "usage", "count": 0], base: base).status == 200)
            let second = try await Self.send("GET", url, headers: headers)
            #expect(second.json["currentTimeframeRequestCount"] as? Int == 5)
        }
    }
}
