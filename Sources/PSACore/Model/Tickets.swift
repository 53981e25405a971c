/// A ticket setting whose value is chosen from what the PSA offers.
public enum TicketField: String, CaseIterable, Codable, Sendable {
    case board  // ConnectWise
    case queue  // Autotask
    case ticketType
    case status
    case priority
    case severity
    case impact
    case urgency
    case category
    case issueType  // Autotask
    case subIssueType  // Autotask; depends on issueType
    case source  // Autotask
    case outcome  // HaloPSA: every note needs one
}

/// One value the PSA offers for a ticket field.
public struct Choice: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    /// For statuses: choosing it closes the ticket.
    public var isClosing: Bool
    /// For dependent values (an Autotask sub-issue type): the parent's id.
    public var parentID: String?
    public var isDefault: Bool
    public var isActive: Bool

    public init(
        id: String, name: String, isClosing: Bool = false, parentID: String? = nil, isDefault: Bool = false,
        isActive: Bool = true
    ) {
        self.id = id
        self.name = name
        self.isClosing = isClosing
        self.parentID = parentID
        self.isDefault = isDefault
        self.isActive = isActive
    }
}

/// What the PSA offers for each ticket field, and which fields it requires.
public struct TicketChoices: Sendable, Equatable {
    public var values: [TicketField: [Choice]]
    public var required: Set<TicketField>

    public init(values: [TicketField: [Choice]] = [:], required: Set<TicketField> = []) {
        self.values = values
        self.required = required
    }

    public subscript(field: TicketField) -> [Choice] { values[field] ?? [] }
}

/// The choices already made that others depend on: ConnectWise statuses and types belong
/// to a board; HaloPSA priorities belong to the SLA of a ticket type.
public struct ChoiceContext: Sendable, Equatable {
    public var board: String?
    public var ticketType: String?

    public init(board: String? = nil, ticketType: String? = nil) {
        self.board = board
        self.ticketType = ticketType
    }
}

/// A ticket to create.
public struct TicketDraft: Sendable, Equatable {
    public var companyID: String
    public var title: String
    public var details: String
    /// Carries the dedupe key, so the ticket can be found again after a crash.
    public var externalReference: String
    /// Chosen values by field (ids), e.g. `.status` = the open status.
    public var settings: [TicketField: String]

    public init(
        companyID: String, title: String, details: String, externalReference: String,
        settings: [TicketField: String]
    ) {
        self.companyID = companyID
        self.title = title
        self.details = details
        self.externalReference = externalReference
        self.settings = settings
    }
}

/// A ticket as the PSA reports it.
public struct PSATicket: Sendable, Equatable, Codable {
    public var id: String
    /// The number people quote ("T20250101.0001"), where it differs from the id.
    public var number: String?
    public var title: String
    public var companyID: String?
    public var statusID: String?
    public var isClosed: Bool
    public var externalReference: String?
    public var priorityID: String?

    public init(
        id: String, number: String? = nil, title: String, companyID: String? = nil, statusID: String? = nil,
        isClosed: Bool = false, externalReference: String? = nil, priorityID: String? = nil
    ) {
        self.id = id
        self.number = number
        self.title = title
        self.companyID = companyID
        self.statusID = statusID
        self.isClosed = isClosed
        self.externalReference = externalReference
        self.priorityID = priorityID
    }
}

/// A note on a ticket.
public struct TicketNote: Sendable, Equatable {
    public var text: String
    /// Hidden from the customer.
    public var isInternal: Bool
    /// Ids the PSA needs with a note (a HaloPSA outcome).
    public var settings: [TicketField: String]

    public init(text: String, isInternal: Bool = true, settings: [TicketField: String] = [:]) {
        self.text = text
        self.isInternal = isInternal
        self.settings = settings
    }
}

/// A change to an existing ticket: any of a new status, a new priority and a note.
public struct TicketChange: Sendable, Equatable {
    public var statusID: String?
    public var priorityID: String?
    public var note: TicketNote?

    public init(statusID: String? = nil, priorityID: String? = nil, note: TicketNote? = nil) {
        self.statusID = statusID
        self.priorityID = priorityID
        self.note = note
    }

    /// Whether the ticket's own fields change, beyond a note.
    public var changesFields: Bool { statusID != nil || priorityID != nil }
}
