import Foundation
import PSACore
import TerminalUI
import Testing

@testable import Wizard

/// The wizard's root model: one screen at a time, effects instead of writes and tasks, help
/// on every screen, and only the keys that work now offered.
@Suite struct WizardModelTests {
    let folder: URL
    let store: Store
    let size = Size(width: 80, height: 24)

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("psalink-model-\(UUID().uuidString)")
        store = try Store.open(at: folder.appendingPathComponent("db.sqlite").path)
    }

    func model() -> WizardModel {
        var model = WizardModel(services: WizardServices(store: store))
        _ = model.update(.input(.resize(size)))
        return model
    }

    func lines(_ model: WizardModel) -> [String] {
        var buffer = ScreenBuffer(size: size)
        model.render(into: &buffer)
        return buffer.lines
    }

    @discardableResult
    func press(_ model: inout WizardModel, _ key: Key) -> [WizardEffect] {
        model.update(.input(.key(key))).1
    }

    @Test func aKeyThatChangesTheStoreAsksForAWriteAndWritesNothingItself() throws {
        try store.insert(NewIntegration(system: .halo, displayName: "Contoso Halo"), credentials: [:])
        let second = try store.insert(NewIntegration(system: .autotask, displayName: "Northwind AT"), credentials: [:])
        var model = model()
        press(&model, .down)
        let effects = press(&model, .character("d"))
        guard effects.count == 1, case .write(.setDefault(let integration)) = effects[0] else {
            Issue.record("expected one write, got \(effects)")
            return
        }
        #expect(integration.id == second.id)
        #expect(try store.integrations().first { $0.isDefault }?.displayName == "Contoso Halo")

        let runner = EffectRunner(services: model.services, inbox: MessageInbox())
        #expect(model.update(runner.perform(.setDefault(integration))).isEmpty)
        #expect(try store.integrations().first { $0.isDefault }?.displayName == "Northwind AT")
        #expect(model.notice?.text == "\"Northwind AT\" is now the default PSA system.")
        #expect(model.home.selected?.displayName == "Northwind AT")
    }

    @Test func slowWorkIsAskedForAsAJob() throws {
        try store.insert(NewIntegration(system: .halo, displayName: "Contoso Halo"), credentials: [:])
        var model = model()
        let effects = press(&model, .character("v"))
        guard effects.count == 1, case .start(.revalidate(let integration)) = effects[0] else {
            Issue.record("expected the revalidation job, got \(effects)")
            return
        }
        #expect(integration.displayName == "Contoso Halo")
        #expect(model.isAnimating)
        // A second v while the check runs starts nothing.
        #expect(press(&model, .character("v")).isEmpty)
    }

    @Test func anEmptyListOffersOnlyWhatWorks() {
        var model = model()
        let screen = lines(model)
        #expect(screen[23].contains("a Add") && screen[23].contains("q Quit"))
        #expect(!screen[23].contains("Edit") && !screen[23].contains("Validate") && !screen[23].contains("Tickets"))
        #expect(screen.contains { $0.contains("press a to add it here") })
        #expect(!screen.joined().contains("integration add"))
        #expect(press(&model, .character("e")).isEmpty)
        if case .home = model.screen {} else { Issue.record("e opened \(model.screen)") }
        press(&model, .character("?"))
        let help = lines(model).joined(separator: "\n")
        #expect(help.contains("Add a PSA integration"))
        #expect(!help.contains("Edit the highlighted integration"))
    }

    @Test func helpOpensOverTheRemoveDialogAndTypingStillReachesTheName() throws {
        try store.insert(NewIntegration(system: .halo, displayName: "Contoso Halo"), credentials: [:])
        try store.insert(NewIntegration(system: .autotask, displayName: "Northwind AT"), credentials: [:])
        var model = model()
        press(&model, .down)
        press(&model, .character("x"))
        #expect(model.removing != nil)
        press(&model, .function(1))
        #expect(model.showsHelp)
        #expect(lines(model).contains { $0.contains("The integration's name, exactly") })
        press(&model, .escape)
        #expect(!model.showsHelp && model.removing != nil)
        _ = model.update(.input(.text("North?")))
        #expect(model.removing?.typed == "North?")
        #expect(!model.showsHelp)
    }

    @Test func questionMarkOpensHelpOnEveryScreenWithoutATextField() throws {
        try store.insert(NewIntegration(system: .halo, displayName: "Contoso Halo"), credentials: [:])
        for (open, title) in [
            (Key.character("t"), "Tickets"), (.character("u"), "Ticket queues"), (.character("L"), "Audit log"),
        ] {
            var model = model()
            press(&model, open)
            press(&model, .character("?"))
            #expect(model.showsHelp, "no help on \(title)")
            #expect(lines(model).contains { $0.contains(title) })
            press(&model, .character("?"))
            #expect(!model.showsHelp)
        }
    }

    @Test func pastedTextOnAScreenWithoutAFieldIsKeys() throws {
        try store.insert(NewIntegration(system: .halo, displayName: "Contoso Halo"), credentials: [:])
        var model = model()
        _ = model.update(.input(.text("L")))
        #expect(model.audit != nil)
        _ = model.update(.input(.text("q")))
        if case .home = model.screen {} else { Issue.record("q did not leave the audit log") }
    }

    @Test func everyScreenOpenedIsANewSession() throws {
        try store.insert(NewIntegration(system: .halo, displayName: "Contoso Halo"), credentials: [:])
        var model = model()
        press(&model, .character("t"))
        let first = try #require(model.tickets?.session)
        press(&model, .escape)
        press(&model, .character("t"))
        let second = try #require(model.tickets?.session)
        #expect(second > first)
    }
}
