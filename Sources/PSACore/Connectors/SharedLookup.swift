import Synchronization

/// A value a connector looks up once and then reuses for the life of the process (Autotask's
/// zone, ConnectWise's codebase). However many calls need it at the same moment, one lookup
/// is in flight and they all wait for it. A failed lookup is not kept, so the next caller
/// tries again; `forget()` drops a value the PSA has said is wrong.
final class SharedLookup<Value: Sendable>: Sendable {
    private typealias Lookup = Task<Result<Value, ConnectorError>, Never>

    private enum State {
        case unknown
        case looking(Lookup)
        case known(Value)
    }

    private enum Step {
        case done(Value)
        case wait(Lookup)
    }

    private let state = Mutex(State.unknown)

    /// The value, if it has been looked up.
    var known: Value? {
        state.withLock { state in
            if case .known(let value) = state { return value }
            return nil
        }
    }

    func value(lookUp: @escaping @Sendable () async throws(ConnectorError) -> Value) async throws(ConnectorError)
        -> Value
    {
        let step = state.withLock { state -> Step in
            switch state {
            case .known(let value): return .done(value)
            case .looking(let lookup): return .wait(lookup)
            case .unknown:
                let lookup = Lookup {
                    do throws(ConnectorError) {
                        return .success(try await lookUp())
                    } catch {
                        return .failure(error)
                    }
                }
                state = .looking(lookup)
                return .wait(lookup)
            }
        }
        switch step {
        case .done(let value):
            return value
        case .wait(let lookup):
            let result = await lookup.value
            state.withLock { state in
                guard case .looking(let running) = state, running == lookup else { return }
                switch result {
                case .success(let value): state = .known(value)
                case .failure: state = .unknown
                }
            }
            return try result.get()
        }
    }

    /// Drops the value, so that the next caller looks it up again.
    func forget() {
        state.withLock { state in
            if case .known = state { state = .unknown }
        }
    }
}
