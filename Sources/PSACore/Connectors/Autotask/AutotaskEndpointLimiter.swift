/// Autotask allows at most three concurrent requests per object endpoint and tracking
/// identifier (AT5). Callers wait here for a slot instead of meeting the thread limit.
actor AutotaskEndpointLimiter {
    static let slotsPerEndpoint = 3

    private var busy: [String: Int] = [:]
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    func acquire(_ endpoint: String) async {
        if busy[endpoint, default: 0] < Self.slotsPerEndpoint {
            busy[endpoint, default: 0] += 1
            return
        }
        // The slot passes straight from the releasing caller to this one, so `busy` stays put.
        await withCheckedContinuation { waiting[endpoint, default: []].append($0) }
    }

    func release(_ endpoint: String) {
        if var queue = waiting[endpoint], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[endpoint] = queue
            next.resume()
        } else {
            busy[endpoint, default: 1] -= 1
        }
    }
}
