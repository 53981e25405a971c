import Foundation
import Hummingbird
import NIOCore
import PSACore

/// The HTTP side of `serve`: `POST /events` and `GET /metrics` behind the bearer token, and
/// `GET /health`.
struct EventServer: Sendable {
    let endpoint: EventEndpoint
    let token: BearerToken
    let maximumBodyBytes: Int
    let metrics: ServiceMetrics
    let log: ServiceLog
    /// Told when events were stored, so that delivery starts at once.
    let eventsArrived: @Sendable () -> Void

    func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.post("/events") { request, _ in await receive(request) }
        router.get("/health") { _, _ in health() }
        router.get("/metrics") { request, _ in scrape(request) }
        return router
    }

    private func receive(_ request: Request) async -> Response {
        guard token.accepts(authorization: request.headers[.authorization]) else {
            refused(.unauthorized, "no valid bearer token")
            return Self.unauthorized()
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maximumBodyBytes {
            await Self.discard(request.body)
            refused(.tooLarge, "the body is larger than the limit")
            return Self.tooLarge(maximumBodyBytes)
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maximumBodyBytes)
        } catch is NIOTooManyBytesError {
            await Self.discard(request.body)
            refused(.tooLarge, "the body is larger than the limit")
            return Self.tooLarge(maximumBodyBytes)
        } catch {
            refused(.unreadable, "the body could not be read")
            return Self.json(.badRequest, ["error": "the body could not be read"])
        }
        let answer = await endpoint.receive(Data(buffer: body))
        switch answer {
        case .accepted(let items):
            count(items)
            eventsArrived()
            return Self.json(.accepted, ["events": items])
        case .refused(let reason, let items):
            count(items)
            refused(.invalid, reason)
            return Self.json(.badRequest, Refusal(error: reason, events: items))
        case .unavailable(let reason):
            metrics.refused(.unavailable)
            log.eventsNotStored(reason)
            return Self.json(.serviceUnavailable, ["error": "the events were not stored: \(reason)"])
        }
    }

    private func refused(_ refusal: ServiceMetrics.Refusal, _ reason: String) {
        metrics.refused(refusal)
        log.intakeRefused(reason)
    }

    /// Counts the body's events by their state, and logs each refused one.
    private func count(_ items: [EventEndpoint.Item]) {
        for result in ServiceMetrics.IntakeResult.allCases {
            let matching = items.filter { $0.state == result.rawValue }
            if !matching.isEmpty { metrics.received(result, count: matching.count) }
        }
        for item in items where item.state == ServiceMetrics.IntakeResult.rejected.rawValue {
            log.intakeRefused(item.error ?? "refused", eventID: item.id)
        }
    }

    private func scrape(_ request: Request) -> Response {
        guard token.accepts(authorization: request.headers[.authorization]) else { return Self.unauthorized() }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
    }

    private static func unauthorized() -> Response {
        var response = json(.unauthorized, ["error": "a valid bearer token is required"])
        response.headers[.wwwAuthenticate] = "Bearer"
        return response
    }

    private func health() -> Response {
        guard let pending = try? endpoint.store.pendingEvents() else {
            return Self.json(.serviceUnavailable, ["status": "the database cannot be read"])
        }
        return Self.json(.ok, Health(status: "ok", pending: pending.count))
    }

    private struct Refusal: Encodable {
        var error: String
        var events: [EventEndpoint.Item]
    }

    private struct Health: Encodable {
        var status: String
        var pending: Int
    }

    /// Most clients read the answer only after sending the whole body, so a refused body is
    /// read and thrown away (up to 64 MB) before the 413; beyond that the connection closes.
    private static func discard(_ body: RequestBody) async {
        var seen = 0
        do {
            for try await chunk in body {
                seen += chunk.readableBytes
                if seen > 64 << 20 { break }
            }
        } catch {}
    }

    private static func tooLarge(_ limit: Int) -> Response {
        var response = json(
            .contentTooLarge, ["error": "the body is larger than \(limit / 1_024) KB; send fewer events per request"])
        response.headers[.connection] = "close"
        return response
    }

    private static func json(_ status: HTTPResponse.Status, _ value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
