import Foundation

/// The emulated Halo instance's setup lists: ticket types with their SLA and workflow,
/// statuses, SLAs with their priorities, categories, lookups and outcomes. Field names
/// follow the spec's schemas (RequestType, TStatus, SlaHead, Policy, CategoryDetail, Lookup,
/// TOutcome); the values are invented.
enum HaloSandboxSetup {
    struct TicketType {
        var id: Int
        var name: String
        /// Halo versions name a ticket type's SLA differently; each type shows one spelling.
        var slaField: String
        var slaID: Int
        var workflowID: Int
        var initialStatus: Int
        var defaultCategory: String
        var requireImpact: Bool
        var defaultImpact: Int
        var inactive: Bool
    }

    struct Status {
        var id: Int
        var name: String
        var isClosed: Bool
    }

    struct Priority {
        var slaID: Int
        var priorityID: Int
        var name: String
        var fixHours: Int
        var isHidden: Bool
    }

    struct Outcome {
        var id: Int
        var name: String
        var hideFromUser: Bool
        /// The status an action with this outcome sets; 0 for none.
        var newStatus: Int
        var hidden: Bool
    }

    static let ticketTypes = [
        TicketType(
            id: 1, name: "Incident", slaField: "default_sla", slaID: 1, workflowID: 1, initialStatus: 1,
            defaultCategory: "Alerts>Monitoring", requireImpact: false, defaultImpact: 3, inactive: false),
        TicketType(
            id: 3, name: "Service Request", slaField: "default_sla_id", slaID: 2, workflowID: 2, initialStatus: 1,
            defaultCategory: "", requireImpact: false, defaultImpact: 0, inactive: false),
        TicketType(
            id: 29, name: "Alert", slaField: "sla_id", slaID: 3, workflowID: 1, initialStatus: 2,
            defaultCategory: "Alerts>Backup", requireImpact: true, defaultImpact: 2, inactive: false),
        TicketType(
            id: 31, name: "Problem", slaField: "default_sla", slaID: 0, workflowID: 1, initialStatus: 1,
            defaultCategory: "", requireImpact: false, defaultImpact: 0, inactive: false),
        TicketType(
            id: 40, name: "Legacy Alert", slaField: "default_sla", slaID: 1, workflowID: 1, initialStatus: 1,
            defaultCategory: "", requireImpact: false, defaultImpact: 0, inactive: true),
    ]

    /// Halo's own status ids where it has them (1 New, 9 Closed); the rest are an MSP's.
    static let statuses = [
        Status(id: 1, name: "New", isClosed: false),
        Status(id: 2, name: "In Progress", isClosed: false),
        Status(id: 3, name: "Action Required", isClosed: false),
        Status(id: 4, name: "Waiting on Customer", isClosed: false),
        Status(id: 8, name: "Resolved", isClosed: true),
        Status(id: 9, name: "Closed", isClosed: true),
        Status(id: 22, name: "Cancelled", isClosed: true),
    ]

    /// Where a technician's Close (and a merge) leaves a ticket.
    static let closedStatusID = 9

    static let slaNames = [1: "Standard SLA", 2: "Service Request SLA", 3: "Alert SLA"]

    /// Priorities exist per SLA: the same `priorityid` has other targets in another SLA.
    static let priorities = [
        Priority(slaID: 1, priorityID: 1, name: "Critical", fixHours: 4, isHidden: false),
        Priority(slaID: 1, priorityID: 2, name: "High", fixHours: 8, isHidden: false),
        Priority(slaID: 1, priorityID: 3, name: "Medium", fixHours: 24, isHidden: false),
        Priority(slaID: 1, priorityID: 4, name: "Low", fixHours: 72, isHidden: false),
        Priority(slaID: 2, priorityID: 3, name: "Medium", fixHours: 40, isHidden: false),
        Priority(slaID: 2, priorityID: 4, name: "Low", fixHours: 120, isHidden: false),
        Priority(slaID: 2, priorityID: 5, name: "Planned", fixHours: 240, isHidden: false),
        Priority(slaID: 3, priorityID: 1, name: "P1 - Outage", fixHours: 2, isHidden: false),
        Priority(slaID: 3, priorityID: 2, name: "P2 - Degraded", fixHours: 8, isHidden: false),
        Priority(slaID: 3, priorityID: 3, name: "P3 - Warning", fixHours: 24, isHidden: false),
        Priority(slaID: 3, priorityID: 6, name: "P4 - Informational", fixHours: 96, isHidden: true),
    ]

