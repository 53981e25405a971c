import Foundation
import PSACore
import PSASandbox
import TerminalUI
import Testing

@testable import Wizard

/// Key v on home: the highlighted integration's stored credentials checked again, off the UI
/// thread, and the answer recorded as its health.
@Suite struct RevalidateTests {
    let size = Size(width: 80, height: 24)

    func run(secret: (SandboxCredentials) -> String, _ check: (WizardApp, Store) throws -> Void) async throws {
        let sandbox = PSASandbox(configuration: .init(companyCount: 3))
        let running = try await sandbox.start()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("psalink-v-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let store = try Store.open(at: folder.appendingPathComponent("db.sqlite").path)
            let endpoints = running.endpoints
            let credentials = Credentials.halo(
                HaloCredentials(
                    url: endpoints.haloURL, clientID: endpoints.credentials.haloClientID,
                    clientSecret: Secret(secret(endpoints.credentials))))
            try store.insert(NewIntegration(system: .halo, displayName: "Halo"), credentials: credentials.storedFields)
            let inbox = MessageInbox<WizardMessage>()
            var app = WizardApp(services: WizardServices(store: store), inbox: inbox)
            _ = app.update(.input(.resize(size)))
            _ = app.update(.input(.key(.character("v"))))
            #expect(app.isAnimating)
            var buffer = ScreenBuffer(size: size)
            app.render(into: &buffer)
            #expect(buffer.lines.contains { $0.contains("Checking \"Halo\" with HaloPSA…") })
            for _ in 0..<400 where app.isAnimating {
                for message in inbox.drain() { _ = app.update(.message(message)) }
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(!app.isAnimating)
            try check(app, store)
        } catch {
            await running.stop()
            throw error
        }
        await running.stop()
    }

    func lines(_ app: WizardApp) -> [String] {
        var buffer = ScreenBuffer(size: size)
        app.render(into: &buffer)
        return buffer.lines
    }

    @Test func validCredentialsBecomeHealthy() async throws {
        try await run(secret: \.haloClientSecret) { app, store in
            let health = try store.integrations().first?.health
            #expect(health?.keyword == "ok")
            #expect(lines(app).contains { $0.contains("\"Halo\": credentials valid.") })
        }
    }

    @Test func rejectedCredentialsBecomeFailingWithTheReason() async throws {
        try await run(secret: { _ in "rotated-away" }) { app, store in
            let integration = try #require(try store.integrations().first)
            guard case .failing(let reason, _) = integration.health else {
                Issue.record("health is \(integration.health)")
                return
            }
            #expect(reason.contains("401"))
            #expect(lines(app).contains { $0.contains("✗ failing") })
            #expect(!lines(app).joined().contains("rotated-away"))
        }
    }
}
