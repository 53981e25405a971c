/// What psalink does with a PSA, whichever vendor it is. The ticket engine and the wizard
/// speak only this protocol; each vendor's HTTP lives in its own implementation.
public protocol PSAConnector: Sendable {
    var system: PSASystem { get }

    /// Proves the credentials with one cheap authenticated call.
    func validate() async throws(ConnectorError)

    /// Every company, all pages. `progress` is called after each page with the companies
    /// fetched so far and the total when the PSA tells it.
    func companies(progress: @escaping @Sendable (CompanyProgress) -> Void) async throws(ConnectorError)
        -> CompanyListing

    /// The company as the PSA has it now; nil when the PSA has no company with that id (deleted).
    func company(id: String) async throws(ConnectorError) -> PSACompany?

    /// The values the PSA offers for ticket settings; dependent lists follow `context`.
    func ticketChoices(for context: ChoiceContext) async throws(ConnectorError) -> TicketChoices

    func createTicket(_ draft: TicketDraft) async throws(ConnectorError) -> PSATicket
    func addNote(_ note: TicketNote, toTicket id: String) async throws(ConnectorError)
    /// Changes the ticket: its status (resolve, cancel, reopen) and priority in one update,
    /// with the note when one is given. A change of nothing but a note only adds the note.
    func updateTicket(_ id: String, _ change: TicketChange) async throws(ConnectorError)
    /// The ticket, or nil when the PSA has no ticket with that id.
    func ticket(id: String) async throws(ConnectorError) -> PSATicket?
    /// The most recent ticket of `companyID` carrying `externalReference`, open or closed.
    func findTicket(externalReference: String, companyID: String) async throws(ConnectorError) -> PSATicket?
}

public struct CompanyProgress: Sendable, Equatable {
    public var fetched: Int
    public var total: Int?

    public init(fetched: Int, total: Int?) {
        self.fetched = fetched
        self.total = total
    }
}

/// All companies, and how many HTTP requests it took to get them.
public struct CompanyListing: Sendable, Equatable {
    public var companies: [PSACompany]
    public var requests: Int

    public init(companies: [PSACompany], requests: Int) {
        self.companies = companies
        self.requests = requests
    }
}
