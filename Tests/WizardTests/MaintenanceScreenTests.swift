import Foundation
import PSACore
import TerminalUI
import Testing

@testable import Wizard

/// The Maintenance screen: opened from home, the add form with its problems shown under the
/// fields, windows in force and overlapping, and removal with a y/n confirmation; the wizard
/// over a real store with a fixed clock, drawn at 80x24.
@Suite struct MaintenanceScreenTests {
    let folder: URL
    let store: Store
    /// Monday 2026-12-07 12:00 UTC.
    static let now = try! OffsetTimestamp.parse("2026-12-07T12:00:00Z")

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("psalink-mw-\(UUID().uuidString)")
        store = try Store.open(at: folder.appendingPathComponent("db.sqlite").path)
        try store.insert(NewIntegration(system: .halo, displayName: "Contoso Halo"), credentials: [:])
        try store.importAccounts([NerdioAccount(id: "acc-1", name: "Fabrikam", tenantID: "t1")])
    }

    func app(now: Date = Self.now) -> WizardApp {
        var app = WizardApp(services: WizardServices(store: store, now: { now }))
        _ = app.update(.input(.resize(Size(width: 80, height: 24))))
        return app
    }

    func lines(_ app: WizardApp) -> [String] {
        var buffer = ScreenBuffer(size: Size(width: 80, height: 24))
        app.render(into: &buffer)
        return buffer.lines
    }

    func text(_ app: WizardApp) -> String { lines(app).joined(separator: "\n") }

    func press(_ app: inout WizardApp, _ keys: Key...) {
        for key in keys { _ = app.update(.input(.key(key))) }
    }

    func type(_ app: inout WizardApp, _ text: String) {
        for character in text { _ = app.update(.input(.key(.character(character)))) }
    }

    @Test func homeOpensTheScreenAndEscGoesBack() {
        var app = app()
        press(&app, .character("m"))
        #expect(app.model.maintenance != nil)
        #expect(text(app).contains("Maintenance windows"))
        #expect(text(app).contains("No maintenance windows: a adds one"))
        #expect(lines(app)[23].contains("a Add") && lines(app)[23].contains("d Remove"))
        press(&app, .escape)
        #expect(app.model.maintenance == nil)
        #expect(text(app).contains("PSA Integrations"))
    }

    @Test func addsAWeeklyWindowInAZone() throws {
        var app = app()
        press(&app, .character("m"), .character("a"))
        #expect(app.model.maintenance?.form != nil)
        // Covers (All) → When: ↓ opens its list, ↓ Enter picks "Every week".
        press(&app, .tab, .down, .down, .enter, .tab)
        type(&app, "sat 22:00-sun 4:00")
        press(&app, .tab)
        type(&app, "Europe/London")
        press(&app, .tab)
        type(&app, "patch night")
        press(&app, .control("s"))
        #expect(app.model.maintenance?.form == nil)
        let windows = try store.maintenanceWindows()
        #expect(windows.count == 1)
        #expect(windows.first?.scope == .all)
        #expect(
            windows.first?.schedule == (try MaintenanceInput.weekly("Sat 22:00-Sun 04:00", timeZone: "Europe/London")))
        let shown = text(app)
        #expect(shown.contains("Maintenance window #\(windows[0].id) added."))
        #expect(shown.contains("Sat 22:00-Sun 04:00 Europe/London"))
        #expect(shown.contains("next 12-12 22:00"))
        #expect(shown.contains("patch night"))
    }

    @Test func addsAOneOffWindowForAnIntegration() throws {
        var app = app()
        press(&app, .character("m"), .character("a"))
        // Covers: ↓ opens, ↓ Enter picks "One integration"; its list has the one integration.
        press(&app, .down, .down, .enter, .tab, .down, .enter, .tab, .tab)
        type(&app, "2026-12-12T22:00:00+01:00")
        press(&app, .tab)
        type(&app, "2026-12-13T02:00:00Z")
        press(&app, .tab)
        type(&app, "Halo upgrade")
        press(&app, .control("s"))
        let window = try #require(try store.maintenanceWindows().first)
        #expect(window.scope == .integration(try #require(try store.integrations().first).id))
        #expect(
            window.schedule
                == .once(
                    DateInterval(
                        start: try OffsetTimestamp.parse("2026-12-12T21:00:00Z"),
                        end: try OffsetTimestamp.parse("2026-12-13T02:00:00Z"))))
        #expect(text(app).contains("Contoso Halo"))
    }

    @Test func addsAWindowForOneAccountAndShowsTheStoresRefusal() throws {
        var app = app()
        press(&app, .character("m"), .character("a"))
        // Covers: "One account"; its list searches as you type.
        press(&app, .down, .down, .down, .enter, .tab, .down)
        type(&app, "fabri")
        press(&app, .enter, .tab, .down, .down, .enter, .tab)
        type(&app, "Sun 22:00-Mon 02:00")
        press(&app, .tab, .tab)
        type(&app, "tenant backups")
        press(&app, .control("s"))
        let window = try #require(try store.maintenanceWindows().first)
        #expect(window.scope == .account("acc-1"))
        #expect(window.schedule == (try MaintenanceInput.weekly("Sun 22:00-Mon 02:00", timeZone: "UTC")))
        #expect(text(app).contains("Fabrikam (acc-1)"))

        // An integration removed while the form is open: the store refuses, the form stays.
        let halo = try #require(try store.integrations().first)
        press(&app, .character("a"), .down, .down, .enter, .tab, .down, .enter, .tab, .tab)
        type(&app, "2026-12-12T22:00:00Z")
        press(&app, .tab)
        type(&app, "2026-12-13T02:00:00Z")
        press(&app, .tab)
        type(&app, "upgrade")
        try store.removeIntegration(id: halo.id)
        press(&app, .control("s"))
        #expect(app.model.maintenance?.form?.rows.message?.hasPrefix("Not added: there is no integration") == true)
        #expect(try store.maintenanceWindows().count == 1)
    }

    @Test func eachProblemIsShownUnderItsFieldAndNothingIsSaved() throws {
        var app = app()
        press(&app, .character("m"), .character("a"), .tab, .tab)
        type(&app, "2026-12-12T22:00:00")
        press(&app, .tab)
        type(&app, "2026-12-13T02:00:00Z")
        press(&app, .control("s"))
        var form = try #require(app.model.maintenance?.form)
        #expect(form.rows.errors[.from]?.contains("has no UTC offset") == true)
        #expect(form.rows.errors[.reason]?.contains("needs a reason") == true)
        #expect(form.rows.focus.focused == .field(.from))
        #expect(text(app).contains("has no UTC offset"))

        // An end before the start is the until field's problem.
        press(&app, .end)
        type(&app, "Z")
        press(&app, .tab)
        for _ in 0..<20 { press(&app, .backspace) }
        type(&app, "2026-12-12T21:00:00Z")
        press(&app, .tab)
        type(&app, "r")
        press(&app, .control("s"))
        form = try #require(app.model.maintenance?.form)
        #expect(form.rows.errors[.from] == nil)
        #expect(form.rows.errors[.until]?.contains("not after the start") == true)

        // A weekly span that does not read, in a zone that does not exist.
        press(&app, .backTab, .backTab, .down, .down, .enter, .tab)
        type(&app, "Sat 22-Sun 4")
        press(&app, .tab)
        type(&app, "x")
        press(&app, .control("s"))
        form = try #require(app.model.maintenance?.form)
        #expect(form.rows.errors[.weekly]?.contains("Sat 22:00-Sun 04:00") == true)
        #expect(form.rows.errors[.timeZone]?.contains("is not an IANA time zone") == true)
        #expect(try store.maintenanceWindows().isEmpty)
        press(&app, .escape)
        #expect(app.model.maintenance?.form == nil)
        #expect(try store.maintenanceWindows().isEmpty)
    }

    @Test func showsWindowsInForceAndTheirOverlaps() throws {
        let nightly = try store.addMaintenanceWindow(
            scope: .all, schedule: try MaintenanceInput.weekly("Mon 10:00-Mon 14:00", timeZone: "UTC"),
            reason: "nightly \u{1B}[31mred")
        let account = try store.addMaintenanceWindow(
            scope: .account("acc-1"),
            schedule: try MaintenanceInput.once(from: "2026-12-07T13:00:00Z", until: "2026-12-07T18:00:00Z"),
            reason: "migration")
        var app = app()
        press(&app, .character("m"))
        let shown = lines(app)
        let first = try #require(shown.first { $0.contains("#\(nightly.id) ") })
        #expect(first.contains("ON until 12-07 14:00") && first.contains("#\(account.id)"))
        let second = try #require(shown.first { $0.contains("#\(account.id) ") && $0.contains("Fabrikam") })
        #expect(second.contains("next 12-07 13:00") && second.contains("#\(nightly.id)"))
        #expect(!shown.joined().contains("\u{1B}"))
        // The highlighted window in full under the table.
        #expect(text(app).contains("in force until 2026-12-07 14:00 UTC"))
    }

    @Test func removesAfterAYesAndKeepsAfterANo() throws {
        let window = try store.addMaintenanceWindow(
            scope: .all, schedule: try MaintenanceInput.weekly("Sat 22:00-Sun 04:00", timeZone: "UTC"),
            reason: "patch night")
        var app = app()
        press(&app, .character("m"), .character("d"))
        #expect(text(app).contains("Remove maintenance window #\(window.id)"))
        press(&app, .character("n"))
        #expect(try store.maintenanceWindows().count == 1)
        press(&app, .delete, .character("y"))
        #expect(try store.maintenanceWindows().isEmpty)
        #expect(text(app).contains("Maintenance window #\(window.id) removed."))
        #expect(try store.auditLog().first?.action == "maintenance.remove")
    }

    @Test func helpListsTheScreensKeysAndHomeNamesIt() {
        var app = app()
        press(&app, .character("?"))
        #expect(text(app).contains("Maintenance windows: times when events make no ticket"))
        press(&app, .escape, .character("m"), .character("?"))
        #expect(text(app).contains("Remove the highlighted window (asks first)"))
    }
}
