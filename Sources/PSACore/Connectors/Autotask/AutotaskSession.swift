import Synchronization

/// What one connector learns once and reuses: the API user's zone and the entity field
/// information (picklists), which change only when an admin edits them in Autotask.
final class AutotaskSession: Sendable {
    private let fields = Mutex<[String: SharedLookup<[AutotaskWire.Field]>]>([:])
    /// `{zone url}/v1.0/`.
    let zone = SharedLookup<String>()
    let limiter = AutotaskEndpointLimiter()

    /// The field information of `entity`, read once however many calls need it at a time.
    func fields(of entity: String) -> SharedLookup<[AutotaskWire.Field]> {
        fields.withLock { known in
            if let lookup = known[entity] { return lookup }
            let lookup = SharedLookup<[AutotaskWire.Field]>()
            known[entity] = lookup
            return lookup
        }
    }
}
