import Foundation
import PSACore

/// What `POST /events` does with a body, apart from HTTP: check each event, store the good
/// ones durably, and say per event what happened.
struct EventEndpoint: Sendable {
    let store: Store
    let intake: GroupedIntake

    init(store: Store) {
        self.store = store
        intake = GroupedIntake(store: store)
    }

    /// One item of the answer, in the order of the body's events.
    struct Item: Encodable, Equatable {
        var index: Int
        var id: String?
        /// accepted, duplicate, skipped or rejected.
        var state: String
        var error: String?

        enum CodingKeys: String, CodingKey { case index, id, state, error }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(index, forKey: .index)
            try container.encode(id, forKey: .id)
            try container.encode(state, forKey: .state)
            try container.encode(error, forKey: .error)
        }
    }

    enum Answer {
        /// 202: at least one event is stored (or was already); the items say which.
        case accepted([Item])
        /// 400: nothing in the body could be taken.
        case refused(String, [Item])
        /// 503: the database could not store the events; the sender should try again.
        case unavailable(String)
    }

    func receive(_ body: Data) async -> Answer {
        let parsed: [Result<NotificationEvent, EventRejection>]
        switch EventParser.parseBody(body) {
        case .failure(let rejection): return .refused(rejection.description, [])
        case .success(let items): parsed = items
        }
        guard !parsed.isEmpty else { return .refused("the body holds no events", []) }
        let events = parsed.compactMap { try? $0.get() }
        let results: [EventIntake.Result]
        switch await intake.accept(events) {
        case .success(let accepted): results = accepted
        case .failure(let error): return .unavailable(error.description)
        }
        var items: [Item] = []
        var accepted = results.makeIterator()
        for (index, result) in parsed.enumerated() {
            switch result {
            case .failure(let rejection):
                items.append(Item(index: index, id: rejection.eventID, state: "rejected", error: rejection.description))
            case .success(let event):
                switch accepted.next() {
                case .refused(let reason)?:
                    items.append(Item(index: index, id: event.id, state: "rejected", error: reason))
                case .accepted(.stored(_, let state))?:
                    items.append(Item(index: index, id: event.id, state: state == .skipped ? "skipped" : "accepted"))
                case .accepted(.duplicate)?:
                    items.append(Item(index: index, id: event.id, state: "duplicate"))
                case nil:
                    break
                }
            }
        }
        guard items.contains(where: { $0.state != "rejected" }) else {
            return .refused("no event in the body was accepted", items)
        }
        return .accepted(items)
    }
}
