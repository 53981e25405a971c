import Foundation
import Synchronization

/// ConnectWise PSA (Manage) over its REST API 3.0. Vendor facts: `reference/psa-apis.md` §1.
public struct ConnectWiseConnector: PSAConnector {
    public var system: PSASystem { .connectwise }

    let credentials: ConnectWiseCredentials
    let transport: ConnectorTransport
    /// `{site}/{codebase}apis/3.0`, looked up once per connector.
    private let apiBaseCache = SharedLookup<String>()

    /// ConnectWise's documented maximum page size [CW11]; more records need the `Link` header.
    static let pageSize = 1000
    /// The longest summary psalink sends; the rest of a title goes into the description. The
    /// limit itself is UNCONFIRMED (psa-apis.md §1.3 (4)).
    static let summaryLimit = 100
    static let acceptHeader = "application/vnd.connectwise.com+json"

    public init(credentials: ConnectWiseCredentials, transport: ConnectorTransport) {
        self.credentials = credentials
        self.transport = transport
    }

    // MARK: PSAConnector

    /// `GET /system/info`, the call Connect-CWM validates a connection with [CW2]. The codebase
    /// lookup before it proves the site and company ID.
    public func validate() async throws(ConnectorError) {
        let problems = Credentials.connectwise(credentials).problems()
        guard problems.isEmpty else { throw .invalidCredentials(problems) }
        let response = try await call(.get, "/system/info")
        _ = try transport.decode(SystemInfo.self, from: response)
    }

    /// Every company not deleted, 1,000 a page, in id order, following the `Link` header's
    /// `next` until there is none. `requests` counts the pages (and their retries), not the
    /// one-time codebase lookup.
    public func companies(progress: @escaping @Sendable (CompanyProgress) -> Void) async throws(ConnectorError)
        -> CompanyListing
    {
        _ = try await apiBase()
        let before = transport.requestCount
        var companies: [PSACompany] = []
        let query = [
            ("conditions", ConnectWiseCondition.equals("deletedFlag", false)),
            ("fields", "id,identifier,name,status,types,website"),
            ("orderBy", "id asc"),
        ]
        _ = try await list("/company/companies", query: query) { (page: [ConnectWiseModel.Company], isLast) in
            companies += page.map(Self.company)
            progress(CompanyProgress(fetched: companies.count, total: isLast ? companies.count : nil))
        }
        return CompanyListing(companies: companies, requests: transport.requestCount - before)
    }

    /// Boards, priorities, severities and impacts; with `context.board`, that board's statuses
    /// and types too. The lists load concurrently.
    public func ticketChoices(for context: ChoiceContext) async throws(ConnectorError) -> TicketChoices {
        var boardID: Int?
        if let board = context.board, !board.isEmpty { boardID = try Self.numericID(board, field: "board") }
        _ = try await apiBase()  // once, before the concurrent lists
        do {
            async let boards = boardChoices()
            async let priorities = namedChoices("/service/priorities", orderBy: "sortOrder asc")
            async let severities = levelChoices("/service/severities")
            async let impacts = levelChoices("/service/impacts")
            async let statuses = statusChoices(board: boardID)
            async let types = typeChoices(board: boardID)
            var values: [TicketField: [Choice]] = [
                .board: try await boards, .priority: try await priorities, .severity: try await severities,
                .impact: try await impacts,
            ]
            if boardID != nil {
                values[.status] = try await statuses
                values[.ticketType] = try await types
            }
            // No `requiredByPSA`: ConnectWise's API reports no required ticket fields; its create
            // requires `summary` and `company` (psa-apis.md §1.3 (4)), which every draft carries.
            return TicketChoices(values: values, required: [.board, .status])
        } catch let error as ConnectorError {
            throw error
        } catch {
            throw .transport(.cancelled)
        }
    }

