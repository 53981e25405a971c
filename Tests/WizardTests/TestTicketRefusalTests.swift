import Foundation
import PSACore
import TerminalUI
import Testing

@testable import Wizard

/// A PSA that still refuses the create, in its own words (which carry an escape sequence, as
/// anything a PSA sends may), after psalink's settings were checked.
private struct RefusingCreate: PSAConnector {
    var system: PSASystem { .halo }
    static let words = "Urgency is required for Tickets of type 'Incident'\u{1B}[2J"
    static let unused = ConnectorError.server(status: 500, message: "not used")
    func validate() async throws(ConnectorError) {}
    func companies(progress: @escaping @Sendable (CompanyProgress) -> Void) async throws(ConnectorError)
        -> CompanyListing
    { throw Self.unused }
    func ticketChoices(for context: ChoiceContext) async throws(ConnectorError) -> TicketChoices { TicketChoices() }
    func createTicket(_ draft: TicketDraft) async throws(ConnectorError) -> PSATicket {
        throw .rejected(field: nil, message: Self.words)
    }
    func addNote(_ note: TicketNote, toTicket id: String) async throws(ConnectorError) { throw Self.unused }
    func updateTicket(_ id: String, _ change: TicketChange) async throws(ConnectorError) { throw Self.unused }
    func ticket(id: String) async throws(ConnectorError) -> PSATicket? { nil }
    func company(id: String) async throws(ConnectorError) -> PSACompany? { nil }
    func findTicket(externalReference: String, companyID: String) async throws(ConnectorError) -> PSATicket? { nil }
}

@Suite struct TestTicketRefusalTests {
    @Test func aTestTicketThePSARefusesShowsThePSAsOwnWordsEscaped() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("psalink-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store.open(at: folder.appendingPathComponent("db.sqlite").path)
        let credentials = Credentials.halo(
            HaloCredentials(url: "https://halo.invalid", clientID: "id", clientSecret: Secret("secret")))
        let id = try store.insert(
            NewIntegration(system: .halo, displayName: "Halo"), credentials: credentials.storedFields
        )
        .id
        try store.replaceCompanies([PSACompany(id: "12", name: "The MSP", isMSP: true)], forIntegration: id)
        try store.setMSPCustomer(integration: id, company: "12", fallbackForUnmapped: false)
        try store.saveTicketSettings(["ticket-type": "1", "open-status": "1"], forIntegration: id)
        var services = WizardServices(store: store)
        services.connector = { _ in RefusingCreate() }

        let firing = TestTicket.firing(accountID: nil)
        let result = await services.sendTestEvent(firing, integrationID: id, firing: firing)
        guard case .failure(let failure) = result else {
            Issue.record("the refused create was reported as \(result)")
            return
        }
        #expect(failure.description.contains(RefusingCreate.words), "\(failure)")

        var browser = TicketsBrowser(integration: Integration(id: id, system: .halo, displayName: "Halo"), session: 1)
        browser.show(TicketsSnapshot(tickets: [], queues: [], companyNames: [:], accounts: [], now: Date()))
        let layout = TicketsLayout(size: Size(width: 80, height: 24), notice: nil)
        _ = browser.handle(.key(.character("s")), layout: layout)
        #expect(
            browser.handle(.key(.enter), layout: layout) == .sendTest(accountID: nil, label: "the MSP-level customer"))
        _ = browser.testTicketFinished(closing: false, result)
        let notice = try #require(browser.notice)
        #expect(notice.role == .error)
        #expect(notice.text.hasPrefix("Test ticket not sent to the MSP-level customer: "))
        #expect(notice.text.contains("Urgency is required for Tickets of type 'Incident'\\e[2J"), "\(notice.text)")
        #expect(!notice.text.contains("\u{1B}"))
    }
}
