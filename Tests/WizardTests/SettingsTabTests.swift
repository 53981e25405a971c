import PSACore
import TerminalUI
import Testing

@testable import Wizard

/// A ConnectWise PSA with two boards, each with its own statuses and ticket types.
private enum ConnectWiseFixture {
    static let boards = [
        Choice(id: "1", name: "Service Desk"), Choice(id: "2", name: "Projects"),
        Choice(id: "3", name: "Old board", isActive: false),
    ]
    static let priorities = [
        Choice(id: "p1", name: "Priority 1 - Critical"), Choice(id: "p3", name: "Priority 3 - Normal"),
        Choice(id: "p4", name: "Priority 4 - Low"),
    ]
    static let statuses: [String: [Choice]] = [
        "1": [
            Choice(id: "10", name: "New"), Choice(id: "11", name: "In Progress"),
            Choice(id: "12", name: "Resolved", isClosing: true), Choice(id: "13", name: "Cancelled", isClosing: true),
        ],
        "2": [
            Choice(id: "20", name: "New"), Choice(id: "22", name: "Completed", isClosing: true),
            Choice(id: "23", name: "Cancelled", isClosing: true),
        ],
    ]
    static let types: [String: [Choice]] = [
        "1": [Choice(id: "t1", name: "Alert")], "2": [Choice(id: "t2", name: "Project task")],
    ]

    /// Like the connector: statuses and types only for a board.
    static func choices(_ context: ChoiceContext) -> TicketChoices {
        var values: [TicketField: [Choice]] = [.board: boards, .priority: priorities]
        if let board = context.board {
            values[.status] = statuses[board] ?? []
            values[.ticketType] = types[board] ?? []
        }
        return TicketChoices(values: values, required: [.board, .status])
    }

    static func status(_ name: String, board: String) -> Choice { statuses[board]!.first { $0.name == name }! }
}

/// A HaloPSA whose priorities follow the SLA of the ticket type.
private enum HaloFixture {
    static let ticketTypes = [Choice(id: "5", name: "Incident"), Choice(id: "6", name: "Alert")]
    static let priorities: [String: [Choice]] = [
        "5": [Choice(id: "1", name: "P1"), Choice(id: "2", name: "P2"), Choice(id: "4", name: "P4")],
        "6": [Choice(id: "1", name: "Urgent"), Choice(id: "3", name: "Whenever")],
    ]
    static let statuses = [
        Choice(id: "1", name: "New"), Choice(id: "9", name: "Closed", isClosing: true),
        Choice(id: "20", name: "Cancelled", isClosing: true),
    ]

    static func choices(_ context: ChoiceContext) -> TicketChoices {
        var values: [TicketField: [Choice]] = [
            .ticketType: ticketTypes, .status: statuses,
            .category: [Choice(id: "Hardware", name: "Hardware"), Choice(id: "Software", name: "Software")],
            .impact: [Choice(id: "1", name: "Company"), Choice(id: "3", name: "User")],
        ]
        if let type = context.ticketType { values[.priority] = priorities[type] ?? [] }
        return TicketChoices(values: values, required: [.ticketType])
    }
}

private enum AutotaskFixture {
    static func choices(_ context: ChoiceContext) -> TicketChoices {
        TicketChoices(
            values: [
                .queue: [Choice(id: "29683", name: "Monitoring Alert")],
                .ticketType: [Choice(id: "1", name: "Service Request")],
                .status: [Choice(id: "1", name: "New"), Choice(id: "5", name: "Complete", isClosing: true)],
                .priority: [Choice(id: "2", name: "Medium")],
            ],
            required: [.queue, .status, .priority])
    }
}

@Suite struct SettingsTabTests {
    static let area = Rect(x: 0, y: 4, width: 80, height: 17)

    // MARK: Driving the tab

    /// Answers every load the tab asks for from `choices`, as the wizard would.
    func loaded(
        _ system: PSASystem, _ stored: [TicketSettingKey: String], choices: (ChoiceContext) -> TicketChoices
    ) -> SettingsTab {
        var tab = SettingsTab(system: system, stored: TicketSettings(values: stored))
        answer(tab.load(), to: &tab, with: choices)
        return tab
    }

