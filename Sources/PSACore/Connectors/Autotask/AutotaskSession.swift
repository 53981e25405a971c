import Synchronization

/// What one connector learns once and reuses: the API user's zone and the entity field
/// information (picklists), which change only when an admin edits them in Autotask.
final class AutotaskSession: Sendable {
    private struct State {
        var apiBase: String?
        var fields: [String: [AutotaskWire.Field]] = [:]
    }

    private let state = Mutex(State())
    let limiter = AutotaskEndpointLimiter()

    var apiBase: String? { state.withLock { $0.apiBase } }

    func remember(apiBase: String) {
        state.withLock { $0.apiBase = apiBase }
    }

    func fields(of entity: String) -> [AutotaskWire.Field]? {
        state.withLock { $0.fields[entity] }
    }

    func remember(fields: [AutotaskWire.Field], of entity: String) {
        state.withLock { $0.fields[entity] = fields }
    }
}
