import Foundation
import PSACore
import TerminalUI
import Testing

@testable import Wizard

/// The integration settings' rows under the ticket settings of the Ticket Settings tab: shown
/// with their defaults, checked as typed, saved with the ticket settings in one save, and
/// saved even while the PSA's choices do not load.
@Suite struct IntegrationSettingsRowsTests {
    static let area = Rect(x: 0, y: 4, width: 80, height: 17)
    static let stored: [TicketSettingKey: String] = [.ticketType: "6", .openStatus: "1"]

    static func haloChoices(_ context: ChoiceContext) -> TicketChoices {
        var values: [TicketField: [Choice]] = [
            .ticketType: [Choice(id: "5", name: "Incident"), Choice(id: "6", name: "Alert")],
            .status: [Choice(id: "1", name: "New"), Choice(id: "9", name: "Closed", isClosing: true)],
        ]
        if context.ticketType != nil { values[.priority] = [Choice(id: "1", name: "Urgent")] }
        return TicketChoices(values: values, required: [.ticketType])
    }

    /// Every key at its default, as `IntegrationSettingStatus.all` gives them for a new integration.
    static func defaults(_ system: PSASystem) -> [IntegrationSettingStatus] {
        IntegrationSettingKey.allCases.map { key in
            let value = key.defaultValue(for: system)
            return IntegrationSettingStatus(key: key, value: nil, defaultValue: value, effective: value.value)
        }
    }

    func loadedTab() -> SettingsTab {
        var tab = SettingsTab(
            system: .halo, stored: TicketSettings(values: Self.stored), integration: Self.defaults(.halo))
        var effect = tab.load()
        var loads = 0
        while case .loadChoices(let context, let run) = effect, loads < 10 {
            loads += 1
            effect = tab.choicesLoaded(run: run, .success(Self.haloChoices(context)))
        }
        #expect(tab.hasLoadedChoices)
        return tab
    }

    @discardableResult
    func send(_ event: InputEvent, to tab: inout SettingsTab) -> SettingsTab.Effect {
        tab.handle(event, layout: SettingsLayout(area: Self.area, tab: tab))
    }

    /// Moves the focus with ↓ like a user.
    func focus(_ key: IntegrationSettingKey, in tab: inout SettingsTab) {
        for _ in tab.rows where tab.focusedRow != .integration(key) { send(.key(.down), to: &tab) }
        #expect(tab.focusedRow == .integration(key))
    }

    func render(_ tab: SettingsTab) -> [String] {
        var buffer = ScreenBuffer(size: Size(width: 80, height: 24))
        SettingsView(tab: tab, layout: SettingsLayout(area: Self.area, tab: tab), tick: 0).render(
            in: Self.area, into: &buffer)
        return buffer.lines
    }

