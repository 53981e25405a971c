import Foundation

/// A notification condition that fired, resolved or was cancelled in a customer's
/// environment (DESIGN §4, "Event format").
public struct NotificationEvent: Sendable, Equatable {
    public enum ConditionType: String, Sendable, Codable, CaseIterable {
        case task, usage, backup, adUserManagement
    }

    public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
        case informational, low, medium, high, critical

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public enum State: String, Sendable, Codable, CaseIterable {
        case firing, resolved, cancelled
    }

    public struct Condition: Sendable, Equatable {
        public var id: String
        public var type: ConditionType
        public var name: String?

        public init(id: String, type: ConditionType, name: String? = nil) {
            self.id = id
            self.type = type
            self.name = name
        }
    }

    /// The sender's id: the same id sent twice is processed once.
    public var id: String
    /// The Nerdio account; nil for an MSP-level event.
    public var accountID: String?
    public var condition: Condition
    /// Nil when the sender gave none: the default severity applies.
    public var severity: Severity?
    public var state: State
    /// The object the condition is about (a host pool, a backup job); part of the dedupe key.
    public var target: String
    public var title: String
    public var details: String
    public var occurredAt: Date?
    /// The ticket queue to route to; nil for the default PSA system's own settings.
    public var queue: String?

    public init(
        id: String, accountID: String?, condition: Condition, severity: Severity?, state: State, target: String,
        title: String, details: String = "", occurredAt: Date? = nil, queue: String? = nil
    ) {
        self.id = id
        self.accountID = accountID
        self.condition = condition
        self.severity = severity
        self.state = state
        self.target = target
        self.title = title
        self.details = details
        self.occurredAt = occurredAt
        self.queue = queue
    }
}
