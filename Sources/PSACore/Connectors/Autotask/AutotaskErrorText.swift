import Foundation

/// Autotask's error text: the `errors` array joined (AT4 `extractErrors`, AT3 `$ErrResp.errors`).
enum AutotaskErrorText {
    static func describe(_ response: HTTPResponse) -> VendorErrorText {
        if let items = errors(in: response.body), !items.isEmpty {
            let fields = Set(items.compactMap(\.field))
            return VendorErrorText(
                field: fields.count == 1 ? fields.first : nil,
                message: items.map(\.message).filter { !$0.isEmpty }.joined(separator: "; "))
        }
        if let body = try? AutotaskWire.decoder().decode(AutotaskWire.ErrorBody.self, from: response.body),
            let message = body.message, !message.isEmpty
        {
            return VendorErrorText(message: message)
        }
        return VendorErrorText(message: fallback(for: response))
    }

    /// The vendor's messages when the body carries a non-empty `errors` array; AT4 treats
    /// such a body as a failure even under a 200 status.
    static func errors(in body: Data) -> [AutotaskWire.ErrorItem]? {
        guard let decoded = try? AutotaskWire.decoder().decode(AutotaskWire.ErrorBody.self, from: body),
            let items = decoded.errors, !items.isEmpty
        else { return nil }
        return items
    }

    private static func fallback(for response: HTTPResponse) -> String {
        let text = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty || text.hasPrefix("<") { return "HTTP status \(response.status)" }
        return String(text.prefix(300))
    }
}
