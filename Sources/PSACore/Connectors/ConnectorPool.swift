import Synchronization

/// One connector per set of credentials for the life of the process, so that everything a
/// connector learns once (Autotask's zone, ConnectWise's codebase, HaloPSA's token endpoint and
/// tokens, Autotask's per-endpoint limits) is learnt once and shared by every caller: each
/// wizard load, check and test ticket, and every delivery worker built on the pool.
///
/// Connectors are looked up by the whole credentials value, so changed credentials (a new
/// secret, another company) get a connector of their own and never a token or zone learnt
/// with the old ones. The pool keeps the `capacity` most recently used; an admin who tries
/// many candidate credentials in the wizard does not make it grow without end.
public final class ConnectorPool: Sendable {
    private struct Entry {
        var credentials: Credentials
        var connector: any PSAConnector
    }

    private let make: @Sendable (Credentials) -> any PSAConnector
    private let capacity: Int
    /// Most recently used last.
    private let entries = Mutex<[Entry]>([])

    /// A pool whose connectors are built through `PSAConnectors.make` on `client`, each drawing
    /// from its tenant's budget in `budgets`.
    public convenience init(
        client: HTTPClient, budgets: RateBudgets?, retry: RetryPolicy = .standard, capacity: Int = 32
    ) {
        self.init(capacity: capacity) { PSAConnectors.make($0, client: client, retry: retry, budgets: budgets) }
    }

    /// A pool over another way to build connectors (tests substitute theirs).
    public init(capacity: Int = 32, make: @escaping @Sendable (Credentials) -> any PSAConnector) {
        self.make = make
        self.capacity = max(capacity, 1)
    }

    /// The connector for `credentials`: the one made before for equal credentials, else a new one.
    public func connector(for credentials: Credentials) -> any PSAConnector {
        entries.withLock { entries in
            if let index = entries.firstIndex(where: { $0.credentials == credentials }) {
                let entry = entries.remove(at: index)
                entries.append(entry)
                return entry.connector
            }
            // Building a connector makes no request, so it is cheap to do under the lock, and
            // two callers with new credentials at once still get the same one.
            let entry = Entry(credentials: credentials, connector: make(credentials))
            entries.append(entry)
            if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
            return entry.connector
        }
    }

    /// How many connectors the pool keeps now.
    public var count: Int { entries.withLock { $0.count } }
}
