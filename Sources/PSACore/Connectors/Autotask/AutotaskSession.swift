import Synchronization

/// What one connector learns once and reuses: the API user's zone and the entity field
/// information (picklists), which change only when an admin edits them in Autotask.
final class AutotaskSession: Sendable {
    private let fields = Mutex<[String: [AutotaskWire.Field]]>([:])
    /// `{zone url}/v1.0/`.
    let zone = SharedLookup<String>()
    let limiter = AutotaskEndpointLimiter()

    func fields(of entity: String) -> [AutotaskWire.Field]? {
        fields.withLock { $0[entity] }
    }

    func remember(fields entityFields: [AutotaskWire.Field], of entity: String) {
        fields.withLock { $0[entity] = entityFields }
    }
}
