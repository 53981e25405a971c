import Foundation
import Synchronization

/// The emulated ConnectWise's mutable side: service tickets and their notes.
public final class ConnectWiseSandboxState: Sendable {
    struct Ticket {
        var id: Int
        var summary: String
        var recordType: String
        var companyID: Int
        var boardID: Int
        var statusID: Int
        var typeID: Int?
        var priorityID: Int
        var severity: String
        var impact: String
        var externalXRef: String?
        var closedFlag: Bool
        var closedDate: String?
        var dateEntered: String
        var lastUpdated: String
        var enteredBy: String
        /// The ticket a technician merged this one into (the Ticket model's `mergedParentTicket`).
        var mergedParent: (id: Int, summary: String)?
        /// Set by `/sandbox/tickets` closing it with `refuseNotes`; lifted when it reopens.
        var refusesNotes = false
    }

    struct Note {
        var id: Int
        var ticketID: Int
        var text: String
        var detailDescriptionFlag: Bool
        var internalAnalysisFlag: Bool
        var resolutionFlag: Bool
        /// `processNotifications` as the request gave it; nil when it did not.
        var processNotifications: Bool?
        var dateCreated: String
        var createdBy: String
    }

    struct Store {
        var tickets: [Int: Ticket] = [:]
        var notes: [Note] = []
        var nextTicketID = 41_001
        var nextNoteID = 900_001
    }

    let store = Mutex(Store())
    /// The company records built from the seeded companies, once: identifiers need the whole
    /// list, and 50,000 records are not built for every request.
    private let companies = Mutex<[ConnectWiseSandboxData.Company]?>(nil)

    init() {}

    func companyRecords(from seeded: [SandboxCompany]) -> [ConnectWiseSandboxData.Company] {
        companies.withLock { companies in
            if let companies { return companies }
            let built = ConnectWiseSandboxData.companies(from: seeded)
            companies = built
            return built
        }
    }

    public var ticketCount: Int { store.withLock { $0.tickets.count } }

    /// The notes of a ticket, oldest first, with the flag that says where each one shows.
    public func notes(ofTicket id: Int) -> [(text: String, isInternal: Bool, isDetail: Bool, isResolution: Bool)] {
        store.withLock { store in
            store.notes.filter { $0.ticketID == id }.map {
                ($0.text, $0.internalAnalysisFlag, $0.detailDescriptionFlag, $0.resolutionFlag)
            }
        }
    }

    /// Whether each note of a ticket, oldest first, asked ConnectWise to process its
    /// notifications (e-mail the contact); nil where the request did not say.
    public func noteNotifications(ofTicket id: Int) -> [Bool?] {
        store.withLock { store in store.notes.filter { $0.ticketID == id }.map(\.processNotifications) }
    }

    /// A ticket's summary, status and closed flag as the API reports them.
    public func ticketSummary(id: Int) -> (summary: String, statusID: Int, closed: Bool, externalXRef: String?)? {
        store.withLock { $0.tickets[id] }.map { ($0.summary, $0.statusID, $0.closedFlag, $0.externalXRef) }
    }

    static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(.iso8601)
    }
}
