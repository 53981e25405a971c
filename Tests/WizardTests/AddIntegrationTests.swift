import Foundation
import PSACore
import PSASandbox
import TerminalUI
import Testing

@testable import Wizard

/// The "Add PSA integration" form, driven like a user would, against the sandbox.
@Suite struct AddIntegrationTests {
    let size = Size(width: 80, height: 24)

    func makeApp(_ store: Store, inbox: MessageInbox<WizardMessage>) -> WizardApp {
        var app = WizardApp(
            services: WizardServices(
                store: store, client: HTTPClient(configuration: .init(totalTimeout: .seconds(10)))),
            inbox: inbox)
        _ = app.update(.input(.resize(size)))
        return app
    }

    func frame(_ app: WizardApp) -> ScreenBuffer {
        var buffer = ScreenBuffer(size: size)
        app.render(into: &buffer)
        return buffer
    }

    func type(_ text: String, into app: inout WizardApp) {
        _ = app.update(.input(.text(text)))
    }

    func key(_ key: Key, _ app: inout WizardApp) {
        _ = app.update(.input(.key(key)))
    }

    /// Waits for the form's check to answer and hands the answer to the app.
    func deliver(_ inbox: MessageInbox<WizardMessage>, to app: inout WizardApp) async throws {
        for _ in 0..<600 {
            let messages = inbox.drain()
            if !messages.isEmpty {
                for message in messages { _ = app.update(.message(message)) }
                return
            }
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record("no answer from the check")
    }

    func withStore(_ body: (Store) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("psalink-add-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await body(try Store.open(at: folder.appendingPathComponent("db.sqlite").path))
    }

    /// Runs `body` with a sandbox listening, and always stops it.
    func withSandbox(_ body: (PSASandbox, SandboxEndpoints) async throws -> Void) async throws {
        let sandbox = PSASandbox(configuration: .init(companyCount: 3))
        let running = try await sandbox.start()
        do {
            try await body(sandbox, running.endpoints)
        } catch {
            await running.stop()
            throw error
        }
        await running.stop()
    }

    /// Fills the HaloPSA form: name, URL, client ID, secret (tenant left empty).
    func fillHalo(_ app: inout WizardApp, endpoints: SandboxEndpoints, secret: String) {
        type("Halo sandbox", into: &app)
        key(.tab, &app)
        type(endpoints.haloURL, into: &app)
        key(.tab, &app)
        type(endpoints.credentials.haloClientID, into: &app)
        key(.tab, &app)
        type(secret, into: &app)
    }

    @Test func emptyFormNamesEveryMissingFieldAndAsksNoPSA() async throws {
        try await withStore { store in
            let inbox = MessageInbox<WizardMessage>()
            var app = makeApp(store, inbox: inbox)
            key(.character("a"), &app)
            #expect(frame(app).lines[0].contains("Add PSA integration"))
            key(.control("s"), &app)
            let lines = frame(app).lines
            #expect(lines.filter { $0.contains("✗ is empty") }.count == 4)
            #expect(app.editor?.credentials.isValidating == false)
            #expect(inbox.drain().isEmpty)
        }
    }

    @Test func validCredentialsAreCheckedThenSavedAndListed() async throws {
        try await withSandbox { sandbox, endpoints in
            try await withStore { store in
                let inbox = MessageInbox<WizardMessage>()
                var app = makeApp(store, inbox: inbox)
                key(.character("a"), &app)
                let secret = endpoints.credentials.haloClientSecret
                fillHalo(&app, endpoints: endpoints, secret: secret)
                #expect(!frame(app).lines.joined().contains(secret))
                key(.control("s"), &app)
                #expect(app.isAnimating)
                #expect(frame(app).lines.contains { $0.contains("Checking with HaloPSA") })
                try await deliver(inbox, to: &app)
                // Saved: the editor stays open on the saved integration, and the next tabs open.
                #expect(app.editor?.integration?.displayName == "Halo sandbox")
                #expect(app.editor?.canMoveOn == true)
                #expect(frame(app).lines.contains { $0.contains("Saved HaloPSA integration \"Halo sandbox\"") })
                #expect(app.editor?.credentials.isDirty == false)
                key(.escape, &app)
                #expect(app.editor == nil)
                let lines = frame(app).lines
                #expect(
                    lines.contains { $0.contains("Halo sandbox") && $0.contains("● OK") && $0.contains("(Default)") })
                let stored = try store.integrations()
                #expect(stored.map(\.displayName) == ["Halo sandbox"])
                #expect(try store.credentials(forIntegration: stored[0].id)["clientSecret"] == secret)
            }
        }
    }

    @Test func wrongSecretIsShownBesideTheSecretAndNothingIsSaved() async throws {
        try await withSandbox { sandbox, endpoints in
            try await withStore { store in
                let inbox = MessageInbox<WizardMessage>()
                var app = makeApp(store, inbox: inbox)
                key(.character("a"), &app)
                fillHalo(&app, endpoints: endpoints, secret: "not-the-secret")
                key(.control("s"), &app)
                try await deliver(inbox, to: &app)
                let lines = frame(app).lines
                let secretRow = try #require(lines.firstIndex { $0.contains("Client Secret") })
                #expect(lines[secretRow + 1].contains("✗ the PSA rejected the credentials (401)"))
                #expect(!lines.joined().contains("not-the-secret"))
                #expect(try store.integrations().isEmpty)
            }
        }
    }

    @Test func escapeCancelsACheckInProgress() async throws {
        try await withSandbox { sandbox, endpoints in
            sandbox.faults.inject(.delay(milliseconds: 1500), count: 3)
            try await withStore { store in
                let inbox = MessageInbox<WizardMessage>()
                var app = makeApp(store, inbox: inbox)
                key(.character("a"), &app)
                fillHalo(&app, endpoints: endpoints, secret: endpoints.credentials.haloClientSecret)
                key(.control("s"), &app)
                key(.escape, &app)
                #expect(app.editor?.credentials.isValidating == false)
                #expect(frame(app).lines.contains { $0.contains("Validation cancelled; nothing was saved.") })
                // The late answer of the cancelled check must not save anything.
                try await deliver(inbox, to: &app)
                #expect(app.editor != nil)
                #expect(try store.integrations().isEmpty)
            }
        }
    }

    @Test func switchingSystemKeepsTheNameAndShowsThatSystemsFields() async throws {
        try await withStore { store in
            var app = makeApp(store, inbox: MessageInbox())
            key(.character("a"), &app)
            type("Main PSA", into: &app)
            key(.backTab, &app)
            key(.enter, &app)
            type("conn", into: &app)
            key(.enter, &app)
            let lines = frame(app).lines
            #expect(lines.contains { $0.contains("ConnectWise PSA") })
            #expect(lines.contains { $0.contains("Public key") })
            #expect(!lines.contains { $0.contains("Server URL") })
            #expect(app.editor?.credentials.value(.name).text == "Main PSA")
        }
    }

    @Test func leavingWithInputAsksFirst() async throws {
        try await withStore { store in
            var app = makeApp(store, inbox: MessageInbox())
            key(.character("a"), &app)
            type("x", into: &app)
            key(.escape, &app)
            #expect(frame(app).lines.contains { $0.contains("Discard this integration?") })
            key(.character("y"), &app)
            #expect(app.editor == nil)
        }
    }
}