    /// Category values by level (`type_id` 1 to 4); a ticket's `category_1` holds the text.
    static let categories: [(id: Int, typeID: Int, value: String)] = [
        (101, 1, "Alerts>Monitoring"), (102, 1, "Alerts>Backup"), (103, 1, "Alerts>Capacity"),
        (104, 1, "Alerts>Azure Virtual Desktop"), (105, 1, "Hardware>Purchase"),
        (201, 2, "Windows"), (202, 2, "Microsoft 365"),
    ]

    /// `lookupid=11` lists the lookup types; the id of each type is the `lookupid` of its values.
    static let lookupTypes: [(id: Int, name: String)] = [
        (17, "Impact"), (18, "Urgency"), (19, "Asset Status"), (27, "Contract Type"),
    ]

    static let lookupValues: [Int: [(id: Int, name: String)]] = [
        17: [(1, "Company Wide"), (2, "Multiple Users"), (3, "Single User")],
        18: [(1, "High"), (2, "Medium"), (3, "Low")],
        19: [(1, "Active"), (2, "Retired")],
        27: [(1, "Managed Services"), (2, "Block Hours")],
    ]

    static let outcomes = [
        Outcome(id: 1, name: "Email User", hideFromUser: false, newStatus: 0, hidden: false),
        Outcome(id: 2, name: "Update", hideFromUser: false, newStatus: 0, hidden: false),
        Outcome(id: 7, name: "Private Note", hideFromUser: true, newStatus: 0, hidden: false),
        Outcome(id: 8, name: "Resolve", hideFromUser: false, newStatus: 8, hidden: false),
        Outcome(id: 9, name: "Close", hideFromUser: true, newStatus: 9, hidden: false),
        Outcome(id: 12, name: "Legacy Note", hideFromUser: true, newStatus: 0, hidden: true),
    ]

    static func ticketType(_ id: Int) -> TicketType? { ticketTypes.first { $0.id == id } }
    static func status(_ id: Int) -> Status? { statuses.first { $0.id == id } }
    static func outcome(_ id: Int) -> Outcome? { outcomes.first { $0.id == id } }
    static func priorities(ofSLA slaID: Int) -> [Priority] { priorities.filter { $0.slaID == slaID } }
    static func lookupValueIDs(named name: String) -> Set<Int> {
        guard let type = lookupTypes.first(where: { $0.name == name }) else { return [] }
        return Set((lookupValues[type.id] ?? []).map(\.id))
    }

    // MARK: JSON

    /// `requirements` are those set over `/sandbox/required`, by field (`urgency`, `impact`).
    static func json(
        _ type: TicketType, detailed: Bool, requirements: [String: HaloSandboxState.Requirement] = [:]
    ) -> [String: Any] {
        var json: [String: Any] = [
            "id": type.id, "name": type.name, "inactive": type.inactive, "group_id": 1, "group_name": "Support",
            "agentscanselect": true,
        ]
        guard detailed else { return json }
        json[type.slaField] = type.slaID
        if type.slaField != "default_sla" { json["default_sla"] = 0 }
        json["workflow_id"] = type.workflowID
        json["initial_status"] = type.initialStatus
        json["default_category_1"] = type.defaultCategory
        json["requireimpact"] = type.requireImpact
        json["requireurgency"] = false
        json["defaultimpact"] = type.defaultImpact
        json["defaulturgency"] = 0
        json["allowall_status"] = true
        for (field, requirement) in requirements {
            json["require\(field)"] = true
            json["default\(field)"] = requirement.defaultValue.map { $0 as Any } ?? NSNull()
        }
        return json
    }

    /// `type` is this sandbox's own marker (the spec gives the field no meaning); `excludeclosed`
    /// is what a client should use.
    static func json(_ status: Status) -> [String: Any] {
        [
            "id": status.id, "name": status.name, "shortname": String(status.name.prefix(4)),
            "type": status.isClosed ? 2 : 1, "sequence": status.id, "colour": status.isClosed ? "#888888" : "#2a7ae2",
        ]
    }

    static func json(_ priority: Priority) -> [String: Any] {
        [
            "id": "sla\(priority.slaID)-p\(priority.priorityID)", "slaid": priority.slaID,
            "priorityid": priority.priorityID, "name": priority.name, "fixtime": priority.fixHours, "fixunits": "H",
            "responsetime": max(priority.fixHours / 4, 1), "responseunits": "H", "ishidden": priority.isHidden,
        ]
    }

    static func json(_ outcome: Outcome) -> [String: Any] {
        [
            "id": outcome.id, "outcome": outcome.name, "buttonname": outcome.name, "hidefromuser": outcome.hideFromUser,
            "newstatus": outcome.newStatus, "hidden": outcome.hidden,
        ]
    }
}
