import Foundation
import Testing

@testable import PSASandbox

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite struct FaultKnobTests {
    @Test func countedFaultsStrikeTheNextMatchingRequestsInOrder() {
        let knobs = FaultKnobs()
        knobs.inject(.status(503), count: 2, pathContains: "zoneInformation")
        knobs.inject(.htmlPage, pathContains: "zoneInformation")
        #expect(knobs.take(for: "/api/authinfo") == nil)
        #expect(knobs.take(for: "/atservicesrest/v1.0/zoneInformation?user=u") == .status(503))
        #expect(knobs.take(for: "/atservicesrest/v1.0/zoneInformation?user=u") == .status(503))
        #expect(knobs.take(for: "/atservicesrest/v1.0/zoneInformation?user=u") == .htmlPage)
        #expect(knobs.take(for: "/atservicesrest/v1.0/zoneInformation?user=u") == nil)
    }

    @Test func ratedFaultsStrikeTheirShareUntilCleared() {
        let knobs = FaultKnobs()
        knobs.inject(.status(500), rate: 0.2)
        let struck = (0..<10_000).filter { _ in knobs.take(for: "/api/Tickets") != nil }.count
        #expect((1_700...2_300).contains(struck))
        knobs.inject(.dropConnection, rate: 1, pathContains: "/auth/token")
        #expect((0..<20).allSatisfy { _ in knobs.take(for: "/auth/token?tenant=t") != nil })
        knobs.clear()
        #expect((0..<100).allSatisfy { _ in knobs.take(for: "/auth/token?tenant=t") == nil })
    }

    @Test func theControlAPINamesEveryFault() throws {
        let cases: [([String: Any], Fault)] = [
            (["fault": "status", "status": 502], .status(502)),
            (["fault": "status", "status": 429, "retryAfter": 2], .status(429, retryAfter: 2)),
            (["fault": "drop"], .dropConnection),
            (["fault": "reset"], .dropConnection),
            (["fault": "delay", "milliseconds": 10], .delay(milliseconds: 10)),
            (["fault": "html"], .htmlPage),
            (["fault": "empty"], .emptyBody),
            (["fault": "cutoff"], .malformedJSON),
            (["fault": "redirect", "location": "http://127.0.0.1:1/"], .redirect(location: "http://127.0.0.1:1/")),
            (["fault": "commitThenDrop"], .commitThenDrop),
        ]
        for (object, fault) in cases {
            #expect(try FaultControlAPI.fault(object).get() == fault)
        }
        for object: [String: Any] in [
            ["fault": "status"], ["fault": "status", "status": 200], ["fault": "redirect"], ["fault": "explode"], [:],
        ] {
            #expect(throws: FaultControlAPI.Problem.self) { try FaultControlAPI.fault(object).get() }
        }
    }
}

/// The faults over the HTTP control API against a running sandbox, on the discovery and token
/// endpoints of every vendor: each kind strikes exactly the requests it was set for, and the
/// endpoint answers normally after.
@Suite(.serialized) struct FaultControlAPITests {
    struct Answer {
        var status: Int
        var body: Data
        var contentType: String?
        var location: String?
    }

    /// No answer at all: the connection was closed.
    struct NoAnswer: Error {}

