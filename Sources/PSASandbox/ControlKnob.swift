import Foundation
import Hummingbird

/// Why a sandbox control knob (`/sandbox/tickets`, `/sandbox/companies`, `/sandbox/required`)
/// refused what it was sent: 400, or the status given, with `{"message": "..."}`.
struct ControlProblem: Error, Equatable {
    var message: String
    var status: HTTPResponse.Status = .badRequest

    var response: Response { JSONResponse.make(["message": message], status: status) }
}

extension ControlProblem {
    /// An id or name given as text or a number, as text; nil for anything else.
    static func id(_ value: Any?) -> String? {
        guard let value, !(value is NSNull), FaultControlAPI.flag(value) == nil else { return nil }
        switch value {
        case let text as String:
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        case let number as Int: return String(number)
        default: return nil
        }
    }
}

extension Router where Context == SandboxRequestContext {
    /// `POST path` with a JSON object, answered with what `act` makes of it, or with the problem
    /// it names; a body that is not a JSON object is told what `shape` is expected.
    func controlKnob(
        _ path: RouterPath, expecting shape: String,
        _ act: @escaping @Sendable ([String: Any]) throws(ControlProblem) -> [String: Any]
    ) {
        post(path) { request, context in
            guard let object = await JSONResponse.body(of: request, context: context) as? [String: Any] else {
                return ControlProblem(message: "expected \(shape)").response
            }
            do throws(ControlProblem) {
                return JSONResponse.make(try act(object))
            } catch {
                return error.response
            }
        }
    }
}
