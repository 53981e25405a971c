import Foundation
import Synchronization

/// The emulated Autotask's mutable side: its tickets and notes, and how many requests each
/// object endpoint had in flight at once (Autotask allows three, AT5).
public final class AutotaskSandboxState: Sendable {
    struct Store {
        var tickets: [Int: AutotaskSandboxTicket] = [:]
        var notes: [AutotaskSandboxNote] = []
        var nextTicketID = 7421
        var nextNoteID = 30_001
    }

    private struct Concurrency {
        var inFlight: [String: Int] = [:]
        var highWater: [String: Int] = [:]
    }

    let store = Mutex(Store())
    let requirements = Mutex(AutotaskSandboxRequirements())
    private let concurrency = Mutex(Concurrency())
    private let holdMilliseconds = Atomic<Int>(0)

    init() {}

    /// The most requests `endpoint` (e.g. "tickets", "companies", "ticketnotes") had in
    /// flight at the same time.
    public func maxInFlight(endpoint: String) -> Int {
        concurrency.withLock { $0.highWater[endpoint.lowercased(), default: 0] }
    }

    /// Makes every Autotask request take at least this long while it counts as in flight, so
    /// that concurrent callers overlap.
    public func holdRequests(milliseconds: Int) {
        holdMilliseconds.store(milliseconds, ordering: .relaxed)
    }

    /// The notes of a ticket, oldest first: (title, description, noteType, publish).
    public func notes(ofTicket id: Int) -> [(title: String, description: String, noteType: Int, publish: Int)] {
        store.withLock { store in
            store.notes.filter { $0.ticketID == id }.map { ($0.title, $0.description, $0.noteType, $0.publish) }
        }
    }

    /// The ticket's fields as the API reports them.
    public func ticketFields(id: Int) -> [String: String]? {
        store.withLock { $0.tickets[id] }.map { ticket in ticket.values.mapValues(\.description) }
    }

    public var ticketCount: Int { store.withLock { $0.tickets.count } }

    /// The ticket fields as `entityInformation/fields` reports them, with the requirements set
    /// over `/sandbox/required`.
    func ticketFields() -> [AutotaskSandboxFields.Field] {
        AutotaskSandboxFields.ticket(with: requirements.withLock { $0 })
    }

    func withinFlight<T>(endpoint: String, _ body: () async throws -> T) async rethrows -> T {
        concurrency.withLock { state in
            state.inFlight[endpoint, default: 0] += 1
            state.highWater[endpoint] = max(state.highWater[endpoint, default: 0], state.inFlight[endpoint]!)
        }
        defer { concurrency.withLock { $0.inFlight[endpoint, default: 1] -= 1 } }
        let hold = holdMilliseconds.load(ordering: .relaxed)
        if hold > 0 { try? await Task.sleep(for: .milliseconds(hold)) }
        return try await body()
    }
}

/// A JSON scalar of an Autotask record.
enum AutotaskSandboxValue: Sendable, Equatable, CustomStringConvertible {
    case int(Int)
    case string(String)
    case bool(Bool)
    case null

    var json: Any {
        switch self {
        case .int(let value): return value
        case .string(let value): return value
        case .bool(let value): return value
        case .null: return NSNull()
        }
    }

    var description: String {
        switch self {
        case .int(let value): return String(value)
        case .string(let value): return value
        case .bool(let value): return String(value)
        case .null: return ""
        }
    }
}

/// Ticket requirements set over `/sandbox/required`: standard fields made required, each with
/// the picklist value to report as the default, and required user-defined fields.
struct AutotaskSandboxRequirements: Sendable {
    struct RequiredField: Sendable {
        var defaultValue: Int?
    }

    struct UserDefinedField: Sendable {
        var name: String
        /// nil for a text field.
        var picklist: [String]?
        var defaultValue: String?
    }

    var fields: [String: RequiredField] = [:]
    var userDefinedFields: [UserDefinedField] = []
}

struct AutotaskSandboxTicket: Sendable {
    var values: [String: AutotaskSandboxValue]
    /// `userDefinedFields` as sent, in order: `[{"name", "value"}]`.
    var userDefinedFields: [(name: String, value: String)] = []
    /// Set by `/sandbox/tickets` closing it with `refuseNotes`; lifted when it reopens.
    var refusesNotes = false

    var id: Int {
        if case .int(let id) = values["id"] { return id }
        return 0
    }

    func json(including fields: [String]?) -> [String: Any] {
        var object: [String: Any] = [:]
        for name in AutotaskSandboxFields.ticketFieldOrder
        where fields.map({ $0.contains(name.lowercased()) || name == "id" }) ?? true {
            object[name] = (values[name] ?? .null).json
        }
        object["userDefinedFields"] = userDefinedFields.map { ["name": $0.name, "value": $0.value] }
        return object
    }
}

struct AutotaskSandboxNote: Sendable {
    var id: Int
    var ticketID: Int
    var title: String
    var description: String
    var noteType: Int
    var publish: Int
    var createDateTime: String
}
