import Foundation

/// The emulated ConnectWise's fixed setup: boards with their statuses and types, priorities,
/// severities and impacts, and the company records. Field names follow the spec-generated
/// models (psa-apis.md §1.3 [CW8, CW9]).
enum ConnectWiseSandboxData {
    struct Board {
        var id: Int
        var name: String
        var inactiveFlag = false
        var projectFlag = false
    }

    struct Status {
        var id: Int
        var boardID: Int
        var name: String
        var sortOrder: Int
        var inactive = false
        var closedStatus = false
        var defaultFlag = false
    }

    struct BoardType {
        var id: Int
        var boardID: Int
        var name: String
        var inactiveFlag = false
        var defaultFlag = false
    }

    struct Named {
        var id: Int
        var name: String
        var sortOrder: Int
        var defaultFlag = false
        var description: String?
    }

    static let serviceDesk = 1
    static let boards = [
        Board(id: serviceDesk, name: "Service Desk"),
        Board(id: 2, name: "Monitoring"),
        Board(id: 3, name: "Professional Services", projectFlag: true),
        Board(id: 4, name: "Old Helpdesk", inactiveFlag: true),
    ]

    static let statuses = [
        Status(id: 16, boardID: 1, name: "New", sortOrder: 1, defaultFlag: true),
        Status(id: 17, boardID: 1, name: "In Progress", sortOrder: 2),
        Status(id: 18, boardID: 1, name: "Waiting Customer", sortOrder: 3),
        Status(id: 19, boardID: 1, name: "Escalated (retired)", sortOrder: 4, inactive: true),
        Status(id: 22, boardID: 1, name: "Closed", sortOrder: 8, closedStatus: true),
        Status(id: 23, boardID: 1, name: "Cancelled", sortOrder: 9, closedStatus: true),
        Status(id: 30, boardID: 2, name: "New (Alert)", sortOrder: 1, defaultFlag: true),
        Status(id: 31, boardID: 2, name: "Acknowledged", sortOrder: 2),
        Status(id: 32, boardID: 2, name: "Closed", sortOrder: 8, closedStatus: true),
        Status(id: 33, boardID: 2, name: "Cancelled", sortOrder: 9, closedStatus: true),
        Status(id: 40, boardID: 3, name: "New", sortOrder: 1, defaultFlag: true),
        Status(id: 41, boardID: 3, name: "Closed", sortOrder: 8, closedStatus: true),
        Status(id: 50, boardID: 4, name: "Open", sortOrder: 1, defaultFlag: true),
    ]

    static let types = [
        BoardType(id: 4, boardID: 1, name: "Incident", defaultFlag: true),
        BoardType(id: 5, boardID: 1, name: "Service Request"),
        BoardType(id: 6, boardID: 1, name: "Problem"),
        BoardType(id: 7, boardID: 1, name: "Legacy Request", inactiveFlag: true),
        BoardType(id: 10, boardID: 2, name: "Alert", defaultFlag: true),
        BoardType(id: 11, boardID: 2, name: "Backup"),
        BoardType(id: 12, boardID: 2, name: "Capacity"),
    ]

    static let priorities = [
        Named(id: 15, name: "Priority 1 - Emergency Response", sortOrder: 1),
        Named(id: 6, name: "Priority 2 - Quick Response", sortOrder: 2),
        Named(id: 4, name: "Priority 3 - Normal Response", sortOrder: 3, defaultFlag: true),
        Named(id: 7, name: "Priority 4 - Schedule Maintenance", sortOrder: 4),
        Named(id: 8, name: "Do Not Respond", sortOrder: 5),
    ]

    /// On a ticket, severity and impact are the strings Low, Medium and High [CW8].
    static let levels = ["Low", "Medium", "High"]
    static let severities = [
        Named(id: 1, name: "Low", sortOrder: 1, description: "Minor inconvenience"),
        Named(id: 2, name: "Medium", sortOrder: 2, defaultFlag: true, description: "Work is impaired"),
        Named(id: 3, name: "High", sortOrder: 3, description: "Work has stopped"),
    ]
    static let impacts = [
        Named(id: 1, name: "Low", sortOrder: 1, description: "One user"),
        Named(id: 2, name: "Medium", sortOrder: 2, defaultFlag: true, description: "A team"),
        Named(id: 3, name: "High", sortOrder: 3, description: "The whole company"),
    ]

    static let companyTypeIDs = ["Customer": 1, "Prospect": 2, "Vendor": 3, "Partner": 4]

    /// A ConnectWise company record; `id` is 250 plus the position in the shared list. One
    /// deleted company follows the seeded ones, so that `deletedFlag=false` has work to do.
    struct Company {
        var id: Int
        var identifier: String
        var name: String
        var status: (id: Int, name: String)
        var type: String
        var website = ""
        var deletedFlag = false
    }

