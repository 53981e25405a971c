import Foundation
import PSACore
import TerminalUI
import Testing

@testable import Wizard

/// The three-tab editor inside the wizard when the PSA cannot be reached: the tabs keep
/// working from the database, say what is wrong, and save nothing half-checked.
@Suite struct EditorTests {
    let size = Size(width: 80, height: 24)

    /// A HaloPSA integration whose server has gone away (nothing listens on the port), with
    /// two accounts and its companies cached from before.
    func withUnreachablePSA(_ body: (Store, Int64) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("psalink-ed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store.open(at: folder.appendingPathComponent("db.sqlite").path)
        let credentials = Credentials.halo(
            HaloCredentials(url: "http://127.0.0.1:9", clientID: "client", clientSecret: Secret("secret-value")))
        let integration = try store.insert(
            NewIntegration(system: .halo, displayName: "Halo"), credentials: credentials.storedFields)
        let id = integration.id
        try store.importAccounts([
            NerdioAccount(id: "a1", name: "Contoso", tenantID: "1e3500cc-d08f-42c8-8678-ce352b7de55e"),
            NerdioAccount(id: "a2", name: "Fabrikam", tenantID: "5b2c7a1e-8f3d-4e6a-9c0b-2d4f6a8e1c3b"),
        ])
        try store.replaceCompanies([PSACompany(id: "101", name: "Contoso Ltd")], forIntegration: id)
        try store.setMapping(integration: id, account: "a1", company: "101")
        try await body(store, id)
    }

    func makeApp(_ store: Store, _ inbox: MessageInbox<WizardMessage>) -> WizardApp {
        var app = WizardApp(
            services: WizardServices(store: store, client: HTTPClient(configuration: .init(totalTimeout: .seconds(5)))),
            inbox: inbox)
        _ = app.update(.input(.resize(size)))
        return app
    }

    func press(_ key: Key, _ app: inout WizardApp) { _ = app.update(.input(.key(key))) }

    /// Hands the answers of slow work to the app until none is running.
    func settle(_ app: inout WizardApp, _ inbox: MessageInbox<WizardMessage>) async throws {
        for _ in 0..<400 {
            for message in inbox.drain() { _ = app.update(.message(message)) }
            if !app.isAnimating { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record("slow work did not finish")
    }

    func screen(_ app: WizardApp) -> String {
        var buffer = ScreenBuffer(size: size)
        app.render(into: &buffer)
        return buffer.lines.joined(separator: "\n")
    }

    @Test func aPSAThatWentAwayBetweenTabsLeavesTheStoreAsItWas() async throws {
        try await withUnreachablePSA { store, id in
            let before = try store.mappings(forIntegration: id)
            let inbox = MessageInbox<WizardMessage>()
            var app = makeApp(store, inbox)
            press(.enter, &app)
            #expect(app.editor?.integration?.id == id)
            #expect(!screen(app).contains("secret-value"))

            // Mapping: the cache still answers, so the tab works; the check before saving cannot.
            press(.control("n"), &app)
            try await settle(&app, inbox)
            #expect(screen(app).contains("Contoso Ltd"))
            press(.down, &app)
            press(.character(" "), &app)
            press(.control("s"), &app)
            try await settle(&app, inbox)
            let mappingScreen = screen(app)
            #expect(mappingScreen.contains("Could not check the mapped companies"))
            #expect(mappingScreen.contains("Nothing was saved"))
            #expect(try store.mappings(forIntegration: id) == before)

            // Settings: the lists cannot load; saving is refused rather than unchecked.
            press(.control("n"), &app)
            try await settle(&app, inbox)
            #expect(screen(app).contains("Ctrl-R"))
            press(.control("s"), &app)
            #expect(screen(app).contains("cannot be checked"))
            #expect(try store.ticketSettings(forIntegration: id).isEmpty)

            // Leaving asks, because the skipped account is not saved.
            press(.escape, &app)
            #expect(screen(app).contains("Not saved yet: Account Mapping."))
            press(.character("y"), &app)
            #expect(app.editor == nil)
            #expect(try store.mappings(forIntegration: id) == before)
        }
    }

    @Test func anEmptyCacheIsFilledFromThePSAAndAFailureSaysHowToRetry() async throws {
        try await withUnreachablePSA { store, id in
            try store.replaceCompanies([], forIntegration: id)
            let inbox = MessageInbox<WizardMessage>()
            var app = makeApp(store, inbox)
            press(.enter, &app)
            press(.control("n"), &app)
            #expect(screen(app).contains("Loading companies from HaloPSA"))
            try await settle(&app, inbox)
            #expect(screen(app).contains("Could not load the companies from HaloPSA"))
            #expect(screen(app).contains("Ctrl-R tries again"))
            press(.enter, &app)
            #expect(app.editor?.mapping?.picker == nil)
        }
    }

    @Test func theOtherTabsOpenOnlyOnceTheCredentialsAreSaved() async throws {
        try await withUnreachablePSA { store, _ in
            var app = makeApp(store, MessageInbox())
            press(.character("a"), &app)
            press(.control("n"), &app)
            #expect(app.editor?.tab == .credentials)
            #expect(!screen(app).contains("Ctrl-N Next"))
        }
    }
}