    /// `POST /service/tickets`: a service ticket on the company, with the chosen board, status,
    /// type and priority (ids) and severity and impact (the strings Low, Medium, High).
    public func createTicket(_ draft: TicketDraft) async throws(ConnectorError) -> PSATicket {
        let companyID = try Self.numericID(draft.companyID, field: "company")
        func reference(_ field: TicketField, _ name: String) throws(ConnectorError) -> ConnectWiseModel.ID? {
            guard let value = draft.settings[field], !value.isEmpty else { return nil }
            return ConnectWiseModel.ID(id: try Self.numericID(value, field: name))
        }
        let (summary, fullTitle) = Self.summary(for: draft.title)
        let description = [fullTitle, draft.details.isEmpty ? nil : draft.details].compactMap { $0 }
            .joined(separator: "\n\n")
        let ticket = ConnectWiseModel.NewTicket(
            summary: summary, company: .init(id: companyID), board: try reference(.board, "board"),
            status: try reference(.status, "status"), type: try reference(.ticketType, "type"),
            priority: try reference(.priority, "priority"), severity: draft.settings[.severity].map(Self.level),
            impact: draft.settings[.impact].map(Self.level),
            initialDescription: description.isEmpty ? nil : description,
            externalXRef: draft.externalReference.isEmpty ? nil : draft.externalReference)
        let response = try await call(.post, "/service/tickets", body: Self.json(ticket))
        return PSATicket(try transport.decode(ConnectWiseModel.Ticket.self, from: response))
    }

    /// `POST /service/tickets/{id}/notes`, flagged internal analysis (technicians only) or detail
    /// description (the discussion the customer sees), exactly one of the two as practice has it,
    /// and `processNotifications: false` whichever it is, so that a public note e-mails no one
    /// (ServiceNote fields: psa-apis.md §1 "Add note" [CW9 `model_service_note.go`, CW8]).
    /// `updateTicket` sends its note through here too.
    public func addNote(_ note: TicketNote, toTicket id: String) async throws(ConnectorError) {
        let ticketID = try Self.numericID(id, field: "ticket")
        let body = ConnectWiseModel.NewNote(
            text: note.text, detailDescriptionFlag: !note.isInternal, internalAnalysisFlag: note.isInternal)
        _ = try await call(.post, "/service/tickets/\(ticketID)/notes", body: Self.json(body))
    }

    /// `PATCH /service/tickets/{id}` replacing the status (a closing status closes the ticket)
    /// and the priority, then the note. Setting the same values twice changes nothing, so the
    /// PATCH may be retried.
    public func updateTicket(_ id: String, _ change: TicketChange) async throws(ConnectorError) {
        let ticketID = try Self.numericID(id, field: "ticket")
        var patch: [ConnectWiseModel.PatchOperation<ConnectWiseModel.ID>] = []
        if let status = change.statusID {
            patch.append(
                .init(path: "status", value: ConnectWiseModel.ID(id: try Self.numericID(status, field: "status"))))
        }
        if let priority = change.priorityID {
            patch.append(
                .init(path: "priority", value: ConnectWiseModel.ID(id: try Self.numericID(priority, field: "priority")))
            )
        }
        if !patch.isEmpty {
            _ = try await call(.patch, "/service/tickets/\(ticketID)", body: Self.json(patch), retryable: true)
        }
        if let note = change.note { try await addNote(note, toTicket: id) }
    }

    /// `GET /company/companies/{id}`; a 404, or a company flagged deleted, is none.
    public func company(id: String) async throws(ConnectorError) -> PSACompany? {
        guard let companyID = try? Self.numericID(id, field: "company") else { return nil }
        do {
            let response = try await call(.get, "/company/companies/\(companyID)")
            let company = try transport.decode(ConnectWiseModel.Company.self, from: response)
            return company.deletedFlag == true ? nil : Self.company(company)
        } catch {
            if case .notFound = error { return nil }
            throw error
        }
    }

    public func ticket(id: String) async throws(ConnectorError) -> PSATicket? {
        guard let ticketID = try? Self.numericID(id, field: "ticket") else { return nil }
        do {
            let response = try await call(.get, "/service/tickets/\(ticketID)")
            return PSATicket(try transport.decode(ConnectWiseModel.Ticket.self, from: response))
        } catch {
            if case .notFound = error { return nil }
            throw error
        }
    }

