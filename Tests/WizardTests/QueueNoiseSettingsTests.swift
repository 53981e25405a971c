import Foundation
import PSACore
import TerminalUI
import Testing

@testable import Wizard

/// A queue's own `storm` and `note-visibility` in its form: rows under the ticket settings,
/// each defaulting to the integration's value, saved with the queue and reset by Delete.
extension QueuesScreenTests {
    @Test mutating func aQueueSetsStormAndNoteVisibilityOverItsIntegrations() throws {
        try store.saveIntegrationSettings(
            [try IntegrationSettingAssignment(key: .noteVisibility, value: "public")], forIntegration: cw.id)
        try store.addQueue(named: "Noisy", integration: cw.id, settings: ["board": "2", "storm": "5/10"])
        var screen = try screen()
        press(&screen, .enter)
        let tab = try #require(screen.form?.tab)
        #expect(tab.integrationKeys == [.storm, .noteVisibility])
        #expect(tab.integrationStatus(.storm)?.value == "5/10")
        #expect(tab.integrationStatus(.storm)?.defaultValue.value == "10/10")
        #expect(tab.integrationStatus(.noteVisibility)?.value == nil)
        #expect(tab.integrationStatus(.noteVisibility)?.defaultValue.value == "public")

        // Delete puts storm back to the integration's; note-visibility is chosen from its list.
        for _ in 0..<40 where screen.form?.tab?.focusedRow != .integration(.storm) { press(&screen, .down) }
        #expect(screen.form?.tab?.focusedRow == .integration(.storm))
        press(&screen, .delete, .down)
        #expect(screen.form?.tab?.focusedRow == .integration(.noteVisibility))
        #expect(lines(screen).contains { $0.contains("Note visibility") && $0.contains("default (public)") })
        run(screen.handle(.text("internal"), layout: layout), &screen)
        press(&screen, .enter, .control("s"))
        #expect(screen.form == nil)
        let saved = try #require(try store.queue(named: "Noisy"))
        #expect(saved.settings == ["board": "2", "note-visibility": "internal"])
        // The integration's own values are untouched.
        #expect(try store.integrationSettings(forIntegration: cw.id) == ["note-visibility": "public"])
    }
}