    @Test func theRowsShowTheDefaultsAndTheirSourcesAt80x24() {
        var tab = loadedTab()
        #expect(
            tab.rows.suffix(IntegrationSettingKey.allCases.count)
                == IntegrationSettingKey.allCases.map {
                    SettingsRow.integration($0)
                })
        #expect(!tab.isDirty)
        let rateLimit = IntegrationSettingKey.rateLimit.defaultValue(for: .halo)
        // Each row comes into view as the focus reaches it, with its default.
        var screens: [IntegrationSettingKey: String] = [:]
        for key in IntegrationSettingKey.allCases {
            focus(key, in: &tab)
            let lines = render(tab)
            #expect(lines.contains { $0.contains("› " + key.settingsLabel) })
            screens[key] = lines.joined(separator: "\n")
        }
        let first = screens[.rateLimit] ?? ""
        #expect(first.contains("Integration settings"))
        #expect(first.contains("Rate limit"))
        #expect(first.contains("default \(rateLimit.value)"))
        #expect(first.contains(rateLimit.source))
        #expect(screens[.brokenMapping]?.contains("default (msp)") == true)
        #expect(screens[.fallbackTicket]?.contains("default (on)") == true)
        // The hint of the focused row names the default and where it comes from.
        #expect(screens[.fallbackTicket]?.contains("Default on") == true)
        // Storm is typed; note visibility is a dropdown like broken-mapping.
        #expect(screens[.storm]?.contains("default 10/10") == true)
        #expect(tab.integrationTexts[.storm] != nil && tab.integrationPickers[.storm] == nil)
        #expect(screens[.noteVisibility]?.contains("default (internal)") == true)
        #expect(tab.integrationPickers[.noteVisibility]?.options == ["default (internal)", "internal", "public"])
    }

    @Test func holdAndARateLimitSaveWithTheTicketSettings() {
        var tab = loadedTab()
        focus(.brokenMapping, in: &tab)
        send(.text("hold"), to: &tab)
        #expect(tab.integrationPickers[.brokenMapping]?.isOpen == true)
        send(.key(.enter), to: &tab)
        #expect(tab.integrationValues[.brokenMapping] == "hold")
        focus(.rateLimit, in: &tab)
        send(.text("100/60"), to: &tab)
        #expect(tab.isDirty)
        let effect = send(.key(.control("s")), to: &tab)
        guard case .save(let settings) = effect else {
            Issue.record("no save: \(String(describing: tab.message))")
            return
        }
        #expect(settings[.ticketType] == "6")
        #expect(tab.savesTicketSettings)
        #expect(
            tab.integrationAssignments.map { "\($0.key.rawValue)=\($0.value ?? "default")" } == [
                "rate-limit=100/60", "broken-mapping=hold", "fallback-ticket=default", "storm=default",
                "note-visibility=default",
            ])
        tab.didSave()
        #expect(!tab.isDirty)
    }

    @Test func aRateLimitThatIsNotOneIsShownAndNothingIsSaved() {
        var tab = loadedTab()
        focus(.rateLimit, in: &tab)
        send(.text("fast"), to: &tab)
        #expect(send(.key(.control("s")), to: &tab) == .none)
        #expect(tab.focusedRow == .integration(.rateLimit))
        #expect(tab.errorText(for: .integration(.rateLimit))?.contains("\"fast\" is not valid") == true)
        #expect(tab.message?.hasPrefix("Not saved. Rate limit:") == true)
        let screen = render(tab).joined(separator: "\n")
        #expect(screen.contains("✗ \"fast\" is not valid"))
        // Delete goes back to the default, and the save goes through.
        send(.key(.delete), to: &tab)
        #expect(tab.errorText(for: .integration(.rateLimit)) == nil)
        guard case .save = send(.key(.control("s")), to: &tab) else {
            Issue.record("no save after clearing")
            return
        }
    }

    @Test func aFailedLoadStillShowsAndSavesTheIntegrationSettings() {
        var tab = SettingsTab(
            system: .halo, stored: TicketSettings(values: Self.stored), integration: Self.defaults(.halo))
        guard case .loadChoices(_, let run) = tab.load() else {
            Issue.record("no load")
            return
        }
        _ = tab.choicesLoaded(run: run, .failure(.unauthorized("bad secret")))
        #expect(!tab.hasLoadedChoices)
        // Nothing changed: refused as before, as the ticket settings cannot be checked.
        #expect(send(.key(.control("s")), to: &tab) == .none)
        focus(.fallbackTicket, in: &tab)
        #expect(render(tab).joined(separator: "\n").contains("Integration settings"))
        send(.text("off"), to: &tab)
        send(.key(.enter), to: &tab)
        #expect(tab.integrationValues[.fallbackTicket] == "off")
        guard case .save(let settings) = send(.key(.control("s")), to: &tab) else {
            Issue.record("no save: \(String(describing: tab.message))")
            return
        }
        #expect(settings == TicketSettings(values: Self.stored))
        #expect(!tab.savesTicketSettings)
        #expect(
            tab.integrationAssignments.contains(try! IntegrationSettingAssignment(key: .fallbackTicket, value: "off")))
    }

    /// Through the wizard and its store: a HaloPSA nothing answers for.
    @Test func theEditorSavesIntegrationSettingsWhileThePSADoesNotAnswer() async throws {
        let editor = EditorTests()
        try await editor.withUnreachablePSA { store, id in
            try store.saveTicketSettings(["ticket-type": "6"], forIntegration: id)
            let inbox = MessageInbox<WizardMessage>()
            var app = editor.makeApp(store, inbox)
            editor.press(.enter, &app)
            editor.press(.control("n"), &app)
            try await editor.settle(&app, inbox)
            editor.press(.control("n"), &app)
            try await editor.settle(&app, inbox)
            #expect(app.editor?.settings?.loadError != nil)
            while app.editor?.settings?.focusedRow != .integration(.brokenMapping) { editor.press(.up, &app) }
            #expect(editor.screen(app).contains("Integration settings"))
            _ = app.update(.input(.text("hold")))
            editor.press(.enter, &app)
            editor.press(.control("s"), &app)
            try await editor.settle(&app, inbox)
            #expect(try store.integrationSettings(forIntegration: id) == ["broken-mapping": "hold"])
            #expect(try store.ticketSettings(forIntegration: id) == ["ticket-type": "6"])
            #expect(app.editor == nil)
        }
    }
}