    /// The newest ticket of the company whose `externalXRef` is the reference. ConnectWise
    /// compares strings without regard to case, so the answer is checked for an exact match.
    public func findTicket(externalReference: String, companyID: String) async throws(ConnectorError) -> PSATicket? {
        let company = try Self.numericID(companyID, field: "company")
        let conditions = ConnectWiseCondition.all(
            ConnectWiseCondition.equals("externalXRef", externalReference),
            ConnectWiseCondition.equals("company/id", company))
        let response = try await call(
            .get, "/service/tickets", query: [("conditions", conditions), ("orderBy", "id desc"), ("pageSize", "1")])
        let tickets = try transport.decode([ConnectWiseModel.Ticket].self, from: response)
        guard let ticket = tickets.first, ticket.externalXRef.map({ $0 == externalReference }) ?? true else {
            return nil
        }
        return PSATicket(ticket)
    }

    // MARK: Choices

    private func boardChoices() async throws(ConnectorError) -> [Choice] {
        let boards: [ConnectWiseModel.Board] = try await list(
            "/service/boards",
            query: [("conditions", ConnectWiseCondition.equals("inactiveFlag", false)), ("orderBy", "name asc")])
        // Project boards hold project tickets; a service ticket cannot go there.
        return boards.filter { $0.inactiveFlag != true && $0.projectFlag != true }
            .map { Choice(id: String($0.id), name: $0.name ?? "Board \($0.id)") }
    }

    private func statusChoices(board: Int?) async throws(ConnectorError) -> [Choice] {
        guard let board else { return [] }
        let statuses: [ConnectWiseModel.BoardStatus] = try await list(
            "/service/boards/\(board)/statuses",
            query: [("conditions", ConnectWiseCondition.equals("inactive", false)), ("orderBy", "sortOrder asc")])
        return statuses.filter { $0.inactive != true }.map {
            Choice(
                id: String($0.id), name: $0.name ?? "Status \($0.id)", isClosing: $0.closedStatus ?? false,
                isDefault: $0.defaultFlag ?? false)
        }
    }

    private func typeChoices(board: Int?) async throws(ConnectorError) -> [Choice] {
        guard let board else { return [] }
        let types: [ConnectWiseModel.Named] = try await list(
            "/service/boards/\(board)/types",
            query: [("conditions", ConnectWiseCondition.equals("inactiveFlag", false)), ("orderBy", "name asc")])
        return types.filter { $0.inactiveFlag != true }.map {
            Choice(id: String($0.id), name: $0.name ?? "Type \($0.id)", isDefault: $0.defaultFlag ?? false)
        }
    }

    private func namedChoices(_ path: String, orderBy: String) async throws(ConnectorError) -> [Choice] {
        let values: [ConnectWiseModel.Named] = try await list(path, query: [("orderBy", orderBy)])
        return values.map { Choice(id: String($0.id), name: $0.name ?? "\($0.id)", isDefault: $0.defaultFlag ?? false) }
    }

    /// Severities and impacts: a ticket carries them as the strings Low, Medium and High, not as
    /// references [CW8], so the choice's id is the name.
    private func levelChoices(_ path: String) async throws(ConnectorError) -> [Choice] {
        let values: [ConnectWiseModel.Named] = try await list(path, query: [("orderBy", "id asc")])
        return values.compactMap { value in
            value.name.map { Choice(id: Self.level($0), name: $0, isDefault: value.defaultFlag ?? false) }
        }
    }

    // MARK: HTTP

    /// One API call: Basic auth of `company+public:private`, the `clientId` header and
    /// ConnectWise's media type on every request [CW1, CW2, CW6]; non-2xx becomes a
    /// `ConnectorError` with ConnectWise's own message.
    private func call(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: Data? = nil, retryable: Bool = false
    ) async throws(ConnectorError) -> HTTPResponse {
        let base = try await apiBase()
        var response = try await send(method, base + path, query: query, body: body, retryable: retryable)
        if Self.saysCodebaseIsWrong(response) {
            // The site serves the API elsewhere now: look the codebase up again, send once more.
            apiBaseCache.forget()
            let rediscovered = try await apiBase()
            response = try await send(method, rediscovered + path, query: query, body: body, retryable: retryable)
        }
        guard response.isSuccess else { throw transport.error(for: response, describe: Self.describe) }
        return response
    }

    private func send(
        _ method: HTTPMethod, _ url: String, query: [(String, String)], body: Data?, retryable: Bool
    ) async throws(ConnectorError) -> HTTPResponse {
        var request = HTTPRequest(
            method: method, url: ConnectWiseURLs.withQuery(url, query), headers: headers, body: body,
            retryable: retryable)
        if body != nil { request.headers.set(name: "Content-Type", value: "application/json") }
        return try await transport.send(request)
    }