    static func companies(from seeded: [SandboxCompany]) -> [Company] {
        var identifiers = Set<String>()
        var companies = seeded.enumerated().map { index, company in
            // Inactive companies alternate between the two stock statuses that mean "not active".
            let status = company.isActive ? (1, "Active") : (index % 2 == 0 ? (2, "Inactive") : (3, "Not Approved"))
            return Company(
                id: 250 + index, identifier: identifier(for: company.name, index: index, taken: &identifiers),
                name: company.name, status: status, type: company.type, website: "https://www." + company.domain)
        }
        companies.append(
            Company(
                id: 250 + seeded.count, identifier: "DeletedCo", name: "Deleted Company (ConnectWise)",
                status: (1, "Active"), type: "Customer", deletedFlag: true))
        return companies
    }

    /// A company's short identifier: letters and digits of its name, at most 25 characters, unique.
    private static func identifier(for name: String, index: Int, taken: inout Set<String>) -> String {
        let letters = name.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) && $0.isASCII }
        var identifier = String(String.UnicodeScalarView(letters.prefix(20)))
        if identifier.isEmpty || taken.contains(identifier) { identifier = String(identifier.prefix(18)) + "\(index)" }
        taken.insert(identifier)
        return identifier
    }
}

/// The company records as ConnectWise holds them now: the seeded ones with the changes made
/// over `/sandbox/companies` (a deleted one is gone, an inactive one has the status Inactive),
/// and the one with `deletedFlag` that follows them.
struct ConnectWiseSandboxCompanies: Sendable {
    typealias Company = ConnectWiseSandboxData.Company

    /// The id of the first seeded company; the others follow in order.
    static let firstID = 250

    let sandbox: PSASandbox

    private var base: [Company] { sandbox.connectWise.companyRecords(from: sandbox.companies) }

    /// The seeded companies as ConnectWise holds them now; its `version` names the changes.
    func view() -> SandboxCompanyView { sandbox.companies(in: .connectwise) }

    /// Every company in id order, as `view` has them.
    func all(_ view: SandboxCompanyView) -> [Company] {
        let base = base
        var companies: [Company] = []
        companies.reserveCapacity(base.count)
        for (index, company) in base.enumerated() {
            if let current = Self.applying(view, to: company, at: index) { companies.append(current) }
        }
        return companies
    }

    /// The company with this id; nil when there is none or it was deleted over the knob (unless
    /// `includingDeleted`, for the name a ticket of it still shows).
    func company(id: Int, includingDeleted: Bool = false) -> Company? {
        let base = base
        let index = id - Self.firstID
        guard base.indices.contains(index) else { return nil }
        let current = Self.applying(sandbox.companies(in: .connectwise), to: base[index], at: index)
        return includingDeleted ? current ?? base[index] : current
    }

    /// The company with this identifier (in any case), as `company(id:)` finds one by id.
    func company(identifier: String) -> Company? {
        let wanted = identifier.lowercased()
        guard let found = base.first(where: { $0.identifier.lowercased() == wanted }) else { return nil }
        return company(id: found.id)
    }

    private static func applying(_ view: SandboxCompanyView, to company: Company, at index: Int) -> Company? {
        // The company with `deletedFlag` follows the seeded ones and has no changes.
        guard index < view.count else { return company }
        guard let current = view.company(index) else { return nil }
        var company = company
        company.name = current.name
        if current.isActive {
            company.status = (1, "Active")
        } else if company.status.id == 1 {
            company.status = (2, "Inactive")
        }
        return company
    }
}

/// The JSON ConnectWise answers with, built from the setup and the mutable state.
extension ConnectWiseSandboxData {
    static func json(_ company: Company) -> [String: Any] {
        [
            "id": company.id, "identifier": company.identifier, "name": company.name,
            "status": ["id": company.status.id, "name": company.status.name],
            "types": [["id": companyTypeIDs[company.type] ?? 1, "name": company.type]], "website": company.website,
            "deletedFlag": company.deletedFlag,
            "_info": ["lastUpdated": "2026-01-05T09:00:00Z", "updatedBy": "psalink"],
        ]
    }

    static func json(_ board: Board) -> [String: Any] {
        ["id": board.id, "name": board.name, "inactiveFlag": board.inactiveFlag, "projectFlag": board.projectFlag]
    }

    static func json(_ status: Status) -> [String: Any] {
        [
            "id": status.id, "name": status.name, "board": reference(board: status.boardID),
            "sortOrder": status.sortOrder, "inactive": status.inactive, "closedStatus": status.closedStatus,
            "defaultFlag": status.defaultFlag, "escalationStatus": "NotResponded", "timeEntryNotAllowed": false,
        ]
    }

    static func json(_ type: BoardType) -> [String: Any] {
        [
            "id": type.id, "name": type.name, "board": reference(board: type.boardID),
            "inactiveFlag": type.inactiveFlag, "defaultFlag": type.defaultFlag, "requestForChangeFlag": false,
        ]
    }

    static func json(_ named: Named) -> [String: Any] {
        var object: [String: Any] = [
            "id": named.id, "name": named.name, "sortOrder": named.sortOrder, "defaultFlag": named.defaultFlag,
        ]
        if let description = named.description { object["description"] = description }
        return object
    }

    static func reference(board id: Int) -> [String: Any] {
        ["id": id, "name": boards.first { $0.id == id }?.name ?? ""]
    }
}
