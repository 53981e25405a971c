import Foundation
import PSACore
import TerminalUI
import Testing

@testable import Wizard

/// The home screen's actions: set as default, pause/resume, and remove with the name typed
/// (and, for the default, its successor chosen first); the dialog as pure state, then the
/// wizard over a real store at 80x24.
@Suite struct HomeActionsTests {
    let folder: URL
    let store: Store
    let layout = RemoveDialogLayout(area: Rect(x: 1, y: 2, width: 78, height: 19))

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("psalink-home-\(UUID().uuidString)")
        store = try Store.open(at: folder.appendingPathComponent("db.sqlite").path)
    }

    func app() -> WizardApp {
        var app = WizardApp(services: WizardServices(store: store))
        _ = app.update(.input(.resize(Size(width: 80, height: 24))))
        return app
    }

    func lines(_ app: WizardApp) -> [String] {
        var buffer = ScreenBuffer(size: Size(width: 80, height: 24))
        app.render(into: &buffer)
        return buffer.lines
    }

    @discardableResult
    func seed() throws -> [Integration] {
        [
            try store.insert(NewIntegration(system: .halo, displayName: "Contoso Halo"), credentials: [:]),
            try store.insert(NewIntegration(system: .connectwise, displayName: "Fabrikam CW"), credentials: [:]),
            try store.insert(NewIntegration(system: .autotask, displayName: "Northwind AT"), credentials: [:]),
        ]
    }

    func press(_ app: inout WizardApp, _ keys: Key...) {
        for key in keys { _ = app.update(.input(.key(key))) }
    }

    func type(_ app: inout WizardApp, _ text: String) {
        for character in text { _ = app.update(.input(.key(.character(character)))) }
    }

    // MARK: The dialog as state

    @Test func removingANonDefaultAsksOnlyForTheName() throws {
        let all = try seed()
        var dialog = RemoveIntegrationDialog(integration: all[1], among: try store.integrations())
        guard case .typeName = dialog.step else {
            Issue.record("expected the name step")
            return
        }
        for character in "Fabrikam" { #expect(dialog.handle(.key(.character(character)), layout: layout) == .none) }
        #expect(dialog.handle(.key(.enter), layout: layout) == .none)
        #expect(dialog.message?.contains("does not match") == true)
        for character in " cw" { _ = dialog.handle(.key(.character(character)), layout: layout) }
        // Case matters: the name exactly.
        #expect(dialog.handle(.key(.enter), layout: layout) == .none)
        for _ in 0..<2 { _ = dialog.handle(.key(.backspace), layout: layout) }
        for character in "CW" { _ = dialog.handle(.key(.character(character)), layout: layout) }
        #expect(dialog.message == nil)
        #expect(dialog.handle(.key(.enter), layout: layout) == .remove(id: all[1].id, newDefault: nil))
    }

    @Test func removingTheDefaultFirstAsksForTheSuccessor() throws {
        try seed()
        let integrations = try store.integrations()
        let standing = try #require(integrations.first { $0.isDefault })
        var dialog = RemoveIntegrationDialog(integration: standing, among: integrations)
        #expect(dialog.candidates.count == 2 && !dialog.candidates.contains { $0.id == standing.id })
        guard case .chooseSuccessor(let picker) = dialog.step else {
            Issue.record("expected the picker")
            return
        }
        #expect(picker.isOpen)
        _ = dialog.handle(.key(.down), layout: layout)
        _ = dialog.handle(.key(.enter), layout: layout)
        let successor = dialog.candidates[1]
        #expect(dialog.successorName == successor.displayName)
        for character in standing.displayName { _ = dialog.handle(.key(.character(character)), layout: layout) }
        #expect(dialog.handle(.key(.enter), layout: layout) == .remove(id: standing.id, newDefault: successor.id))
    }

    @Test func escapeCancelsAtEitherStep() throws {
        try seed()
        let integrations = try store.integrations()
        let standing = try #require(integrations.first { $0.isDefault })
        var dialog = RemoveIntegrationDialog(integration: standing, among: integrations)
        #expect(dialog.handle(.key(.escape), layout: layout) == .cancel)
        var other = RemoveIntegrationDialog(integration: integrations[2], among: integrations)
        #expect(other.handle(.key(.escape), layout: layout) == .cancel)
    }

    @Test func theOnlyIntegrationNeedsNoSuccessor() throws {
        let only = try store.insert(NewIntegration(system: .halo, displayName: "Solo"), credentials: [:])
        let stored = try #require(try store.integrations().first { $0.id == only.id })
        let dialog = RemoveIntegrationDialog(integration: stored, among: [stored])
        #expect(dialog.candidates.isEmpty)
        guard case .typeName = dialog.step else {
            Issue.record("expected the name step")
            return
        }
    }

    // MARK: The wizard

    @Test func setAsDefaultMovesTheMarker() throws {
        try seed()
        var app = app()
        press(&app, .down, .down, .character("d"))
        let integrations = try store.integrations()
        #expect(integrations.filter(\.isDefault).map(\.displayName) == ["Northwind AT"])
        let shown = lines(app)
        #expect(shown.filter { $0.contains("(Default)") }.count == 1)
        #expect(shown.first { $0.contains("Northwind AT") }?.contains("(Default)") == true)
        #expect(shown.contains { $0.contains("\"Northwind AT\" is now the default PSA system.") })
    }

    @Test func pauseShowsPausedAndTheOutboxNoticeThenResumes() throws {
        try seed()
        var app = app()
        press(&app, .down, .character("p"))
        #expect(try store.integrations().first { $0.displayName == "Fabrikam CW" }?.isPaused == true)
        var shown = lines(app)
        #expect(shown.first { $0.contains("Fabrikam CW") }?.contains("paused") == true)
        #expect(shown.contains { $0.contains("wait in the outbox") })
        press(&app, .character("p"))
        #expect(try store.integrations().first { $0.displayName == "Fabrikam CW" }?.isPaused == false)
        shown = lines(app)
        #expect(shown.first { $0.contains("Fabrikam CW") }?.contains("paused") == false)
        #expect(shown.contains { $0.contains("resumed") })
    }

    @Test func removeWithTypedNameAndSuccessorThroughTheWizard() throws {
        try seed()
        var app = app()
        // The first row is the default (the first added).
        press(&app, .delete)
        var shown = lines(app)
        #expect(shown.contains { $0.contains("New default instead of Contoso Halo") })
        press(&app, .down, .enter)
        shown = lines(app)
        #expect(shown.contains { $0.contains("Remove Contoso Halo") })
        #expect(shown.contains { $0.contains("Northwind AT becomes the") })
        type(&app, "Contoso Halo")
        press(&app, .enter)
        let left = try store.integrations()
        #expect(left.map(\.displayName).sorted() == ["Fabrikam CW", "Northwind AT"])
        #expect(left.filter(\.isDefault).map(\.displayName) == ["Northwind AT"])
        shown = lines(app)
        #expect(shown.contains { $0.contains("\"Contoso Halo\" removed; \"Northwind AT\" is now the default.") })
    }

    @Test func hintBarFitsAndHelpListsEveryKey() throws {
        try seed()
        var app = app()
        let bar = lines(app)[23]
        #expect(bar.contains("u Queues") && bar.contains("q Quit") && bar.contains("? Help"))
        press(&app, .character("?"))
        let help = lines(app).joined(separator: "\n")
        for label in [
            "Set the highlighted integration as the default", "Pause the highlighted", "Remove the highlighted",
            "Audit log", "Ticket queues",
        ] {
            #expect(help.contains(label), "\(label)")
        }
    }

    @Test func auditLogListsChangesNewestFirstWithValues() throws {
        try seed()
        var app = app()
        press(&app, .down, .character("p"), .character("d"), .character("L"))
        let shown = lines(app)
        #expect(shown[0].contains("Audit log"))
        let setDefault = try #require(shown.firstIndex { $0.contains("integration.set-default") })
        let pause = try #require(shown.firstIndex { $0.contains("integration.pause") })
        #expect(setDefault < pause)
        // The highlighted entry is the newest: its old and new values below the table.
        #expect(shown.contains { $0.contains("Old: default=Contoso Halo") })
        #expect(shown.contains { $0.contains("New: default=Fabrikam CW") })
        press(&app, .down)
        #expect(lines(app).contains { $0.contains("New: paused") })
        press(&app, .escape)
        #expect(lines(app)[0].contains("PSA Integrations"))
    }
}
