import Foundation
import Testing

@testable import PSACore

@Suite struct RetryPolicyTests {
    private let get = HTTPRequest(url: "https://example.com/")
    private func policy(fraction: Double = 1, attempts: Int = 5, budget: Duration = .seconds(60)) -> RetryPolicy {
        RetryPolicy(
            maxAttempts: attempts, baseDelay: .milliseconds(500), maxDelay: .seconds(4), totalBudget: budget,
            randomFraction: { fraction })
    }
    private func response(_ status: Int, _ headers: HTTPHeaders = [:]) -> Result<HTTPResponse, HTTPError> {
        .success(HTTPResponse(status: status, headers: headers))
    }

    @Test func backOffDoublesUpToTheCapWithFullJitter() {
        let full = policy(fraction: 1)
        #expect(
            (1...5).map { full.backOff(beforeRetry: $0) } == [
                .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(4),
            ])
        let quarter = policy(fraction: 0.25)
        #expect(
            (1...3).map { quarter.backOff(beforeRetry: $0) } == [
                .milliseconds(125), .milliseconds(250), .milliseconds(500),
            ])
        #expect(policy(fraction: 0).backOff(beforeRetry: 3) == .zero)
    }

    @Test(arguments: [408, 429, 500, 501, 502, 503, 504, 599])
    func retriesThrottlingTimeoutsAndEveryServerError(status: Int) {
        #expect(
            policy().decision(after: response(status), attempt: 2, request: get, elapsed: .zero)
                == .retry(after: .seconds(1)))
    }

    @Test(arguments: [200, 201, 204, 301, 400, 401, 403, 404, 409, 422])
    func doesNotRetryOtherStatuses(status: Int) {
        #expect(policy().decision(after: response(status), attempt: 1, request: get, elapsed: .zero) == .stop)
    }

    @Test func retriesResetsAndCannotConnectOnlyWhenAskedTo() {
        let reset = policy().decision(after: .failure(.connectionReset), attempt: 1, request: get, elapsed: .zero)
        #expect(reset == .retry(after: .milliseconds(500)))
        let handshake = policy().decision(
            after: .failure(.tlsHandshakeAborted("reset")), attempt: 1, request: get, elapsed: .zero)
        #expect(handshake == .retry(after: .milliseconds(500)))
        #expect(
            policy().decision(after: .failure(.cannotConnect("h")), attempt: 1, request: get, elapsed: .zero) == .stop)
        var lenient = policy()
        lenient.retriesCannotConnect = true
        #expect(
            lenient.decision(after: .failure(.cannotConnect("h")), attempt: 1, request: get, elapsed: .zero) != .stop)
        for error: HTTPError in [
            .timedOut, .unknownHost("h"), .tlsFailure("x"), .cancelled, .responseTooLarge(limit: 1),
        ] {
            #expect(policy().decision(after: .failure(error), attempt: 1, request: get, elapsed: .zero) == .stop)
        }
    }

    @Test func stopsAfterTheLastAttempt() {
        let three = policy(attempts: 3)
        #expect(three.decision(after: response(503), attempt: 2, request: get, elapsed: .zero) != .stop)
        #expect(three.decision(after: response(503), attempt: 3, request: get, elapsed: .zero) == .stop)
    }

    @Test func nonIdempotentMethodsAreRetriedOnlyWhenMarkedRetryable() {
        for method in [HTTPMethod.post, .patch] {
            var request = HTTPRequest(method: method, url: "https://example.com/tickets")
            #expect(policy().decision(after: response(503), attempt: 1, request: request, elapsed: .zero) == .stop)
            #expect(
                policy().decision(after: .failure(.connectionReset), attempt: 1, request: request, elapsed: .zero)
                    == .stop)
            request.retryable = true
            #expect(policy().decision(after: response(503), attempt: 1, request: request, elapsed: .zero) != .stop)
        }
        let put = HTTPRequest(method: .put, url: "https://example.com/tickets/1")
        #expect(policy().decision(after: response(502), attempt: 1, request: put, elapsed: .zero) != .stop)
    }

    @Test func honoursRetryAfterSecondsAndDates() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let seconds = policy().decision(
            after: response(429, ["Retry-After": "7"]), attempt: 1, request: get, elapsed: .zero, now: now)
        #expect(seconds == .retry(after: .seconds(7)))
        let date = policy().decision(
            after: response(503, ["retry-after": "Tue, 14 Nov 2023 22:13:40 GMT"]), attempt: 1, request: get,
            elapsed: .zero, now: now)
        #expect(date == .retry(after: .seconds(20)))
    }

    @Test func stopsWhenTheWaitWouldExceedTheBudget() {
        let budgeted = policy(budget: .seconds(10))
        #expect(
            budgeted.decision(after: response(429, ["Retry-After": "30"]), attempt: 1, request: get, elapsed: .zero)
                == .stop)
        #expect(
            budgeted.decision(after: response(503), attempt: 2, request: get, elapsed: .milliseconds(9_500)) == .stop)
        #expect(
            budgeted.decision(after: response(503), attempt: 2, request: get, elapsed: .seconds(8))
                == .retry(after: .seconds(1)))
    }
}

@Suite struct RetryAfterTests {
    private let now = Date(timeIntervalSince1970: 1_700_000_000)  // Tue, 14 Nov 2023 22:13:20 GMT

    @Test func parsesDeltaSeconds() {
        #expect(RetryAfter.delay(from: "120", now: now) == .seconds(120))
        #expect(RetryAfter.delay(from: " 0 ", now: now) == .zero)
    }

    @Test func parsesHTTPDatesInAllThreeForms() {
        #expect(RetryAfter.delay(from: "Tue, 14 Nov 2023 22:14:20 GMT", now: now) == .seconds(60))
        #expect(RetryAfter.delay(from: "Tuesday, 14-Nov-23 22:14:20 GMT", now: now) == .seconds(60))
        #expect(RetryAfter.delay(from: "Tue Nov 14 22:14:20 2023", now: now) == .seconds(60))
    }

    @Test func aDateInThePastMeansNoWait() {
        #expect(RetryAfter.delay(from: "Tue, 14 Nov 2023 22:00:00 GMT", now: now) == .zero)
    }

    @Test(arguments: ["", "soon", "-5", "1.5", "Tue, 99 Nov 2023"])
    func rejectsOtherValues(value: String) {
        #expect(RetryAfter.delay(from: value, now: now) == nil)
    }
}