    func answer(_ effect: SettingsTab.Effect, to tab: inout SettingsTab, with choices: (ChoiceContext) -> TicketChoices)
    {
        var effect = effect
        var loads = 0
        while case .loadChoices(let context, let run) = effect {
            loads += 1
            guard loads < 10 else {
                Issue.record("the tab keeps asking for choices")
                return
            }
            effect = tab.choicesLoaded(run: run, .success(choices(context)))
        }
    }

    @discardableResult
    func send(_ event: InputEvent, to tab: inout SettingsTab, area: Rect = area) -> SettingsTab.Effect {
        tab.handle(event, layout: SettingsLayout(area: area, tab: tab))
    }

    /// Moves the focus with ↓ like a user, never by setting it.
    func focus(_ key: TicketSettingKey, in tab: inout SettingsTab) {
        for _ in tab.keys where tab.focusedKey != key { send(.key(.down), to: &tab) }
        #expect(tab.focusedKey == key)
    }

    /// Focuses the field, types the name into its search and takes the first match.
    @discardableResult
    func choose(_ name: String, for key: TicketSettingKey, in tab: inout SettingsTab) -> SettingsTab.Effect {
        focus(key, in: &tab)
        send(.text(name), to: &tab)
        #expect(tab.pickers[key]?.isOpen == true)
        return send(.key(.enter), to: &tab)
    }

    func render(_ tab: SettingsTab, area: Rect = area, tick: Int = 0) -> [String] {
        var buffer = ScreenBuffer(size: Size(width: 80, height: 24))
        let layout = SettingsLayout(area: area, tab: tab)
        SettingsView(tab: tab, layout: layout, tick: tick).render(in: area, into: &buffer)
        return buffer.lines
    }

    /// What the PSA's own resolver says about a value, to compare the tab's refusal with.
    func refusal(
        _ key: TicketSettingKey, _ value: String, _ system: PSASystem, _ choices: TicketChoices,
        context: ChoiceContext
    ) -> String? {
        do {
            _ = try TicketSettingsResolver(system: system, choices: choices, context: context).resolve(key, value)
            return nil
        } catch {
            return error.description
        }
    }

    // MARK: Loading

    @Test func loadsBaseChoicesThenTheStoredBoardsLists() {
        var tab = SettingsTab(system: .connectwise, stored: TicketSettings(values: [.board: "1", .openStatus: "10"]))
        guard case .loadChoices(let base, let first) = tab.load() else {
            Issue.record("load did not ask for choices")
            return
        }
        #expect(base == ChoiceContext())
        #expect(tab.isLoading)
        let second = tab.choicesLoaded(run: first, .success(ConnectWiseFixture.choices(base)))
        #expect(second == .loadChoices(ChoiceContext(board: "1"), run: first + 1))
        #expect(tab.isLoading)
        #expect(tab.fieldStatuses[.openStatus] == .unchecked(id: "10"))
        let done = tab.choicesLoaded(run: first + 1, .success(ConnectWiseFixture.choices(ChoiceContext(board: "1"))))
        #expect(done == SettingsTab.Effect.none)
        #expect(!tab.isLoading)
        #expect(tab.fieldStatuses[.openStatus] == .chosen(name: ConnectWiseFixture.status("New", board: "1").name))
        #expect(tab.fieldStatuses[.board] == .chosen(name: ConnectWiseFixture.boards[0].name))
    }