    /// Keeps redirects as answers instead of following them.
    final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
        ) {
            completionHandler(nil)
        }
    }

    /// A session of its own for each request, so a fresh connection: a client retries a request
    /// once by itself when a connection it reused is closed without an answer, which would hide
    /// a dropped one.
    static func session() -> URLSession {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 10
        return URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }

    static func send(_ method: String, _ url: String, body: String? = nil, contentType: String? = nil)
        async throws -> Answer
    {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let body { request.httpBody = Data(body.utf8) }
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        let data: Data
        let response: URLResponse
        let session = session()
        defer { session.finishTasksAndInvalidate() }
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw NoAnswer()
        }
        guard let http = response as? HTTPURLResponse else { throw NoAnswer() }
        return Answer(
            status: http.statusCode, body: data, contentType: http.value(forHTTPHeaderField: "Content-Type"),
            location: http.value(forHTTPHeaderField: "Location"))
    }

    struct Endpoint: CustomStringConvertible, Sendable {
        var description: String
        var pathContains: String
        var method: String
        var path: @Sendable (SandboxCredentials) -> String
        var form: (@Sendable (SandboxCredentials) -> String)?
    }

    static let discovery: [Endpoint] = [
        Endpoint(
            description: "Autotask zone lookup", pathContains: "zoneInformation", method: "GET",
            path: { "/atservicesrest/v1.0/zoneInformation?user=\($0.autotaskUsername)" }),
        Endpoint(
            description: "ConnectWise codebase lookup", pathContains: "companyinfo", method: "GET",
            path: { "/login/companyinfo/\($0.connectWiseCompany)" }),
        Endpoint(
            description: "HaloPSA authinfo", pathContains: "authinfo", method: "GET", path: { _ in "/api/authinfo" }),
        Endpoint(
            description: "HaloPSA token", pathContains: "/auth/token", method: "POST",
            path: { "/auth/token?tenant=\($0.haloTenant)" },
            form: { "grant_type=client_credentials&client_id=\($0.haloClientID)&client_secret=\($0.haloClientSecret)" }
        ),
        Endpoint(
            description: "Nerdio's Entra ID token", pathContains: "oauth2", method: "POST",
            path: { "/\($0.nerdioTenant)/oauth2/v2.0/token" },
            form: {
                "grant_type=client_credentials&client_id=\($0.nerdioClientID)&client_secret=\($0.nerdioClientSecret)"
                    + "&scope=\($0.nerdioScope.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
            }),
    ]

    static func call(_ endpoint: Endpoint, base: String, credentials: SandboxCredentials) async throws -> Answer {
        try await send(
            endpoint.method, base + endpoint.path(credentials), body: endpoint.form?(credentials),
            contentType: endpoint.form == nil ? nil : "application/x-www-form-urlencoded")
    }

    static func inject(_ fault: [String: Any], base: String) async throws -> Answer {
        try await send(
            "POST", base + "/sandbox/faults", body: String(decoding: JSONWriter.data(fault), as: UTF8.self),
            contentType: "application/json")
    }

    static func count(_ text: String, base: String) async throws -> Int {
        let answer = try await send("GET", base + "/sandbox/requests?contains=\(text)")
        let object = try JSONSerialization.jsonObject(with: answer.body) as? [String: Any]
        return object?["count"] as? Int ?? -1
    }

    /// What a fault kind looks like to the client.
    static func check(_ kind: String, _ result: Result<Answer, any Error>, on endpoint: Endpoint) {
        switch kind {
        case "drop", "reset":
            #expect(throws: NoAnswer.self, "\(kind) on \(endpoint)") { try result.get() }
        default:
            guard let answer = try? result.get() else {
                Issue.record("\(kind) on \(endpoint): no answer")
                return
            }
            switch kind {
            case "500", "502", "503": #expect(answer.status == Int(kind), "\(kind) on \(endpoint)")
            case "html":
                #expect(answer.status == 200 && answer.contentType == "text/html", "\(kind) on \(endpoint)")
                #expect(String(decoding: answer.body, as: UTF8.self).hasPrefix("<!DOCTYPE html>"))
            case "empty": #expect(answer.status == 200 && answer.body.isEmpty, "\(kind) on \(endpoint)")
            case "cutoff":
                #expect(answer.status == 200 && !answer.body.isEmpty, "\(kind) on \(endpoint)")
                #expect((try? JSONSerialization.jsonObject(with: answer.body)) == nil, "\(kind) on \(endpoint)")
            case "redirect":
                #expect(answer.status == 302 && answer.location == "http://127.0.0.1:9/moved", "\(kind) on \(endpoint)")
            default: Issue.record("unknown kind \(kind)")
            }
        }
    }

    static var kinds: [(name: String, fault: [String: Any])] {
        [
            ("500", ["fault": "status", "status": 500]), ("502", ["fault": "status", "status": 502]),
            ("503", ["fault": "status", "status": 503]), ("html", ["fault": "html"]), ("empty", ["fault": "empty"]),
            ("cutoff", ["fault": "cutoff"]), ("reset", ["fault": "reset"]),
            ("redirect", ["fault": "redirect", "location": "http://127.0.0.1:9/moved"]),
        ]
    }

    /// Runs `body` against a sandbox of its own, stopped after.
    static func withSandbox(_ body: (String, SandboxCredentials) async throws -> Void) async throws {
        let running = try await PSASandbox(configuration: .init(companyCount: 3)).start()
        do {
            try await body(running.endpoints.baseURL, running.endpoints.credentials)
        } catch {
            await running.stop()
            throw error
        }
        await running.stop()
    }

    @Test func everyFaultStrikesTheDiscoveryAndTokenCallsForTheNextNRequestsOnly() async throws {
        try await Self.withSandbox { (base, credentials) async throws in
            for endpoint in Self.discovery {
                let clean = try await Self.call(endpoint, base: base, credentials: credentials)
                #expect(clean.status == 200, "\(endpoint) answers without faults")
                #expect(try JSONSerialization.jsonObject(with: clean.body) is [String: Any], "\(endpoint)")
                for kind in Self.kinds {
                    var fault = kind.fault
                    fault["count"] = 2
                    fault["pathContains"] = endpoint.pathContains
                    #expect(try await Self.inject(fault, base: base).status == 200)
                    // Another endpoint is untouched while the fault waits.
                    let other = Self.discovery.first { $0.pathContains != endpoint.pathContains }!
                    #expect(try await Self.call(other, base: base, credentials: credentials).status == 200)
                    let before = try await Self.count(endpoint.pathContains, base: base)
                    for _ in 0..<2 {
                        let result: Result<Answer, any Error>
                        do {
                            result = .success(try await Self.call(endpoint, base: base, credentials: credentials))
                        } catch {
                            result = .failure(error)
                        }
                        Self.check(kind.name, result, on: endpoint)
                    }
                    let after = try await Self.call(endpoint, base: base, credentials: credentials)
                    #expect(after.status == 200, "\(endpoint) after \(kind.name)")
                    #expect(try await Self.count(endpoint.pathContains, base: base) == before + 3)
                }
            }
        }
    }

    @Test func aRateOnEveryEndpointStrikesUntilCleared() async throws {
        try await Self.withSandbox { (base, credentials) async throws in
            #expect(try await Self.inject(["fault": "status", "status": 503, "rate": 1], base: base).status == 200)
            for endpoint in Self.discovery {
                #expect(
                    try await Self.call(endpoint, base: base, credentials: credentials).status == 503, "\(endpoint)")
            }
            // The knobs themselves never fail.
            #expect(try await Self.count("", base: base) == Self.discovery.count)
            #expect(try await Self.send("DELETE", base + "/sandbox/faults").status == 200)
            for endpoint in Self.discovery {
                #expect(
                    try await Self.call(endpoint, base: base, credentials: credentials).status == 200, "\(endpoint)")
            }
        }
    }

    @Test func badFaultsAreRefusedWithTheReason() async throws {
        try await Self.withSandbox { (base, _) async throws in
            for (fault, reason) in [
                (["fault": "status", "status": 200], "status"),
                (["fault": "status", "status": 503, "rate": 2], "rate"),
                (["fault": "redirect"], "location"), (["fault": "explode"], "html"),
                (["fault": "html", "count": 0], "count"),
            ] as [([String: Any], String)] {
                let answer = try await Self.inject(fault, base: base)
                #expect(answer.status == 400)
                #expect(String(decoding: answer.body, as: UTF8.self).contains(reason), "\(fault)")
            }
        }
    }
}
