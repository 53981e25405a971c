import Hummingbird
import NIOCore

/// Records every request, answers 429 to those over their PSA's rate limit, and applies
/// injected faults to the rest before (or, for `commitThenDrop`, after) the real handler. The
/// limit comes first so that a throttled request leaves a waiting fault for the next one, and
/// faults strike accepted requests as they would behind a real PSA's throttle.
struct FaultMiddleware: RouterMiddleware {
    let faults: FaultKnobs
    let rateLimits: RateLimits

    func handle(
        _ request: Request, context: SandboxRequestContext,
        next: (Request, SandboxRequestContext) async throws -> Response
    ) async throws -> Response {
        let target = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        faults.record("\(request.method) \(target)")
        if let psa = SandboxPSA(path: request.uri.path),
            case .throttle(let limit, let retryAfter) = rateLimits.admit(psa)
        {
            return psa.tooManyRequests(limit, retryAfter: retryAfter)
        }
        guard let fault = faults.take(for: target) else { return try await next(request, context) }
        switch fault {
        case .status(let status, let retryAfter):
            var headers: HTTPFields = [.contentType: "application/json"]
            if let retryAfter { headers[.retryAfter] = String(retryAfter) }
            let body = "{\"message\":\"sandbox fault: status \(status)\"}"
            return Response(
                status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
        case .dropConnection:
            try? await context.channel.close()
            throw HTTPError(.internalServerError)
        case .delay(let milliseconds):
            try await Task.sleep(for: .milliseconds(milliseconds))
            return try await next(request, context)
        case .htmlPage:
            let page = "<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>"
            return Response(
                status: .ok, headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(string: page)))
        case .malformedJSON:
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: "{\"items\": [ {\"id\": 1,")))
        case .emptyBody:
            return Response(status: .ok, headers: [.contentType: "application/json"])
        case .redirect(let location):
            return Response(status: .found, headers: [.location: location])
        case .commitThenDrop:
            _ = try await next(request, context)
            try? await context.channel.close()
            throw HTTPError(.internalServerError)
        }
    }
}
