/// A ticket setting as scripts name it (DESIGN §4): `board`, `open-status`, `priority.high`, ...
public enum TicketSettingKey: String, CaseIterable, Codable, Sendable, Comparable {
    case board
    case queue
    case ticketType = "ticket-type"
    case openStatus = "open-status"
    case resolvedStatus = "resolved-status"
    case cancelledStatus = "cancelled-status"
    case defaultPriority = "priority.default"
    case informationalPriority = "priority.informational"
    case lowPriority = "priority.low"
    case mediumPriority = "priority.medium"
    case highPriority = "priority.high"
    case criticalPriority = "priority.critical"
    case category
    case impact
    case urgency
    case issueType = "issue-type"
    /// Its choices are the sub-issue types of the chosen `issue-type`.
    case subIssueType = "sub-issue-type"
    case source
    case reopenWindow = "reopen-window"

    /// The systems whose tickets have this setting.
    public var systems: Set<PSASystem> {
        switch self {
        case .board: return [.connectwise]
        case .queue: return [.autotask]
        case .category: return [.halo, .autotask]
        case .impact, .urgency: return [.halo]
        case .issueType, .subIssueType, .source: return [.autotask]
        default: return Set(PSASystem.allCases)
        }
    }

    public func applies(to system: PSASystem) -> Bool { systems.contains(system) }

    /// Every key of `system`, in the order the wizard and `settings show` present them.
    public static func keys(for system: PSASystem) -> [TicketSettingKey] {
        allCases.filter { $0.applies(to: system) }
    }

    /// The PSA list the value is chosen from; nil for `reopen-window`, a duration of psalink's own.
    /// `priority.default` is the priority of events that carry no severity.
    public var field: TicketField? {
        switch self {
        case .board: return .board
        case .queue: return .queue
        case .ticketType: return .ticketType
        case .openStatus, .resolvedStatus, .cancelledStatus: return .status
        case .defaultPriority, .informationalPriority, .lowPriority, .mediumPriority, .highPriority,
            .criticalPriority:
            return .priority
        case .category: return .category
        case .impact: return .impact
        case .urgency: return .urgency
        case .issueType: return .issueType
        case .subIssueType: return .subIssueType
        case .source: return .source
        case .reopenWindow: return nil
        }
    }

    /// The key whose chosen value narrows this one's list within the same load: an Autotask
    /// sub-issue type belongs to an issue type (its `parentValue`).
    public var narrowingKey: TicketSettingKey? {
        self == .subIssueType ? .issueType : nil
    }

    /// The key whose value satisfies `field` on a new ticket: the open status and the default
    /// priority (the one every event without a more specific one falls back to) for the
    /// lifecycle's fields, else the field's own key.
    public static func creating(_ field: TicketField, in system: PSASystem) -> TicketSettingKey? {
        switch field {
        case .status: return .openStatus
        case .priority: return .defaultPriority
        default: return allCases.first { $0.field == field && $0.applies(to: system) }
        }
    }

    /// Whether the chosen status must close the ticket (true), must leave it open (false), or
    /// the key is not a status (nil).
    public var requiresClosingStatus: Bool? {
        switch self {
        case .openStatus: return false
        case .resolvedStatus, .cancelledStatus: return true
        default: return nil
        }
    }

    /// The setting whose choice decides this one's list: ConnectWise statuses and types belong
    /// to a board, HaloPSA priorities to the SLA of the ticket type.
    public func parent(in system: PSASystem) -> TicketSettingKey? {
        guard let field, let parent = Self.parent(of: system) else { return nil }
        return Self.dependentFields(of: system).contains(field) ? parent : nil
    }

    /// The key whose value the PSA's dependent lists follow, if the system has one.
    public static func parent(of system: PSASystem) -> TicketSettingKey? {
        switch system {
        case .connectwise: return .board
        case .halo: return .ticketType
        case .autotask: return nil
        }
    }

    static func dependentFields(of system: PSASystem) -> Set<TicketField> {
        switch system {
        case .connectwise: return [.status, .ticketType]
        case .halo: return [.priority]
        case .autotask: return []
        }
    }

    /// The keys that must be set when the PSA requires `field` on a ticket. A required status
    /// needs all three, since the lifecycle sets each of them; a required priority needs the
    /// default, which every event without a more specific one falls back to.
    public static func keys(requiring field: TicketField, in system: PSASystem) -> [TicketSettingKey] {
        let keys: [TicketSettingKey]
        switch field {
        case .status: keys = [.openStatus, .resolvedStatus, .cancelledStatus]
        case .priority: keys = [.defaultPriority]
        default: keys = allCases.filter { $0.field == field }
        }
        return keys.filter { $0.applies(to: system) }
    }

    /// What the admin sees for the key's list: "board", "status", "priority".
    public var choiceNoun: String {
        switch field {
        case .board: return "board"
        case .queue: return "queue"
        case .ticketType: return "ticket type"
        case .status: return "status"
        case .priority: return "priority"
        case .category: return "category"
        case .impact: return "impact"
        case .urgency: return "urgency"
        case .issueType: return "issue type"
        case .subIssueType: return "sub-issue type"
        case .source: return "source"
        default: return "value"
        }
    }

    public static func < (lhs: TicketSettingKey, rhs: TicketSettingKey) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
