import Foundation
import Testing

@testable import PSACore

/// The client over real libcurl against `LoopbackHTTPServer`.
@Suite struct HTTPClientTests {
    private let client = HTTPClient(configuration: .init(connectTimeout: .seconds(5), totalTimeout: .seconds(20)))
    private let quickRetries = RetryPolicy(
        maxAttempts: 3, baseDelay: .milliseconds(50), maxDelay: .milliseconds(200), totalBudget: .seconds(60))

    private func withServer(_ body: (LoopbackHTTPServer) async throws -> Void) async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        try await body(server)
    }

    private func expectError(_ expected: HTTPError, _ operation: () async throws(HTTPError) -> HTTPResponse) async {
        do {
            let response = try await operation()
            Issue.record("expected \(expected), got status \(response.status)")
        } catch {
            #expect(error == expected)
        }
    }

    @Test func getSendsHeadersAndParsesRepeatedResponseHeaders() async throws {
        try await withServer { server in
            server.respond(
                to: "/companies",
                with: .status(
                    200,
                    headers: [
                        ("Content-Type", "application/json"), ("Link", "<https://x/?page=2>; rel=\"next\""),
                        ("link", "<https://x/?page=9>; rel=\"last\""),
                    ], body: "[1,2]"))
            let request = HTTPRequest(
                url: server.baseURL + "/companies?page=1", headers: ["Accept": "application/json", "clientId": "abc"])
            let response = try await client.send(request)
            #expect(response.status == 200)
            #expect(response.text == "[1,2]")
            #expect(response.headers["content-type"] == "application/json")
            #expect(
                response.headers.values(for: "LINK") == [
                    "<https://x/?page=2>; rel=\"next\"", "<https://x/?page=9>; rel=\"last\"",
                ])
            let received = try #require(server.received.first)
            #expect(received.method == "GET")
            #expect(received.target == "/companies?page=1")
            #expect(received.headers["Accept"] == "application/json")
            #expect(received.headers["clientId"] == "abc")
            #expect(received.body.isEmpty)
        }
    }

    @Test func postSendsJSONBodyAndOtherMethodsArriveAsGiven() async throws {
        try await withServer { server in
            server.respond(to: "/tickets", with: .status(201, body: "{\"id\":7}"))
            let json = Data(#"[{"summary":"Disk full","note":"ünïcode"}]"#.utf8)
            let response = try await client.send(.json(.post, url: server.baseURL + "/tickets", body: json))
            #expect(response.status == 201)
            for method in [HTTPMethod.put, .patch, .delete] {
                _ = try await client.send(
                    HTTPRequest(method: method, url: server.baseURL + "/tickets", body: Data("{}".utf8)))
            }
            let received = server.received
            #expect(received.map(\.method) == ["POST", "PUT", "PATCH", "DELETE"])
            #expect(received[0].body == json)
            #expect(received[0].headers["Content-Type"] == "application/json")
            #expect(received[0].headers["Expect"] == nil)
            #expect(received[1].body == Data("{}".utf8))
        }
    }

    @Test func throttledRequestIsRetriedAfterRetryAfterThenSucceeds() async throws {
        try await withServer { server in
            server.respond(to: "/busy", with: .status(429, headers: [("Retry-After", "1")]), .status(200, body: "ok"))
            let response = try await client.send(HTTPRequest(url: server.baseURL + "/busy"), retry: quickRetries)
            #expect(response.status == 200)
            #expect(response.text == "ok")
            #expect(server.hits("/busy") == 2)
        }
    }

    @Test(arguments: [400, 401, 403, 404])
    func clientErrorsAreReturnedWithoutRetry(status: Int) async throws {
        try await withServer { server in
            server.respond(to: "/denied", with: .status(status, body: "{\"error\":\"no\"}"))
            let response = try await client.send(HTTPRequest(url: server.baseURL + "/denied"), retry: quickRetries)
            #expect(response.status == status)
            #expect(server.hits("/denied") == 1)
        }
    }

    @Test func persistentServerErrorStopsAtMaxAttemptsAndReturnsTheLastResponse() async throws {
        try await withServer { server in
            server.respond(to: "/down", with: .status(503))
            let response = try await client.send(HTTPRequest(url: server.baseURL + "/down"), retry: quickRetries)
            #expect(response.status == 503)
            #expect(server.hits("/down") == 3)
        }
    }

    @Test func resetConnectionIsRetriedThenSucceeds() async throws {
        try await withServer { server in
            server.respond(to: "/flaky", with: .closeWithoutAnswer, .status(200, body: "fine"))
            let response = try await client.send(HTTPRequest(url: server.baseURL + "/flaky"), retry: quickRetries)
            #expect(response.text == "fine")
            #expect(server.hits("/flaky") == 2)
        }
    }

    @Test func resetPostIsRetriedOnlyWhenMarkedRetryable() async throws {
        try await withServer { server in
            server.respond(to: "/create", with: .closeWithoutAnswer, .status(201))
            var request = HTTPRequest.json(.post, url: server.baseURL + "/create", body: Data("{}".utf8))
            await expectError(.connectionReset) { () async throws(HTTPError) in
                try await client.send(request, retry: quickRetries)
            }
            #expect(server.hits("/create") == 1)

            server.respond(to: "/create", with: .closeWithoutAnswer, .status(201))
            request.retryable = true
            let response = try await client.send(request, retry: quickRetries)
            #expect(response.status == 201)
            #expect(server.hits("/create") == 3)
        }
    }

    @Test func exceedingTheTotalTimeoutThrowsTimedOut() async throws {
        try await withServer { server in
            server.respond(to: "/slow", with: CannedResponse(delay: .seconds(5)))
            var request = HTTPRequest(url: server.baseURL + "/slow")
            request.totalTimeout = .milliseconds(500)
            await expectError(.timedOut) { () async throws(HTTPError) in try await client.send(request) }
        }
    }

    @Test func unresolvableHostThrowsUnknownHost() async {
        await expectError(.unknownHost("nonexistent.invalid")) { () async throws(HTTPError) in
            try await client.send(HTTPRequest(url: "https://nonexistent.invalid/"))
        }
    }

    @Test func closedLoopbackPortThrowsCannotConnect() async throws {
        try await withClosedLoopbackPort { port in
            await expectError(.cannotConnect("127.0.0.1")) { () async throws(HTTPError) in
                try await client.send(HTTPRequest(url: "http://127.0.0.1:\(port)/"))
            }
        }
    }

    @Test func insecureURLIsRefusedBeforeAnyConnection() async {
        await expectError(.insecureURL("http is only allowed to loopback hosts; use https for example.com")) {
            () async throws(HTTPError) in
            try await client.send(HTTPRequest(url: "http://example.com/"))
        }
    }

    @Test func largeBodiesArriveWholeUpToTheLimitAndAbortBeyondIt() async throws {
        try await withServer { server in
            let large = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            server.respond(to: "/large", with: CannedResponse(body: large))
            let response = try await client.send(HTTPRequest(url: server.baseURL + "/large"))
            #expect(response.body == large)

            let limited = HTTPClient(configuration: .init(maxResponseBytes: 1 << 20))
            await expectError(.responseTooLarge(limit: 1 << 20)) { () async throws(HTTPError) in
                try await limited.send(HTTPRequest(url: server.baseURL + "/large"))
            }
        }
    }

    @Test func cancellingTheTaskAbortsASlowRequestQuickly() async throws {
        try await withServer { server in
            server.respond(to: "/forever", with: CannedResponse(delay: .seconds(60)))
            let client = client
            let url = server.baseURL + "/forever"
            let started = ContinuousClock.now
            let task = Task { () async throws(HTTPError) -> HTTPResponse in
                try await client.send(HTTPRequest(url: url), retry: .standard)
            }
            try await Task.sleep(for: .milliseconds(300))
            task.cancel()
            let result = await task.result
            #expect(throws: HTTPError.cancelled) { try result.get() }
            // The answer would take 60 s; well under that means the cancel aborted the transfer.
            // The margin is wide because other tests load this machine's two cores meanwhile.
            #expect(ContinuousClock.now - started < .seconds(30))
        }
    }

    @Test func redirectsAreReturnedNotFollowed() async throws {
        try await withServer { server in
            server.respond(to: "/old", with: .status(302, headers: [("Location", server.baseURL + "/new")]))
            server.respond(to: "/new", with: .status(200))
            let response = try await client.send(HTTPRequest(url: server.baseURL + "/old"))
            #expect(response.status == 302)
            #expect(response.isRedirect)
            #expect(response.headers["location"] == server.baseURL + "/new")
            #expect(server.hits("/new") == 0)
        }
    }

    @Test func requestsRunConcurrently() async throws {
        try await withServer { server in
            server.respond(to: "/wait", with: CannedResponse(delay: .seconds(1)))
            let client = client
            let url = server.baseURL + "/wait"
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await client.send(HTTPRequest(url: url)).status }
                }
                for try await status in group {
                    #expect(status == 200)
                }
            }
            #expect(server.peakOpenRequests == 4)
        }
    }

    @Test func noSecretAppearsInAnyErrorDescription() async throws {
        try await withClosedLoopbackPort { port in
            try await expectNoSecretInErrors(closedPort: port)
        }
    }

    private func expectNoSecretInErrors(closedPort port: UInt16) async throws {
        let secrets = ["TOPSECRETQUERY", "BEARERTOKEN123", "INTEGRATIONCODE9", "BODYPASSWORD"]
        let headers: HTTPHeaders = ["Authorization": "Bearer BEARERTOKEN123", "ApiIntegrationCode": "INTEGRATIONCODE9"]
        let body = Data(#"{"password":"BODYPASSWORD"}"#.utf8)
        let urls = [
            "https://nonexistent.invalid/x?client_secret=TOPSECRETQUERY",
            "http://127.0.0.1:\(port)/x?client_secret=TOPSECRETQUERY",
            "http://example.com/x?client_secret=TOPSECRETQUERY",
            "https://user:TOPSECRETQUERY@example.com/",
            "gopher://example.com/?client_secret=TOPSECRETQUERY",
        ]
        var failures = 0
        for url in urls {
            let request = HTTPRequest(method: .post, url: url, headers: headers, body: body)
            do {
                _ = try await client.send(request)
            } catch {
                failures += 1
                for text in [error.description, error.localizedDescription, "\(error)", request.description] {
                    for secret in secrets {
                        #expect(!text.contains(secret), "\(secret) leaked in: \(text)")
                    }
                }
            }
        }
        #expect(failures == urls.count)
    }
}
