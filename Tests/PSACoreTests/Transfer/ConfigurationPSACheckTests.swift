import Foundation
import Synchronization
import Testing

@testable import PSACore

/// A PSA that offers fixed choices, or fails every load, and counts its loads.
private final class ChoicesConnector: PSAConnector, Sendable {
    let system: PSASystem
    let answer: @Sendable (ChoiceContext) throws(ConnectorError) -> TicketChoices
    let loads = Mutex(0)

    init(system: PSASystem, answer: @escaping @Sendable (ChoiceContext) throws(ConnectorError) -> TicketChoices) {
        self.system = system
        self.answer = answer
    }

    static let unused = ConnectorError.rejected(field: nil, message: "not used by the check")
    func validate() async throws(ConnectorError) { throw Self.unused }
    func companies(progress: @escaping @Sendable (CompanyProgress) -> Void) async throws(ConnectorError)
        -> CompanyListing
    { throw Self.unused }
    func ticketChoices(for context: ChoiceContext) async throws(ConnectorError) -> TicketChoices {
        loads.withLock { $0 += 1 }
        return try answer(context)
    }
    func createTicket(_ draft: TicketDraft) async throws(ConnectorError) -> PSATicket { throw Self.unused }
    func addNote(_ note: TicketNote, toTicket id: String) async throws(ConnectorError) { throw Self.unused }
    func updateTicket(_ id: String, _ change: TicketChange) async throws(ConnectorError) { throw Self.unused }
    func ticket(id: String) async throws(ConnectorError) -> PSATicket? { throw Self.unused }
    func company(id: String) async throws(ConnectorError) -> PSACompany? { throw Self.unused }
    func findTicket(externalReference: String, companyID: String) async throws(ConnectorError) -> PSATicket? {
        throw Self.unused
    }
}

@Suite struct ConfigurationPSACheckTests {
    static let credentials = Credentials.halo(
        HaloCredentials(url: "https://halo.example.com", clientID: "client", clientSecret: Secret("s3cret")))

    /// "Incident" (1) requires an urgency without a default; "Alert" (29) defaults it to Low.
    static func halo(_ context: ChoiceContext) -> TicketChoices {
        let type = context.ticketType
        let urgencies = [Choice(id: "1", name: "High"), Choice(id: "3", name: "Low", isDefault: type == "29")]
        return TicketChoices(
            values: [
                .ticketType: [Choice(id: "1", name: "Incident"), Choice(id: "29", name: "Alert")],
                .status: [Choice(id: "1", name: "New"), Choice(id: "9", name: "Closed", isClosing: true)],
                .urgency: urgencies,
            ],
            required: [.ticketType], requiredByPSA: type == nil ? [] : [.urgency])
    }

    static func document(settings: [String: String], queues: [ConfigurationDocument.QueueEntry] = [])
        -> ConfigurationDocument
    {
        ConfigurationDocument(
            exportedAt: Date(), psalinkSchema: "v8",
            integrations: [.init(system: "halo", name: "Halo", settings: settings, queues: queues)], accounts: [])
    }

    fileprivate func check(_ document: ConfigurationDocument, connector: ChoicesConnector) async
        -> ConfigurationPSACheck.Outcome
    {
        await ConfigurationPSACheck { _ in connector }.check(document, credentials: [Self.credentials])
    }

    @Test func valuesBecomeThePSAsIdsAndEachListIsLoadedOnce() async {
        let connector = ChoicesConnector(system: .halo) { context throws(ConnectorError) in Self.halo(context) }
        let outcome = await check(
            Self.document(
                settings: ["ticket-type": "alert", "open-status": "new"],
                queues: [.init(name: "Backups", settings: ["urgency": "High"]), .init(name: "Other")]),
            connector: connector)
        #expect(outcome.problems.isEmpty)
        #expect(outcome.reviews.isEmpty)
        #expect(outcome.document.integrations[0].settings == ["ticket-type": "29", "open-status": "1"])
        #expect(outcome.document.integrations[0].queues.map(\.settings) == [["urgency": "1"], [:]])
        // The base lists and those of the Alert type, whatever the number of queues.
        #expect(connector.loads.withLock { $0 } == 2)
    }

