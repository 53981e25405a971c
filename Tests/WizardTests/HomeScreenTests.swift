import Foundation
import PSACore
import PSASandbox
import SandboxConnections
import TerminalUI
import Testing

@testable import Wizard

/// The wizard's home screen as plain state: events in, `ScreenBuffer` lines and roles out.
@Suite struct HomeScreenTests {
    let folder: URL
    let store: Store

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("psalink-wizard-\(UUID().uuidString)")
        store = try Store.open(at: folder.appendingPathComponent("db.sqlite").path)
    }

    func app(size: Size = Size(width: 80, height: 24)) -> WizardApp {
        var app = WizardApp(services: WizardServices(store: store))
        _ = app.update(.input(.resize(size)))
        return app
    }

    func frame(_ app: WizardApp, size: Size = Size(width: 80, height: 24)) -> ScreenBuffer {
        var buffer = ScreenBuffer(size: size)
        app.render(into: &buffer)
        return buffer
    }

    func seed() throws {
        try store.insert(
            NewIntegration(system: .halo, displayName: "Contoso Halo"), credentials: ["clientSecret": "s3cret"])
        try store.insert(NewIntegration(system: .connectwise, displayName: "Fabrikam CW"), credentials: [:])
        let autotask = try store.insert(
            NewIntegration(system: .autotask, displayName: "Northwind AT"), credentials: [:])
        try store.recordHealth(
            .failing(reason: "403: missing permission edit:tickets", checkedAt: Date()),
            forIntegration: autotask.id)
    }

    @Test func emptyStateTellsWhatToDoNext() {
        let lines = frame(app()).lines
        #expect(lines[0].hasPrefix(" psalink · PSA Integrations"))
        #expect(lines.contains { $0.contains("No PSA integration yet.") })
        #expect(lines.contains { $0.contains("HaloPSA: an API application") })
        #expect(lines[23].contains("? Help") && lines[23].contains("q Quit"))
    }

    @Test func listShowsEveryIntegrationWithDefaultAndHealth() throws {
        try seed()
        let lines = frame(app()).lines
        let halo = try #require(lines.first { $0.contains("Contoso Halo") })
        #expect(halo.contains("HaloPSA") && halo.contains("(Default)") && halo.contains("not checked"))
        let autotask = try #require(lines.first { $0.contains("Northwind AT") })
        #expect(autotask.contains("Datto Autotask PSA") && autotask.contains("✗ failing"))
        #expect(!lines.joined().contains("s3cret"))
    }

    @Test func highlightedRowIsFocusAndDetailsFollowIt() throws {
        try seed()
        var app = app()
        let first = frame(app)
        let haloRow = try #require(first.lines.firstIndex { $0.contains("Contoso Halo") })
        #expect(first[5, haloRow].role == .focus)
        _ = app.update(.input(.key(.end)))
        let last = frame(app)
        #expect(last.lines.contains { $0.contains("403: missing permission edit:tickets") })
        #expect(last[5, haloRow].role == .normal)
    }

    @Test func helpOverlayOpensAndClosesWithoutQuitting() {
        var app = app()
        #expect(app.update(.input(.key(.character("?")))) == .continue)
        #expect(frame(app).lines.contains { $0.contains("Reload the list") })
        #expect(app.update(.input(.key(.character("q")))) == .continue)
        #expect(!frame(app).lines.contains { $0.contains("Reload the list") })
        #expect(app.update(.input(.key(.character("q")))) == .exit(0))
    }

    @Test func ctrlCQuitsEvenFromHelp() {
        var app = app()
        _ = app.update(.input(.key(.character("?"))))
        #expect(app.update(.input(.key(.control("c")))) == .exit(0))
    }

    @Test func typedAheadTextIsHandledKeyByKey() {
        var app = app()
        #expect(app.update(.input(.text("??q"))) == .exit(0))
    }

    @Test func reloadPicksUpNewIntegrations() throws {
        var app = app()
        try store.insert(NewIntegration(system: .halo, displayName: "Added Later"), credentials: [:])
        #expect(!frame(app).lines.contains { $0.contains("Added Later") })
        _ = app.update(.input(.key(.character("r"))))
        #expect(frame(app).lines.contains { $0.contains("Added Later") })
    }

    @Test func widerTerminalUsesTheWidth() throws {
        try seed()
        let size = Size(width: 132, height: 43)
        let lines = frame(app(size: size), size: size).lines
        #expect(lines.count == 43)
        #expect(lines.allSatisfy { DisplayWidth.columns(of: $0) == 132 })
        #expect(lines[42].contains("q Quit"))
    }

    /// Gives `integrationID` `count` events whose attempts ran out in every round, and one that
    /// is still retryable (which the home screen does not count).
    func failForGood(_ count: Int, integrationID: Int64) throws {
        let routed = (0...count).map { index in
            (
                NotificationEvent(
                    id: "lost-\(integrationID)-\(index)", accountID: "a1",
                    condition: .init(id: "c1", type: .task, name: "Scaling"), severity: .high, state: .firing,
                    target: "hostpool/hp-\(index)", title: "Scaling", details: ""),
                RoutingDecision(
                    integrationID: integrationID, queueID: nil, settings: TicketSettings(),
                    outcome: .ticket(companyID: "7", viaFallback: false), dedupeKey: "key-\(integrationID)-\(index)")
            )
        }
        let stored = try store.ingest(routed)
        let claimed = try store.claimDueEvents(owner: "home-tests", now: Date(), leaseFor: 60, limit: 100)
        #expect(claimed.count == stored.count)
        for (index, result) in stored.enumerated() {
            try store.finishDelivery(
                of: result.seq,
                Store.DeliveryOutcome(
                    state: .failed, error: "may be temporary: the PSA answered 503", exhausted: true,
                    retryable: index == count),
                ticket: nil)
        }
    }

    @Test func eventsFailedForGoodShowTheIntegrationInRed() throws {
        try seed()
        let halo = try #require(try store.integration(named: "Contoso Halo"))
        let connectwise = try #require(try store.integration(named: "Fabrikam CW"))
        try failForGood(3, integrationID: halo.id)
        try failForGood(1, integrationID: connectwise.id)
        var app = app()
        var buffer = frame(app)
        let haloRow = try #require(buffer.lines.firstIndex { $0.contains("Contoso Halo") })
        let cwRow = try #require(buffer.lines.firstIndex { $0.contains("Fabrikam CW") })
        #expect(buffer.lines[haloRow].contains("✗ 3 failed"))
        #expect(buffer.lines[cwRow].contains("✗ 1 failed"))
        #expect(!buffer.lines.contains { $0.contains("Northwind AT") && $0.contains("failed") })
        // The highlighted row keeps its focus; the others' Health cell is drawn as an error.
        let healthX = try #require(buffer.lines[cwRow].range(of: "✗ 1 failed")).lowerBound.utf16Offset(
            in: buffer.lines[cwRow])
        #expect(buffer[healthX, cwRow].role == .error)
        #expect(buffer[healthX, haloRow].role == .focus)
        #expect(buffer[5, cwRow].role == .normal)
        // The details of the highlighted integration say how many, in the error role.
        let details = try #require(buffer.lines.firstIndex { $0.contains("3 events failed for good") })
        #expect(buffer[2, details].role == .error)
        #expect(buffer.lines.allSatisfy { DisplayWidth.columns(of: $0) == 80 })
        #expect(buffer.lines.count == 24)

        // Moving down: the Halo row turns red, the details follow the highlight.
        _ = app.update(.input(.key(.down)))
        buffer = frame(app)
        #expect(buffer[healthX, haloRow].role == .error)
        #expect(buffer.lines.contains { $0.contains("✗ 1 event failed for good") })
    }

    @Test func refusedEventsWithoutAFallbackTicketAndBrokenMappingsAreShown() throws {
        try seed()
        let halo = try #require(try store.integration(named: "Contoso Halo"))
        let connectwise = try #require(try store.integration(named: "Fabrikam CW"))
        // A refusal with no MSP-level customer to take a ticket about it.
        let stored = try store.ingest([
            (
                NotificationEvent(
                    id: "refused-1", accountID: "a1", condition: .init(id: "c1", type: .task), severity: .high,
                    state: .firing, target: "hp", title: "Scaling", details: ""),
                RoutingDecision(
                    integrationID: halo.id, queueID: nil, settings: TicketSettings(),
                    outcome: .ticket(companyID: "7", viaFallback: false), dedupeKey: "key-refused")
            )
        ])
        _ = try store.claimDueEvents(owner: "home-tests", now: Date(), leaseFor: 60, limit: 10)
        try store.finishDelivery(
            of: stored[0].seq, Store.DeliveryOutcome(state: .failed, error: "the PSA rejected the request"),
            ticket: nil)
        // Two accounts mapped to a company that the PSA then deactivated.
        try store.importAccounts([
            NerdioAccount(id: "a1", name: "Contoso", tenantID: "1e3500cc-d08f-42c8-8678-ce352b7de55e"),
            NerdioAccount(id: "a2", name: "Contoso EU", tenantID: "5b2c7a1e-8f3d-4e6a-9c0b-2d4f6a8e1c3b"),
        ])
        try store.replaceCompanies([PSACompany(id: "7", name: "Contoso")], forIntegration: connectwise.id)
        try store.setMapping(integration: connectwise.id, account: "a1", company: "7")
        try store.setMapping(integration: connectwise.id, account: "a2", company: "7")
        try store.replaceCompanies(
            [PSACompany(id: "7", name: "Contoso", isActive: false)], forIntegration: connectwise.id)
        try MappingHealth(store: store).review(integrationID: connectwise.id)
        try store.saveIntegrationSettings(
            [try IntegrationSettingAssignment(key: .brokenMapping, value: "hold")], forIntegration: connectwise.id)
        let held = try EventIntake(store: store).accept(
            [
                NotificationEvent(
                    id: "held-1", accountID: "a1", condition: .init(id: "c1", type: .task), severity: .high,
                    state: .firing, target: "hp", title: "Scaling", details: "")
            ], toIntegration: connectwise.id)
        #expect(held == [.accepted(.stored(seq: 2, state: .held))])

        var app = app()
        var buffer = frame(app)
        let haloRow = try #require(buffer.lines.firstIndex { $0.contains("Contoso Halo") })
        let cwRow = try #require(buffer.lines.firstIndex { $0.contains("Fabrikam CW") })
        #expect(buffer.lines[haloRow].contains("✗ 1 without ticket"))
        #expect(buffer.lines[cwRow].contains("⚠ 2 to review"))
        let healthX = try #require(buffer.lines[cwRow].range(of: "⚠ 2 to review")).lowerBound.utf16Offset(
            in: buffer.lines[cwRow])
        #expect(buffer[healthX, cwRow].role == .warning)
        let details = try #require(buffer.lines.firstIndex { $0.contains("1 event could not become a ticket") })
        #expect(buffer[2, details].role == .error)

        _ = app.update(.input(.key(.down)))
        buffer = frame(app)
        #expect(buffer[healthX, haloRow].role == .error)
        #expect(
            buffer.lines.contains {
                $0.contains("⚠ 2 mappings need review: company gone, inactive or merged (Account Mapping)")
            })
        #expect(buffer.lines.contains { $0.contains("⏸ 1 event is held until its account is remapped (broken-mapping=hold)") })
    }

    @Test func aThrottlingPSAShowsUntilWhenInTheWarningRoleAfterAReload() throws {
        let credentials = Credentials.halo(
            HaloCredentials(url: "https://contoso.halopsa.com", clientID: "app", clientSecret: Secret("s")))
        try store.insert(NewIntegration(system: .connectwise, displayName: "Fabrikam CW"), credentials: [:])
        try store.insert(
            NewIntegration(system: .halo, displayName: "Contoso Halo"), credentials: credentials.storedFields)
        var app = app()
        #expect(!frame(app).lines.contains { $0.contains("throttled") })

        // The PSA answers a request with 429 and Retry-After: 600, as a connector records it.
        let key = BudgetKey(credentials)
        let decision = try store.takeFromBudget(
            key, limit: RateLimit(count: 300, seconds: 300), priority: .essential, usagePaced: false)
        guard case .granted(let grant) = decision else {
            Issue.record("no grant: \(decision)")
            return
        }
        try store.finishBudgetRequest(grant, of: key, answer: .throttled(retryAfter: 600))
        let until = utcClock(Date().addingTimeInterval(600))
        #expect(!frame(app).lines.contains { $0.contains("throttled") })  // until the list is read again

        _ = app.update(.input(.key(.character("r"))))
        var buffer = frame(app)
        let haloRow = try #require(buffer.lines.firstIndex { $0.contains("Contoso Halo") })
        let cwRow = try #require(buffer.lines.firstIndex { $0.contains("Fabrikam CW") })
        #expect(buffer.lines[haloRow].contains("throttled until \(until)"))
        #expect(!buffer.lines[cwRow].contains("throttled"))
        #expect(buffer.lines.allSatisfy { DisplayWidth.columns(of: $0) == 80 })
        // With the other integration highlighted, the cell is in the warning role.
        let healthX = try #require(buffer.lines[haloRow].range(of: "throttled")).lowerBound.utf16Offset(
            in: buffer.lines[haloRow])
        let haloFirst = haloRow < cwRow
        if haloFirst { _ = app.update(.input(.key(.down))) }
        buffer = frame(app)
        #expect(buffer[5, cwRow].role == .focus)
        #expect(buffer[healthX, haloRow].role == .warning)

        // With it highlighted, its details say it in full, also in the warning role.
        _ = app.update(.input(.key(haloFirst ? .up : .down)))
        buffer = frame(app)
        #expect(buffer[healthX, haloRow].role == .focus)
        let details = try #require(
            buffer.lines.firstIndex { $0.contains("The PSA is throttling psalink until \(until) UTC") })
        #expect(buffer[2, details].role == .warning)
    }

    @Test func checkingAnIntegrationAgainLooksItsZoneUpOnce() async throws {
        let sandbox = PSASandbox(configuration: .init(companyCount: 3))
        let running = try await sandbox.start()
        do {
            let credentials = running.endpoints.credentials(for: .autotask)
            try store.insert(
                NewIntegration(system: .autotask, displayName: "Autotask"), credentials: credentials.storedFields)
            let inbox = MessageInbox<WizardMessage>()
            var app = WizardApp(services: WizardServices(store: store), inbox: inbox)
            _ = app.update(.input(.resize(Size(width: 80, height: 24))))
            // Key v twice, each check waited for: the process's one connector for these
            // credentials keeps the zone it looked up the first time.
            for _ in 0..<2 {
                _ = app.update(.input(.key(.character("v"))))
                for _ in 0..<400 where app.isAnimating {
                    for message in inbox.drain() { _ = app.update(.message(message)) }
                    try await Task.sleep(for: .milliseconds(25))
                }
                #expect(!app.isAnimating)
                #expect(try store.integrations().first?.health.keyword == "ok")
            }
            // The two checks, and the usage report the rate budget read once before them.
            #expect(sandbox.faults.requests(containing: "ThresholdInformation") == 3)
            #expect(sandbox.faults.requests(containing: "zoneInformation") == 1)
        } catch {
            await running.stop()
            throw error
        }
        await running.stop()
    }

    @Test func themeNoticeIsShownAboveTheHints() {
        var app = WizardApp(services: WizardServices(store: store), notice: "using the default theme: theme x.json:3")
        _ = app.update(.input(.resize(Size(width: 80, height: 24))))
        let buffer = frame(app)
        let row = buffer.lines.firstIndex { $0.contains("using the default theme") }
        #expect(row == 22)
        #expect(buffer[1, 22].role == .warning)
    }
}