    /// A redirect, or a 404 that is not ConnectWise's own JSON error (an `apis/3.0` path the
    /// site does not serve), says the remembered codebase no longer holds. A 404 of a record
    /// comes with ConnectWise's error body.
    private static func saysCodebaseIsWrong(_ response: HTTPResponse) -> Bool {
        if response.isRedirect { return true }
        guard response.status == 404 else { return false }
        return (try? JSONDecoder().decode(ConnectWiseModel.ErrorBody.self, from: response.body)) == nil
    }

    private var headers: HTTPHeaders {
        let user =
            credentials.companyID.trimmingCharacters(in: .whitespaces) + "+"
            + credentials.publicKey.trimmingCharacters(in: .whitespaces)
        let token = Data("\(user):\(credentials.privateKey.reveal())".utf8).base64EncodedString()
        return [
            "Authorization": "Basic \(token)",
            "clientId": credentials.clientID.trimmingCharacters(in: .whitespaces),
            "Accept": Self.acceptHeader,
        ]
    }

    /// Pages through a list 1,000 at a time. ConnectWise answers a bare JSON array and, while
    /// there are more pages, a `Link` header with `rel="next"` [CW4, CW7, CW11]. Only the page
    /// number is taken from it, so our own conditions, fields and order stay as sent; no page is
    /// requested after the one without a `next` link.
    private func list<T: Decodable>(
        _ path: String, query: [(String, String)], onPage: ([T], _ isLast: Bool) -> Void = { _, _ in }
    ) async throws(ConnectorError) -> [T] {
        var all: [T] = []
        var page = 1
        while true {
            let response = try await call(
                .get, path, query: query + [("page", String(page)), ("pageSize", String(Self.pageSize))])
            let items = try transport.decode([T].self, from: response)
            all += items
            switch ConnectWiseLink.next(in: response.headers) {
            case .none:
                onPage(items, true)
                return all
            case .page where items.isEmpty:
                // A `next` after an empty page would never end.
                onPage(items, true)
                return all
            case .page(let next) where next > page:
                onPage(items, false)
                page = next
            case .page(let next):
                throw .unexpectedResponse("a Link header whose next page (\(next)) does not follow page \(page)")
            case .unreadable(let url):
                throw .unexpectedResponse("a Link header whose next page cannot be read (\(url))")
            }
        }
    }

    /// The API base, from `GET {site}/login/companyinfo/{companyId}` (no authentication) the
    /// first time, shared by every call in flight [CW1, CW6]. A `null` or empty answer, or one
    /// without a codebase, means the site does not know the company ID: the SDK raises its
    /// 404 "Company not found" for it [CW1]. Any other failure follows the general rule
    /// (`ConnectorError.isTransient`).
    private func apiBase() async throws(ConnectorError) -> String {
        try await apiBaseCache.value { () async throws(ConnectorError) in try await lookUpCodebase() }
    }