    @Test func aValueThePSALacksAndAnUnmetRequirementAreProblemsNamingTheirPlace() async {
        let connector = ChoicesConnector(system: .halo) { context throws(ConnectorError) in Self.halo(context) }
        let outcome = await check(
            Self.document(
                settings: ["ticket-type": "29"],
                queues: [
                    .init(name: "Noisy", settings: ["ticket-type": "incident"]),
                    .init(name: "Bad", settings: ["urgency": "Nope"]),
                ]),
            connector: connector)
        #expect(
            outcome.problems.map(\.message) == [
                "integration \"Halo\", queue \"Noisy\": urgency: ticket type \"Incident\" in HaloPSA requires an urgency "
                    + "on new tickets and has no default; give urgency a value in the document (offered: High, Low)",
                "integration \"Halo\", queue \"Bad\": urgency: no urgency has the id or name \"Nope\"; choose one of: "
                    + "High, Low",
            ])
    }

    @Test func aPSAThatDoesNotAnswerMarksTheIntegrationForReview() async {
        let connector = ChoicesConnector(system: .halo) { _ throws(ConnectorError) in
            throw .server(status: 503, message: "Service Unavailable")
        }
        let document = Self.document(settings: ["ticket-type": "Alert"])
        let outcome = await check(document, connector: connector)
        #expect(outcome.problems.isEmpty)
        #expect(
            outcome.reviews == ["Halo": ConnectorError.server(status: 503, message: "Service Unavailable").description])
        // Taken as they are: nothing could be resolved.
        #expect(outcome.document == document)
    }

    @Test func aRefusalOfThePSAIsAProblemNotAReview() async {
        let connector = ChoicesConnector(system: .halo) { _ throws(ConnectorError) in
            throw .unauthorized("invalid_client")
        }
        let outcome = await check(Self.document(settings: [:]), connector: connector)
        #expect(outcome.reviews.isEmpty)
        #expect(
            outcome.problems.first?.message.hasPrefix("integration \"Halo\": the ticket settings cannot be checked")
                == true)
    }

    @Test func userDefinedFieldsAreAutotasksOnlyInADocument() throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/db.sqlite")
            let autotask = Credentials.autotask(
                AutotaskCredentials(username: "api@x", secret: Secret("s"), integrationCode: "CODE"))
            let document = ConfigurationDocument(
                exportedAt: Date(), psalinkSchema: "v8",
                integrations: [
                    .init(
                        system: "halo", name: "Halo", credentials: Self.credentials.storedFields,
                        settings: ["udf.Region": "1"]),
                    .init(
                        system: "autotask", name: "AT", credentials: autotask.storedFields,
                        settings: ["udf.Region": "1"], queues: [.init(name: "Q", settings: ["udf.Region": "2"])]),
                ], accounts: [])
            #expect(
                try store.configurationProblems(document).map(\.message) == [
                    "integration \"Halo\": udf.Region is a user-defined field, which only Datto Autotask PSA has"
                ])
        }
    }

    @Test func theImportMarksAndClearsTheReviewAndAuditsBoth() throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/db.sqlite")
            let document = ConfigurationDocument(
                exportedAt: Date(), psalinkSchema: "v8",
                integrations: [
                    .init(
                        system: "halo", name: "Halo",
                        credentials: Self.credentials.storedFields, settings: ["ticket-type": "1"])
                ], accounts: [])
            let summary = try store.importConfiguration(
                document, source: "a.json", reviews: ["halo": "may be temporary"])
            #expect(summary.reviewNeeded == ["Halo"])
            let id = try #require(try store.integration(named: "Halo")?.id)
            #expect(try store.settingsReview(forIntegration: id)?.reason == "may be temporary")

            // Saving checked settings clears it.
            try store.saveTicketSettings(["ticket-type": "29"], forIntegration: id)
            #expect(try store.settingsReview(forIntegration: id) == nil)

            // So does an import whose settings were checked.
            try store.importConfiguration(document, source: "a.json", reviews: ["Halo": "down"])
            try store.importConfiguration(document, source: "b.json")
            #expect(try store.settingsReview(forIntegration: id) == nil)

            let log = try store.auditLog().filter { $0.action == "settings.review" }.reversed().map {
                "\($0.oldValue ?? "-") > \($0.newValue ?? "-")"
            }
            #expect(
                log == [
                    "- > needed: may be temporary", "needed: may be temporary > done", "- > needed: down",
                    "needed: down > done",
                ])
        }
    }
}
