import Foundation
import PSACore
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

    @Test func themeNoticeIsShownAboveTheHints() {
        var app = WizardApp(services: WizardServices(store: store), notice: "using the default theme: theme x.json:3")
        _ = app.update(.input(.resize(Size(width: 80, height: 24))))
        let buffer = frame(app)
        let row = buffer.lines.firstIndex { $0.contains("using the default theme") }
        #expect(row == 22)
        #expect(buffer[1, 22].role == .warning)
    }
}