    private func lookUpCodebase() async throws(ConnectorError) -> String {
        let url = ConnectWiseURLs.companyInfo(site: credentials.site, companyID: credentials.companyID)
        let unknownCompany = ConnectorError.notFound(
            "company ID \"\(credentials.companyID)\" is not known at \(ConnectWiseURLs.siteBase(credentials.site))"
                + " (it is the company you sign in to ConnectWise with)")
        let response = try await transport.send(HTTPRequest(url: url, headers: ["Accept": "application/json"]))
        if response.status == 404 { throw unknownCompany }
        guard response.isSuccess else { throw transport.error(for: response, describe: Self.describe) }
        let text = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
        // `null` is how the site says it does not know the company [CW1]. An empty body says
        // nothing: a proxy or a connection cut short gives it as well, so it is asked again.
        if text == "null" { throw unknownCompany }
        if text.isEmpty {
            throw .unexpectedResponse(
                "an empty answer (\(response.status)) to the codebase lookup of company ID \"\(credentials.companyID)\""
            )
        }
        let info = try transport.decode(ConnectWiseModel.CompanyInfo.self, from: response)
        guard let codebase = info.codebase, !codebase.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw unknownCompany
        }
        guard let base = ConnectWiseURLs.apiBase(site: credentials.site, codebase: codebase) else {
            throw .unexpectedResponse("a codebase that is not a path segment (\(codebase))")
        }
        return base
    }

    // MARK: Values

    private struct SystemInfo: Decodable {
        var version: String?
    }

    static func company(_ company: ConnectWiseModel.Company) -> PSACompany {
        let name = company.name ?? company.identifier ?? "Company \(company.id)"
        let type = company.types?.first?.name ?? company.type?.name
        return PSACompany(
            id: String(company.id), name: name, isActive: isActiveStatus(company.status?.name), type: type,
            domains: PSACompany.domains(fromWebsite: company.website))
    }

    /// A company is active unless its status says otherwise. The reference on the company carries
    /// only the status's id and name; the stock statuses are Active, Inactive and Not Approved
    /// (statuses are configurable), so "Inactive" (also "Inactive - ..." variants), "Not Approved"
    /// and "Deleted" count as inactive and anything else, or no status, as active.
    static func isActiveStatus(_ name: String?) -> Bool {
        guard let name = name?.trimmingCharacters(in: .whitespaces).lowercased(), !name.isEmpty else { return true }
        if ["inactive", "not approved", "deleted"].contains(name) { return false }
        let firstWord = name.split(whereSeparator: { !$0.isLetter }).first
        return firstWord != "inactive"
    }

    /// Low, Medium or High whatever the case it was given in; anything else as given, for
    /// ConnectWise to judge.
    static func level(_ value: String) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        return ["Low", "Medium", "High"].first { $0.caseInsensitiveCompare(trimmed) == .orderedSame } ?? trimmed
    }

    /// The summary (one line, at most `summaryLimit` UTF-16 units as .NET counts them, cut with
    /// "…") and, when it had to be cut, the whole title for the description.
    static func summary(for title: String) -> (summary: String, fullTitle: String?) {
        let line = title.split(whereSeparator: \.isNewline).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
        guard line.utf16.count > summaryLimit else { return (line, nil) }
        var cut = ""
        var length = 0
        for character in line {
            length += character.utf16.count
            if length > summaryLimit - 1 { break }
            cut.append(character)
        }
        return (cut.trimmingCharacters(in: .whitespaces) + "…", line)
    }

    static func numericID(_ value: String, field: String) throws(ConnectorError) -> Int {
        guard let id = Int(value.trimmingCharacters(in: .whitespaces)), id > 0 else {
            throw .rejected(field: field, message: "\"\(value)\" is not a ConnectWise \(field) id (a positive number)")
        }
        return id
    }

    static func json(_ value: some Encodable) -> Data {
        (try? JSONEncoder().encode(value)) ?? Data("{}".utf8)
    }

    /// ConnectWise's error body `{"code", "message", "errors": [{"code", "message", "resource",
    /// "field"}]}` [CW9]: the message with each error's own text, and the first field named.
    static func describe(_ response: HTTPResponse) -> VendorErrorText {
        var text: VendorErrorText
        if let body = try? JSONDecoder().decode(ConnectWiseModel.ErrorBody.self, from: response.body),
            body.message != nil || body.code != nil || !(body.errors ?? []).isEmpty
        {
            let items = body.errors ?? []
            var message = body.message?.trimmingCharacters(in: .whitespacesAndNewlines) ?? body.code ?? ""
            let details = items.compactMap { $0.message ?? $0.code }.filter { !$0.isEmpty && $0 != message }
            if !details.isEmpty {
                message =
                    message.isEmpty ? details.joined(separator: "; ") : "\(message): \(details.joined(separator: "; "))"
            }
            let field = items.lazy.compactMap(\.field).first { !$0.isEmpty }
            text = VendorErrorText(field: field, message: message)
        } else {
            let plain = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
            let isHTML = plain.hasPrefix("<") || (response.headers["Content-Type"] ?? "").lowercased().contains("html")
            text = VendorErrorText(
                message: isHTML ? "an HTML page instead of ConnectWise's JSON" : String(plain.prefix(300)))
        }
        if response.status == 401 {
            let hint = "check the company ID, the public and private keys, and the clientId"
            text.message = text.message.isEmpty ? hint : "\(text.message) (\(hint))"
        }
        return text
    }
}
