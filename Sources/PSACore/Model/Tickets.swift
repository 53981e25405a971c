import Foundation

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
    /// What psalink's lifecycle needs set (a HaloPSA note's outcome, a ConnectWise board) and
    /// what the PSA marks required; an unset one is a warning, not a refusal.
    public var required: Set<TicketField>
    /// The fields the PSA itself refuses a new ticket without (HaloPSA: the chosen ticket
    /// type's `requireimpact`/`requireurgency`; Autotask: `isRequired`). A configuration that
    /// leaves one with neither a value nor a PSA default is refused (`RequiredFieldCheck`).
    public var requiredByPSA: Set<TicketField>
    /// Autotask's user-defined ticket fields.
    public var userFields: [UserField]

    public init(
        values: [TicketField: [Choice]] = [:], required: Set<TicketField> = [], requiredByPSA: Set<TicketField> = [],
        userFields: [UserField] = []
    ) {
        self.values = values
        self.required = required
        self.requiredByPSA = requiredByPSA
        self.userFields = userFields
    }

    /// The active choice the PSA marks as its default for `field`, among `offered` when given.
    public func defaultChoice(for field: TicketField, among offered: [Choice]? = nil) -> Choice? {
        (offered ?? self[field]).first { $0.isDefault && $0.isActive }
    }

    /// The user-defined field named `name`, regardless of case.
    public func userField(named name: String) -> UserField? {
        userFields.first { $0.name == name } ?? userFields.first { $0.name.lowercased() == name.lowercased() }
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
    /// Autotask user-defined fields: the field's name → its value (a picklist value or text).
    public var userFields: [String: String]

    /// What a draft takes from the routed ticket settings.
    public struct Fields: Sendable, Equatable {
        public var settings: [TicketField: String]
        public var userFields: [String: String]

        public init(settings: [TicketField: String], userFields: [String: String] = [:]) {
            self.settings = settings
            self.userFields = userFields
        }
    }

    public init(
        companyID: String, title: String, details: String, externalReference: String,
        settings: [TicketField: String], userFields: [String: String] = [:]
    ) {
        self.companyID = companyID
        self.title = title
        self.details = details
        self.externalReference = externalReference
        self.settings = settings
        self.userFields = userFields
    }

    public init(
        companyID: String, title: String, details: String, externalReference: String, settings fields: Fields
    ) {
        self.init(
            companyID: companyID, title: title, details: details, externalReference: externalReference,
            settings: fields.settings, userFields: fields.userFields)
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
    /// When the PSA says the ticket was closed, where it says so.
    public var closedAt: Date?
    /// The ticket a technician merged this one into, where the PSA shows merges (HaloPSA
    /// `merged_into_id`, ConnectWise `mergedParentTicket`).
    public var mergedInto: String?

    public init(
        id: String, number: String? = nil, title: String, companyID: String? = nil, statusID: String? = nil,
        isClosed: Bool = false, externalReference: String? = nil, priorityID: String? = nil, closedAt: Date? = nil,
        mergedInto: String? = nil
    ) {
        self.id = id
        self.number = number
        self.title = title
        self.companyID = companyID
        self.statusID = statusID
        self.isClosed = isClosed
        self.externalReference = externalReference
        self.priorityID = priorityID
        self.closedAt = closedAt
        self.mergedInto = mergedInto
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