    @Test func haloAsksForThePrioritiesOfTheStoredTicketType() {
        var tab = SettingsTab(system: .halo, stored: TicketSettings(values: [.ticketType: "6"]))
        guard case .loadChoices(let base, let run) = tab.load() else {
            Issue.record("load did not ask for choices")
            return
        }
        #expect(
            tab.choicesLoaded(run: run, .success(HaloFixture.choices(base)))
                == .loadChoices(ChoiceContext(ticketType: "6"), run: run + 1))
    }

    @Test func withoutAParentOneLoadIsEnough() {
        var tab = SettingsTab(system: .autotask, stored: TicketSettings())
        guard case .loadChoices(let base, let run) = tab.load() else {
            Issue.record("load did not ask for choices")
            return
        }
        #expect(tab.choicesLoaded(run: run, .success(AutotaskFixture.choices(base))) == SettingsTab.Effect.none)
        #expect(!tab.isLoading)
        #expect(tab.keys.contains(.queue) && !tab.keys.contains(.board))
        #expect(tab.fieldStatuses[.queue] == .unset(required: true))
    }

    @Test func aStoredBoardThePSANoLongerHasIsNotFollowed() {
        let tab = loaded(.connectwise, [.board: "99", .openStatus: "10"], choices: ConnectWiseFixture.choices)
        #expect(!tab.isLoading)
        #expect(tab.fieldStatuses[.board] == .missing(id: "99", reason: "not offered by ConnectWise PSA any more"))
        #expect(tab.fieldStatuses[.openStatus] == .missing(id: "10", reason: "choose a board first"))
        #expect(tab.settings[.openStatus] == "10")
    }

    @Test func anAnswerToAnEarlierRunIsIgnored() {
        var tab = SettingsTab(system: .autotask, stored: TicketSettings())
        guard case .loadChoices(_, let stale) = tab.load(), case .loadChoices(let context, let current) = tab.load()
        else {
            Issue.record("load did not ask for choices")
            return
        }
        #expect(stale != current)
        #expect(tab.choicesLoaded(run: stale, .success(AutotaskFixture.choices(context))) == SettingsTab.Effect.none)
        #expect(tab.isLoading)
        #expect(!tab.hasLoadedChoices)
        _ = tab.choicesLoaded(run: current, .success(AutotaskFixture.choices(context)))
        #expect(!tab.isLoading)
        #expect(tab.hasLoadedChoices)
    }

    @Test func aFailedLoadKeepsTheStoredValuesAndOffersARetry() {
        let stored: [TicketSettingKey: String] = [.ticketType: "5", .defaultPriority: "2"]
        var tab = SettingsTab(system: .halo, stored: TicketSettings(values: stored))
        guard case .loadChoices(_, let run) = tab.load() else {
            Issue.record("load did not ask for choices")
            return
        }
        let error = ConnectorError.server(status: 503, message: "maintenance")
        #expect(tab.choicesLoaded(run: run, .failure(error)) == SettingsTab.Effect.none)
        #expect(!tab.isLoading)
        #expect(tab.loadError == error.description)
        #expect(tab.settings == TicketSettings(values: stored))
        #expect(!tab.isDirty)
        #expect(tab.fieldStatuses[.ticketType] == .unchecked(id: "5"))
        let lines = render(tab)
        #expect(lines.contains { $0.contains("Ctrl-R retries") })
        #expect(lines.contains { $0.contains(error.description) })
        #expect(lines.contains { $0.contains("Ticket type") && $0.contains("id 5") })
        #expect(send(.key(.control("s")), to: &tab) == SettingsTab.Effect.none)
        guard case .loadChoices(let context, let retry) = send(.key(.control("r")), to: &tab) else {
            Issue.record("Ctrl-R did not reload")
            return
        }
        #expect(context == ChoiceContext())
        #expect(retry > run)
    }

    // MARK: Dependent lists

    @Test func choosingABoardReloadsAndFlagsAStatusTheNewBoardLacks() {
        var tab = loaded(
            .connectwise, [.board: "1", .openStatus: "10", .resolvedStatus: "12"], choices: ConnectWiseFixture.choices)
        let newBoard = ConnectWiseFixture.boards[1]
        guard case .loadChoices(let context, let run) = choose(newBoard.name, for: .board, in: &tab) else {
            Issue.record("choosing a board did not reload its lists")
            return
        }
        #expect(context == ChoiceContext(board: newBoard.id))
        #expect(tab.settings[.board] == newBoard.id)
        #expect(tab.fieldStatuses[.openStatus] == .unchecked(id: "10"))
        _ = tab.choicesLoaded(run: run, .success(ConnectWiseFixture.choices(context)))
        #expect(tab.settings[.openStatus] == "10")
        #expect(tab.settings[.resolvedStatus] == "12")
        #expect(tab.fieldStatuses[.openStatus] == .missing(id: "10", reason: "not on this board"))
        let lines = render(tab)
        #expect(lines.contains { $0.contains("Open status") && $0.contains("id 10") })
        #expect(lines.contains { $0.contains("✗ not on this board") })
        // Choosing again from the new board's list clears the flag.
        _ = choose("New", for: .openStatus, in: &tab)
        #expect(tab.settings[.openStatus] == ConnectWiseFixture.status("New", board: newBoard.id).id)
        #expect(tab.fieldStatuses[.openStatus] == .chosen(name: "New"))
    }

    @Test func haloPrioritiesFollowTheTicketType() {
        var tab = loaded(.halo, [.ticketType: "5", .defaultPriority: "2"], choices: HaloFixture.choices)
        #expect(tab.fieldStatuses[.defaultPriority] == .chosen(name: "P2"))
        let effect = choose("Alert", for: .ticketType, in: &tab)
        #expect(effect == .loadChoices(ChoiceContext(ticketType: "6"), run: 3))
        answer(effect, to: &tab, with: HaloFixture.choices)
        #expect(tab.settings[.defaultPriority] == "2")
        #expect(tab.fieldStatuses[.defaultPriority] == .missing(id: "2", reason: "not offered by HaloPSA any more"))
        #expect(tab.pickers[.defaultPriority]?.options == HaloFixture.priorities["6"]!.map(\.name))
    }

    // MARK: Refused choices

    @Test func aResolvedStatusThatDoesNotCloseIsRefused() {
        var tab = loaded(.connectwise, [.board: "1", .resolvedStatus: "12"], choices: ConnectWiseFixture.choices)
        let inProgress = ConnectWiseFixture.status("In Progress", board: "1")
        #expect(choose(inProgress.name, for: .resolvedStatus, in: &tab) == SettingsTab.Effect.none)
        #expect(tab.settings[.resolvedStatus] == "12")
        let context = ChoiceContext(board: "1")
        let expected = refusal(
            .resolvedStatus, inProgress.id, .connectwise, ConnectWiseFixture.choices(context), context: context)
        #expect(expected != nil)
        #expect(tab.errors[.resolvedStatus] == expected)
        #expect(render(tab).contains { $0.contains("does not close the ticket") })
        #expect(!tab.isDirty)
    }

    @Test func anOpenStatusThatClosesIsRefused() {
        var tab = loaded(.connectwise, [.board: "1"], choices: ConnectWiseFixture.choices)
        let closing = ConnectWiseFixture.status("Cancelled", board: "1")
        _ = choose(closing.name, for: .openStatus, in: &tab)
        #expect(tab.settings[.openStatus] == nil)
        #expect(tab.errors[.openStatus] == TicketSettingsError.openStatusCloses(name: closing.name).description)
    }

    @Test func anInactiveChoiceIsMarkedAndCannotBeChosen() {
        var tab = loaded(.connectwise, [.board: "1"], choices: ConnectWiseFixture.choices)
        let inactive = ConnectWiseFixture.boards.first { !$0.isActive }!
        #expect(tab.pickers[.board]?.options.contains(inactive.name + " (inactive)") == true)
        #expect(choose(inactive.name, for: .board, in: &tab) == SettingsTab.Effect.none)
        #expect(tab.settings[.board] == "1")
        #expect(tab.errors[.board] == TicketSettingsError.inactiveValue(.board, name: inactive.name).description)
    }

    @Test func aStoredResolvedStatusThatDoesNotCloseIsFlaggedAndBlocksSave() {
        let open = HaloFixture.statuses.first { !$0.isClosing }!
        var tab = loaded(
            .halo, [.ticketType: "5", .resolvedStatus: open.id], choices: HaloFixture.choices)
        #expect(tab.fieldStatuses[.resolvedStatus] == .invalid(name: open.name, reason: "does not close tickets"))
        #expect(send(.key(.control("s")), to: &tab) == SettingsTab.Effect.none)
        #expect(tab.focusedKey == .resolvedStatus)
        let context = ChoiceContext(ticketType: "5")
        let expected = refusal(.resolvedStatus, open.id, .halo, HaloFixture.choices(context), context: context)
        #expect(expected != nil)
        #expect(tab.errors[.resolvedStatus] == expected)
        #expect(tab.settings[.resolvedStatus] == open.id)
    }

    @Test func closingStatusesAreMarkedInTheDropdown() {
        let tab = loaded(.connectwise, [.board: "1"], choices: ConnectWiseFixture.choices)
        let options = tab.pickers[.resolvedStatus]?.options ?? []
        for status in ConnectWiseFixture.statuses["1"]! {
            #expect(options.contains { $0.hasPrefix(status.name) && $0.contains("✓ closes") == status.isClosing })
        }
    }

    // MARK: Saving

    @Test func aRequiredUnsetStatusBlocksSaveAndIsFocused() {
        var tab = loaded(.connectwise, [.board: "1", .openStatus: "10"], choices: ConnectWiseFixture.choices)
        #expect(tab.fieldStatuses[.resolvedStatus] == .unset(required: true))
        #expect(send(.key(.control("s")), to: &tab) == SettingsTab.Effect.none)
        #expect(tab.focusedKey == .resolvedStatus)
        #expect(tab.message?.contains("Resolved status") == true)
        #expect(tab.message?.contains("requires") == true)
        let lines = render(tab)
        #expect(lines.contains { $0.contains("Resolved status") && $0.contains("✗ required") })
    }

    @Test func aFlaggedValueBlocksSave() {
        var tab = loaded(.connectwise, [.board: "1", .openStatus: "77"], choices: ConnectWiseFixture.choices)
        #expect(send(.key(.control("s")), to: &tab) == SettingsTab.Effect.none)
        #expect(tab.focusedKey == .openStatus)
        #expect(tab.message?.contains("not on this board") == true)
    }

    @Test func saveReturnsTheChosenIdsAndDidSaveClearsDirty() {
        var tab = loaded(.connectwise, [.board: "1"], choices: ConnectWiseFixture.choices)
        #expect(!tab.isDirty)
        _ = choose("New", for: .openStatus, in: &tab)
        _ = choose("Resolved", for: .resolvedStatus, in: &tab)
        _ = choose("Cancelled", for: .cancelledStatus, in: &tab)
        let priority = ConnectWiseFixture.priorities[1]
        _ = choose(priority.name, for: .defaultPriority, in: &tab)
        #expect(tab.isDirty)
        guard case .save(let saved) = send(.key(.control("s")), to: &tab) else {
            Issue.record("Ctrl-S did not save: \(tab.message ?? "")")
            return
        }
        #expect(saved[.board] == "1")
        #expect(saved[.openStatus] == ConnectWiseFixture.status("New", board: "1").id)
        #expect(saved[.resolvedStatus] == ConnectWiseFixture.status("Resolved", board: "1").id)
        #expect(saved[.cancelledStatus] == ConnectWiseFixture.status("Cancelled", board: "1").id)
        #expect(saved[.defaultPriority] == priority.id)
        #expect(saved == tab.settings)
        tab.didSave()
        #expect(!tab.isDirty)
    }

    @Test func saveIsRefusedWhileLoading() {
        let complete: [TicketSettingKey: String] = [
            .queue: "29683", .openStatus: "1", .resolvedStatus: "5", .cancelledStatus: "5", .defaultPriority: "2",
        ]
        var tab = loaded(.autotask, complete, choices: AutotaskFixture.choices)
        let reload = send(.key(.control("r")), to: &tab)
        #expect(tab.isLoading)
        #expect(send(.key(.control("s")), to: &tab) == SettingsTab.Effect.none)
        #expect(tab.message?.contains("loaded") == true)
        answer(reload, to: &tab, with: AutotaskFixture.choices)
        #expect(send(.key(.control("s")), to: &tab) == .save(TicketSettings(values: complete)))
    }

    @Test func deleteClearsTheFocusedValue() {
        var tab = loaded(.connectwise, [.board: "1", .openStatus: "10"], choices: ConnectWiseFixture.choices)
        focus(.openStatus, in: &tab)
        send(.key(.delete), to: &tab)
        #expect(tab.settings[.openStatus] == nil)
        #expect(tab.isDirty)
    }

    // MARK: Reopen window

    @Test func aBadReopenWindowIsShownAndNotStored() {
        var tab = loaded(.autotask, [.reopenWindow: "24h"], choices: AutotaskFixture.choices)
        focus(.reopenWindow, in: &tab)
        send(.key(.delete), to: &tab)
        send(.text("abc"), to: &tab)
        send(.key(.enter), to: &tab)
        #expect(tab.settings[.reopenWindow] == nil)
        #expect(tab.errors[.reopenWindow] == TicketSettingsError.invalidReopenWindow("abc").description)
        #expect(render(tab).contains { $0.contains("is not a duration") })
        #expect(send(.key(.control("s")), to: &tab) == SettingsTab.Effect.none)
        #expect(tab.focusedKey == .reopenWindow)

        for _ in 0..<3 { send(.key(.backspace), to: &tab) }
        send(.text("7D"), to: &tab)
        send(.key(.up), to: &tab)
        #expect(tab.errors[.reopenWindow] == nil)
        #expect(tab.settings[.reopenWindow] == (try? ReopenWindow(parsing: "7D"))?.description)
    }

    // MARK: Keys

    @Test func escClosesAnOpenDropdownBeforeLeaving() {
        var tab = loaded(.connectwise, [.board: "1"], choices: ConnectWiseFixture.choices)
        send(.key(.enter), to: &tab)
        #expect(tab.pickers[.board]?.isOpen == true)
        #expect(send(.key(.escape), to: &tab) == SettingsTab.Effect.none)
        #expect(tab.pickers[.board]?.isOpen == false)
        #expect(send(.key(.escape), to: &tab) == .leave)
    }

    @Test func deleteInAnOpenDropdownDoesNotClearTheValue() {
        var tab = loaded(.connectwise, [.board: "1"], choices: ConnectWiseFixture.choices)
        send(.key(.enter), to: &tab)
        send(.key(.delete), to: &tab)
        #expect(tab.pickers[.board]?.isOpen == true)
        #expect(tab.settings[.board] == "1")
    }

    @Test func typingAtAClosedDropdownSearchesIt() {
        var tab = loaded(.connectwise, [:], choices: ConnectWiseFixture.choices)
        send(.key(.character("P")), to: &tab)
        #expect(tab.pickers[.board]?.isOpen == true)
        #expect(tab.pickers[.board]?.query == "P")
    }

    @Test func aDependentListIsNotOpenedWithoutItsBoard() {
        var tab = loaded(.connectwise, [:], choices: ConnectWiseFixture.choices)
        focus(.openStatus, in: &tab)
        send(.key(.enter), to: &tab)
        #expect(tab.pickers[.openStatus]?.isOpen == false)
        #expect(tab.message?.contains("board") == true)
    }

    // MARK: Drawing

    @Test func haloShowsEveryKeyAt80By17() {
        let tab = loaded(.halo, [.ticketType: "5"], choices: HaloFixture.choices)
        let lines = render(tab)
        let inside = lines[Self.area.y..<Self.area.maxY]
        for key in TicketSettingKey.keys(for: .halo) {
            #expect(inside.contains { $0.contains(key.settingsLabel) }, "\(key.settingsLabel) is not shown")
        }
        for (row, line) in lines.enumerated() where !(Self.area.y..<Self.area.maxY).contains(row) {
            #expect(line.allSatisfy { $0 == " " }, "row \(row) is outside the tab's area")
        }
    }

    @Test func aShortAreaScrollsToTheFocusedField() {
        var tab = loaded(.halo, [:], choices: HaloFixture.choices)
        let short = Rect(x: 0, y: 4, width: 80, height: 8)
        for _ in tab.keys.dropLast() { send(.key(.down), to: &tab, area: short) }
        #expect(tab.focusedKey == .reopenWindow)
        let lines = render(tab, area: short)
        #expect(lines.contains { $0.contains("Reopen window") })
        #expect(!lines.contains { $0.contains("Ticket type") })
        #expect(lines.contains { $0.contains("▲") })
    }

    @Test func loadingShowsASpinnerNamingThePSA() {
        var tab = SettingsTab(system: .autotask, stored: TicketSettings())
        _ = tab.load()
        #expect(render(tab).contains { $0.contains("Loading choices from \(PSASystem.autotask.displayName)…") })
    }

    @Test func aPSANameCannotReachTheTerminalRaw() {
        let hostile = "Evil\u{1B}]0;pwned\u{07}"
        let tab = loaded(.autotask, [.queue: "1"]) { _ in
            TicketChoices(values: [.queue: [Choice(id: "1", name: hostile)]])
        }
        let lines = render(tab)
        #expect(lines.contains { $0.contains("Evil") })
        #expect(!lines.joined().unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }
}
