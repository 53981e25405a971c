import Foundation

/// The parts of ConnectWise's JSON that psalink reads (field names from the spec-generated
/// models, psa-apis.md §1.3 [CW8, CW9]). Everything is optional except ids: a tenant may trim
/// responses with `fields`, and older versions lack newer fields.
enum ConnectWiseModel {
    /// `GET /login/companyinfo/{companyId}` [CW1, CW6].
    struct CompanyInfo: Decodable {
        var codebase: String?

        enum CodingKeys: String, CodingKey {
            case codebase = "Codebase"
        }
    }

    /// Any `{id, name}` reference (CompanyStatusReference, BoardReference, ...).
    struct Reference: Codable {
        var id: Int?
        var name: String?
    }

    /// Only the id, as a reference is sent in a request body.
    struct ID: Encodable {
        var id: Int
    }

    struct Company: Decodable {
        var id: Int
        var identifier: String?
        var name: String?
        var status: Reference?
        /// Company types since 2019; older versions had a single `type`.
        var types: [Reference]?
        var type: Reference?
        var website: String?
        /// Read one by one (`GET /company/companies/{id}`), a deleted company may still answer.
        var deletedFlag: Bool?
    }

    struct Board: Decodable {
        var id: Int
        var name: String?
        var inactiveFlag: Bool?
        var projectFlag: Bool?
    }

    struct BoardStatus: Decodable {
        var id: Int
        var name: String?
        var inactive: Bool?
        var closedStatus: Bool?
        var defaultFlag: Bool?
    }

    /// Board types, priorities, severities and impacts.
    struct Named: Decodable {
        var id: Int
        var name: String?
        var inactiveFlag: Bool?
        var defaultFlag: Bool?
    }

    struct Ticket: Decodable {
        var id: Int
        var summary: String?
        var company: Reference?
        var status: Reference?
        var priority: Reference?
        var closedFlag: Bool?
        var closedDate: String?
        var externalXRef: String?
        /// The ticket a technician merged this one into (the Ticket model's `mergedParentTicket`,
        /// a TicketReference, in ConnectWise's OpenAPI document: see psa-apis.md CW sources).
        var mergedParentTicket: Reference?
    }

    /// `POST /service/tickets` [CW9 `model_ticket.go`, CW10].
    struct NewTicket: Encodable {
        var summary: String
        var recordType = "ServiceTicket"
        var company: ID
        var board: ID?
        var status: ID?
        var type: ID?
        var priority: ID?
        var severity: String?
        var impact: String?
        var initialDescription: String?
        var externalXRef: String?
    }

    /// `POST /service/tickets/{id}/notes` [CW9 `model_service_note.go`].
    /// `ServiceNote` [CW9 `model_service_note.go`, CW8 `ServiceNote`; psa-apis.md §1 "Add note"].
    struct NewNote: Encodable {
        var text: String
        var detailDescriptionFlag: Bool
        var internalAnalysisFlag: Bool
        var resolutionFlag = false
        /// Never true: ConnectWise's notifications would e-mail the ticket's contact about the note.
        var processNotifications = false
    }

    /// One JSON-Patch operation, as `PATCH /service/tickets/{id}` takes them [CW10, CW5].
    struct PatchOperation<Value: Encodable>: Encodable {
        var op = "replace"
        var path: String
        var value: Value
    }

    /// `ErrorResponseMessage` [CW9 `model_error_response_message.go`, `model_validation_error.go`].
    struct ErrorBody: Decodable {
        struct Item: Decodable {
            var code: String?
            var message: String?
            var resource: String?
            var field: String?
        }

        var code: String?
        var message: String?
        var errors: [Item]?
    }
}

extension PSATicket {
    init(_ ticket: ConnectWiseModel.Ticket) {
        self.init(
            id: String(ticket.id), title: ticket.summary ?? "", companyID: ticket.company?.id.map(String.init),
            statusID: ticket.status?.id.map(String.init), isClosed: ticket.closedFlag ?? false,
            externalReference: ticket.externalXRef, priorityID: ticket.priority?.id.map(String.init),
            closedAt: ticket.closedFlag == true ? PSADate.parse(ticket.closedDate) : nil,
            mergedInto: ticket.mergedParentTicket?.id.flatMap { $0 > 0 ? String($0) : nil })
    }
}
