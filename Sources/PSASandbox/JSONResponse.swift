import Foundation
import Hummingbird
import NIOCore

/// Vendor payloads are loose JSON (keys that vary, nulls, mixed arrays), so the sandbox
/// builds them as plain dictionaries rather than Codable types.
enum JSONResponse {
    static func make(_ object: Any, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        let data = JSONWriter.data(object)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The request body as JSON, or nil when it is not JSON.
    static func body(of request: Request, context: SandboxRequestContext) async -> Any? {
        guard let buffer = try? await request.body.collect(upTo: context.maxUploadSize) else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(buffer: buffer), options: [.fragmentsAllowed])
    }

    /// The raw request body as text (form bodies).
    static func text(of request: Request, context: SandboxRequestContext) async -> String {
        guard let buffer = try? await request.body.collect(upTo: context.maxUploadSize) else { return "" }
        return String(buffer: buffer)
    }
}
