import Foundation
import Synchronization

/// Something going wrong on purpose, so that tests and demos can see how psalink copes.
public enum Fault: Sendable, Equatable {
    /// Answer with this status (429, 500, 502, 503, 504 ...) and, if given, a Retry-After.
    case status(Int, retryAfter: Int? = nil)
    /// Close the connection without answering.
    case dropConnection
    /// Wait this long before handling the request normally.
    case delay(milliseconds: Int)
    /// Answer 200 with an HTML page, as a misconfigured proxy or login page would.
    case htmlPage
    /// Answer 200 with a body that is not valid JSON: JSON cut off part way, as a dropped
    /// proxy stream would leave it.
    case malformedJSON
    /// Answer 200 with no body at all where JSON is due.
    case emptyBody
    /// Do the work (e.g. create the ticket), then drop the connection instead of answering.
    case commitThenDrop
    /// Answer 302 with this `Location`, as a moved or hijacked address would.
    case redirect(location: String)
}

/// The faults waiting to happen, and the sandbox's request log.
public final class FaultKnobs: Sendable {
    private struct Pending {
        var fault: Fault
        var remaining: Int
        var pathContains: String?
    }

    private struct Rated {
        var fault: Fault
        var rate: Double
        var pathContains: String?
    }

    private let pending = Mutex<[Pending]>([])
    /// Faults that strike a share of matching requests, with a seeded generator so that a
    /// run can be repeated.
    private let rated = Mutex<(faults: [Rated], state: UInt64)>(([], 0x9E37_79B9_7F4A_7C15))
    private let log = Mutex<[String]>([])
    private let tokenGeneration = Atomic<Int>(0)

    public init() {}

    /// The next `count` requests whose path contains `pathContains` (any request when nil)
    /// meet `fault`, in the order faults were injected. The path is matched as the client
    /// spelled it, query included, case and all: `zoneInformation`, `companyinfo`, `authinfo`
    /// and `/auth/token` (or `oauth2` for Nerdio's Entra ID) pick out the discovery and token
    /// calls, which meet faults like any other.
    public func inject(_ fault: Fault, count: Int = 1, pathContains: String? = nil) {
        pending.withLock { $0.append(Pending(fault: fault, remaining: count, pathContains: pathContains)) }
    }

    /// From now on, each request whose path contains `pathContains` meets `fault` with
    /// probability `rate` (0 to 1), until `clear()`.
    public func inject(_ fault: Fault, rate: Double, pathContains: String? = nil) {
        rated.withLock { $0.faults.append(Rated(fault: fault, rate: rate, pathContains: pathContains)) }
    }

    public func clear() {
        pending.withLock { $0.removeAll() }
        rated.withLock { $0.faults.removeAll() }
    }

    /// Makes every access token issued so far invalid, as if it had expired.
    public func expireTokens() {
        tokenGeneration.add(1, ordering: .relaxed)
    }

    /// Increases when tokens expire; a token is valid only in the generation it was issued in.
    public var currentTokenGeneration: Int { tokenGeneration.load(ordering: .relaxed) }

    /// Method and path (with query) of every request received, oldest first.
    public var requestLog: [String] { log.withLock { $0 } }

    public func requests(containing text: String) -> Int {
        log.withLock { log in text.isEmpty ? log.count : log.filter { $0.contains(text) }.count }
    }

    func record(_ line: String) {
        log.withLock { $0.append(line) }
    }

    func take(for path: String) -> Fault? {
        if let fault = rated.withLock({ rated -> Fault? in
            for item in rated.faults where item.pathContains.map(path.contains) ?? true {
                // SplitMix64: a fixed sequence from the seed.
                rated.state &+= 0x9E37_79B9_7F4A_7C15
                var z = rated.state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                z ^= z >> 31
                if Double(z >> 11) / Double(1 << 53) < item.rate { return item.fault }
            }
            return nil
        }) {
            return fault
        }
        return pending.withLock { list in
            guard let index = list.firstIndex(where: { $0.pathContains.map(path.contains) ?? true }) else {
                return nil
            }
            let fault = list[index].fault
            list[index].remaining -= 1
            if list[index].remaining <= 0 { list.remove(at: index) }
            return fault
        }
    }
}
