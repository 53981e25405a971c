import Foundation
import PSACore
import PSASandbox
import TerminalUI
import Testing

@testable import Wizard

/// Key n on home: the Nerdio accounts sync form, prefilled from the stored settings, checked
/// before anything is sent, synced off the UI thread, drawn at 80x24.
@Suite struct NerdioSyncFormTests {
    let size = Size(width: 80, height: 24)
    let folder: URL
    let store: Store

    static let settings = NerdioSyncSettings(
        url: "https://nmm.contoso.com", tenant: "contoso.onmicrosoft.com", clientID: "0a1b2c3d",
        clientSecret: Secret("stored-nerdio-secret"), scope: "api://0a1b2c3d/.default")

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("psalink-nsync-\(UUID().uuidString)")
        store = try Store.open(at: folder.appendingPathComponent("db.sqlite").path)
    }

    func storeSettings(_ settings: NerdioSyncSettings = settings) throws {
        try store.saveNerdioSync(
            settings, syncedAt: Date(timeIntervalSince1970: 1_790_000_000),
            result: "3 accounts: 3 added, 0 updated, 0 unchanged, 0 back, 0 flagged missing")
    }

    func openApp() -> (WizardApp, MessageInbox<WizardMessage>) {
        let inbox = MessageInbox<WizardMessage>()
        var app = WizardApp(services: WizardServices(store: store), inbox: inbox)
        _ = app.update(.input(.resize(size)))
        _ = app.update(.input(.key(.character("n"))))
        return (app, inbox)
    }

    func lines(_ app: WizardApp) -> [String] {
        var buffer = ScreenBuffer(size: size)
        app.render(into: &buffer)
        return buffer.lines
    }

    /// Types into the focused field, then moves to the next one.
    func type(_ text: String, into form: inout NerdioSyncForm) {
        if !text.isEmpty { _ = form.handle(.text(text)) }
        _ = form.handle(.key(.tab))
    }

    @Test func opensEmptyWithNothingStored() throws {
        let (app, _) = openApp()
        let form = try #require(app.nerdioSync)
        #expect(NerdioSyncForm.Field.allCases.allSatisfy { form.value($0).text.isEmpty })
        #expect(!form.hasStoredSecret)
        #expect(!form.isDirty)
        let text = lines(app).joined(separator: "\n")
        #expect(text.contains("Nerdio accounts sync"))
        #expect(text.contains("Never synced"))
        #expect(text.contains("(hidden as you type)"))
    }

    @Test func prefillsFromTheStoredSettingsButNeverTheSecret() throws {
        try storeSettings()
        let (app, _) = openApp()
        let form = try #require(app.nerdioSync)
        #expect(form.value(.url).text == "https://nmm.contoso.com")
        #expect(form.value(.tenant).text == "contoso.onmicrosoft.com")
        #expect(form.value(.clientID).text == "0a1b2c3d")
        #expect(form.value(.scope).text == "api://0a1b2c3d/.default")
        // The default authority is the placeholder, not a value.
        #expect(form.value(.authority).text.isEmpty)
        #expect(form.value(.clientSecret).text.isEmpty)
        #expect(form.hasStoredSecret)
        #expect(!form.isDirty)
        #expect(form.lastResult?.contains("3 added") == true)
    }

    @Test func theStoredSecretIsKeptUnlessRetyped() throws {
        try storeSettings()
        let record = try store.nerdioSync()
        var form = NerdioSyncForm(session: 1, record: record)
        #expect(form.makeSettings() == Self.settings)
        guard case .sync(let settings, _) = form.submit() else {
            Issue.record("a complete stored form does not sync")
            return
        }
        #expect(settings.clientSecret.reveal() == "stored-nerdio-secret")

        var retyped = NerdioSyncForm(session: 2, record: record)
        retyped.focusField(.clientSecret)
        _ = retyped.handle(.text("a-new-secret"))
        #expect(retyped.isDirty)
        #expect(retyped.makeSettings().clientSecret.reveal() == "a-new-secret")
        #expect(retyped.makeSettings().url == Self.settings.url)
    }

    @Test func emptyRequiredFieldsAreNamedAndNothingIsSent() {
        var form = NerdioSyncForm(session: 1)
        #expect(form.submit() == .none)
        #expect(!form.isSyncing)
        for field in [NerdioSyncForm.Field.url, .tenant, .clientID, .clientSecret, .scope] {
            #expect(form.errors[field] == "is empty", "\(field)")
        }
        #expect(form.errors[.authority] == nil)
        #expect(form.focus.focused == .field(.url))
        // Typing into a field clears its error.
        _ = form.handle(.text("https://nmm.contoso.com"))
        #expect(form.errors[.url] == nil)
    }

    @Test func eachProblemIsDrawnUnderItsFieldInTheErrorRole() {
        var form = NerdioSyncForm(session: 1)
        _ = form.handle(.key(.control("s")))
        var buffer = ScreenBuffer(size: size)
        let layout = NerdioSyncFormLayout(
            screen: buffer.bounds, area: ScreenChrome.content(of: buffer.bounds, notice: nil), form: form)
        NerdioSyncFormView(form: form, layout: layout, tick: 0).render(in: buffer.bounds, into: &buffer)
        let lines = [
            "  Nerdio Manager URL",
            "                        ✗ is empty",
            "  Tenant ID             ______________________________________________________",
            "                        ✗ is empty",
        ]
        let roles = [
            "..HHHHHHHHHHHHHHHHHHHHH.F" + String(repeating: "S", count: 53),
            String(repeating: ".", count: 24) + String(repeating: "E", count: 55),
            String(repeating: ".", count: 24) + String(repeating: "D", count: 54),
            String(repeating: ".", count: 24) + String(repeating: "E", count: 55),
        ]
        #expect(buffer.mismatch(lines: lines, roles: roles, in: Rect(x: 0, y: 2, width: 80, height: 4)) == nil)
    }

    @Test func problemsOfTheSettingsGoBesideTheirField() {
        var form = NerdioSyncForm(session: 1)
        type("http://nmm.contoso.com", into: &form)
        type("not a tenant", into: &form)
        type("client", into: &form)
        type("secret", into: &form)
        type("api://client/.default", into: &form)
        #expect(form.submit() == .none)
        #expect(form.errors[.tenant]?.contains("GUID") == true)
        #expect(form.focus.focused == .field(.tenant))

        form.focusField(.tenant)
        _ = form.handle(.key(.control("u")))
        _ = form.handle(.text("contoso.onmicrosoft.com"))
        #expect(form.submit() == .none)
        #expect(form.errors[.url]?.contains("https") == true)
        #expect(form.errors[.url]?.hasPrefix("--url") == false)
    }

    @Test func aCompleteFormSyncsWithTheDefaultAuthority() {
        var form = NerdioSyncForm(session: 1)
        type("https://nmm.contoso.com/", into: &form)
        type(" contoso.onmicrosoft.com ", into: &form)
        type("client", into: &form)
        type("typed-secret", into: &form)
        type("api://client/.default", into: &form)
        let effect = form.handle(.key(.control("s")))
        guard case .sync(let settings, let run) = effect else {
            Issue.record("\(effect)")
            return
        }
        #expect(run == 1)
        #expect(form.isSyncing)
        #expect(settings.url == "https://nmm.contoso.com")
        #expect(settings.tenant == "contoso.onmicrosoft.com")
        #expect(settings.authority == NerdioSyncSettings.defaultAuthority)
        #expect(settings.clientSecret.reveal() == "typed-secret")
        // While syncing, typing does nothing.
        _ = form.handle(.text("x"))
        #expect(form.value(.scope).text == "api://client/.default")
    }

    @Test func aFailureIsShownAndAStaleAnswerIsDropped() {
        var form = NerdioSyncForm(session: 1, record: nil)
        for text in ["https://nmm.contoso.com", "contoso.com", "client", "secret", "api://client/.default"] {
            type(text, into: &form)
        }
        #expect(form.submit() != .none)
        #expect(form.handle(.key(.escape)) == .cancelSync)
        #expect(!form.isSyncing)
        // The answer of the run the admin stopped waiting for changes nothing.
        #expect(form.finishSync(run: 1, .success("3 accounts")) == nil)
        #expect(form.formError?.contains("Stopped waiting") == true)

        guard case .sync(_, let run) = form.submit() else {
            Issue.record("no second run")
            return
        }
        #expect(run == 2)
        #expect(form.finishSync(run: 1, .success("stale")) == nil)
        #expect(form.isSyncing)
        let aadsts = "Microsoft Entra ID refused the token request (401): invalid_client: AADSTS7000215: Invalid client"
        #expect(form.finishSync(run: 2, .failure(WizardFailure(aadsts))) == nil)
        #expect(!form.isSyncing)
        #expect(form.formError?.contains("AADSTS7000215") == true)
    }

    @Test func anAnswerForAClosedFormIsIgnored() throws {
        var (app, _) = openApp()
        #expect(app.nerdioSync?.session == 1)
        _ = app.update(.input(.key(.escape)))
        #expect(app.nerdioSync == nil)
        _ = app.update(.input(.key(.character("n"))))
        #expect(app.nerdioSync?.session == 2)
        _ = app.update(.message(.accountsSyncFinished(session: 1, run: 1, .success("3 accounts"))))
        #expect(app.nerdioSync?.session == 2)
        #expect(app.notice == nil)
    }

    @Test func escapeWithEditsAsksFirst() throws {
        var (app, _) = openApp()
        _ = app.update(.input(.text("https://nmm.contoso.com")))
        _ = app.update(.input(.key(.escape)))
        #expect(app.nerdioSync?.confirmLeave != nil)
        #expect(lines(app).joined().contains("Discard what you typed?"))
        _ = app.update(.input(.key(.escape)))
        #expect(app.nerdioSync?.confirmLeave == nil)
        #expect(app.nerdioSync != nil)
        _ = app.update(.input(.key(.escape)))
        _ = app.update(.input(.key(.character("y"))))
        #expect(app.nerdioSync == nil)
        #expect(lines(app).joined().contains("PSA Integrations"))
    }

    @Test func rendersAt80x24WithoutTheSecret() throws {
        try storeSettings()
        var (app, _) = openApp()
        var screen = lines(app)
        #expect(screen.count == 24 && screen.allSatisfy { DisplayWidth.columns(of: $0) <= 80 })
        let text = screen.joined(separator: "\n")
        for label in ["Nerdio Manager URL", "Tenant ID", "Client ID", "Client secret", "Scope", "Authority (optional)"]
        {
            #expect(text.contains(label), "\(label)")
        }
        #expect(text.contains("(stored; type to replace)"))
        #expect(text.contains(NerdioSyncSettings.defaultAuthority))
        #expect(text.contains("Settings → Integrations → REST API"))
        #expect(text.contains("Sync & Save"))
        #expect(text.contains("Last synced 2026-"))
        #expect(text.contains("3 added"))
        #expect(!text.contains("stored-nerdio-secret"))

        for _ in 0..<3 { _ = app.update(.input(.key(.tab))) }
        _ = app.update(.input(.text("typed-secret")))
        screen = lines(app)
        #expect(!screen.joined().contains("typed-secret"))
        #expect(screen.joined().contains("Entra ID app registration"))

        // `?` is typed; F1 opens the help with the form's keys.
        _ = app.update(.input(.key(.function(1))))
        let help = lines(app).joined(separator: "\n")
        #expect(help.contains("Sync & Save: reads the accounts"))
        #expect(!help.contains("typed-secret"))
    }

    @Test func syncsWithTheSandboxAndGoesHome() async throws {
        let sandbox = PSASandbox(configuration: .init(companyCount: 3))
        let running = try await sandbox.start()
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let endpoints = running.endpoints
            let credentials = endpoints.credentials
            let opened = openApp()
            var app = opened.0
            let inbox = opened.1
            for text in [
                endpoints.nerdioURL, credentials.nerdioTenant, credentials.nerdioClientID, "wrong-secret",
                credentials.nerdioScope, endpoints.nerdioAuthority,
            ] {
                _ = app.update(.input(.text(text)))
                _ = app.update(.input(.key(.tab)))
            }
            func waitForAnswer() async throws {
                _ = app.update(.input(.key(.control("s"))))
                #expect(app.isAnimating)
                #expect(lines(app).joined().contains("Syncing with Nerdio Manager"))
                for _ in 0..<400 where app.isAnimating {
                    for message in inbox.drain() { _ = app.update(.message(message)) }
                    try await Task.sleep(for: .milliseconds(25))
                }
                #expect(!app.isAnimating)
            }
            try await waitForAnswer()
            #expect(app.nerdioSync?.formError?.contains("AADSTS7000215") == true)
            #expect(try store.nerdioSync() == nil)
            #expect(try store.accounts().isEmpty)

            app.nerdioSync?.focusField(.clientSecret)
            _ = app.update(.input(.key(.control("u"))))
            _ = app.update(.input(.text(credentials.nerdioClientSecret)))
            try await waitForAnswer()
            #expect(app.nerdioSync == nil)
            #expect(app.notice?.text.contains("Nerdio accounts synced") == true)
            #expect(try store.nerdioSync()?.settings?.clientSecret.reveal() == credentials.nerdioClientSecret)
            #expect(try !store.accounts().isEmpty)
            #expect(!lines(app).joined().contains(credentials.nerdioClientSecret))
        } catch {
            await running.stop()
            throw error
        }
        await running.stop()
    }
}
