import Foundation
import PSACore

/// What `POST /events` does with a body, apart from HTTP: check each event, store the good
/// ones durably, and say per event what happened.
struct EventEndpoint: Sendable {
    let store: Store
    let submission: EventSubmission

    init(store: Store) {
        self.store = store
        submission = EventSubmission(store: store)
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
        let receipts: [EventReceipt]
        do {
            receipts = try await submission.submit(parsed)
        } catch {
            return .unavailable(FlagWording.describe(error))
        }
        let items = receipts.enumerated().map { index, receipt in
            Item(index: index, id: receipt.id, state: Self.state(of: receipt), error: receipt.problem)
        }
        guard items.contains(where: { $0.state != "rejected" }) else {
            return .refused("no event in the body was accepted", items)
        }
        return .accepted(items)
    }

    /// A receipt in the words the answer's `state` uses (before delivery).
    static func state(of receipt: EventReceipt) -> String {
        switch receipt.status {
        case .rejected: return "rejected"
        case .duplicate: return "duplicate"
        case .stored(.skipped): return "skipped"
        case .stored, .unreadable: return "accepted"
        }
    }
}
