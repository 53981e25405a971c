import PSACore
import TerminalUI
import Testing

@testable import Wizard

/// A HaloPSA whose "Incident" type requires an urgency without a default, and whose "Alert"
/// type requires one and defaults it to Medium; the lists of a type carry its requirements.
private enum RequiringHalo {
    static let urgencies = [
        Choice(id: "1", name: "High"), Choice(id: "2", name: "Medium"), Choice(id: "3", name: "Low"),
    ]

    static func choices(_ context: ChoiceContext) -> TicketChoices {
        var values: [TicketField: [Choice]] = [
            .ticketType: [Choice(id: "5", name: "Incident"), Choice(id: "6", name: "Alert")],
            .status: [Choice(id: "1", name: "New"), Choice(id: "9", name: "Closed", isClosing: true)],
            .urgency: urgencies,
        ]
        guard let type = context.ticketType else { return TicketChoices(values: values, required: [.ticketType]) }
        values[.priority] = [Choice(id: "1", name: "P1")]
        if type == "6" {
            values[.urgency] = urgencies.map { Choice(id: $0.id, name: $0.name, isDefault: $0.id == "2") }
        }
        return TicketChoices(values: values, required: [.ticketType], requiredByPSA: [.urgency])
    }
}

/// An Autotask that requires an issue type and a sub-issue type, neither with a default.
private enum RequiringAutotask {
    static func choices(_ context: ChoiceContext) -> TicketChoices {
        TicketChoices(
            values: [
                .status: [Choice(id: "1", name: "New"), Choice(id: "5", name: "Complete", isClosing: true)],
                .issueType: [Choice(id: "5", name: "Hardware"), Choice(id: "18", name: "Cloud Services")],
                .subIssueType: [
                    Choice(id: "210", name: "Server", parentID: "5"),
                    Choice(id: "211", name: "Workstation", parentID: "5"),
                    Choice(id: "230", name: "Azure Virtual Desktop", parentID: "18"),
                ],
            ],
            required: [], requiredByPSA: [.issueType, .subIssueType])
    }
}

/// An Autotask with a required picklist field without default, a required text field without
/// default, and an optional field.
private enum UserFieldAutotask {
    static func choices(_ context: ChoiceContext) -> TicketChoices {
        TicketChoices(
            values: [.status: [Choice(id: "1", name: "New"), Choice(id: "5", name: "Complete", isClosing: true)]],
            userFields: [
                UserField(
                    name: "Region", label: "Service region", isRequired: true,
                    choices: [Choice(id: "1", name: "EMEA"), Choice(id: "2", name: "APAC")]),
                UserField(name: "Contract", isRequired: true),
                UserField(name: "Notes"),
            ])
    }
}

@Suite struct RequiredFieldsTabTests {
    static let area = Rect(x: 0, y: 4, width: 80, height: 17)

    func loaded(
        _ system: PSASystem, _ stored: [TicketSettingKey: String], choices: (ChoiceContext) -> TicketChoices
    ) -> SettingsTab {
        var tab = SettingsTab(system: system, stored: TicketSettings(values: stored))
        var effect = tab.load()
        while case .loadChoices(let context, let run) = effect {
            effect = tab.choicesLoaded(run: run, .success(choices(context)))
        }
        return tab
    }

    @discardableResult
    func send(_ event: InputEvent, to tab: inout SettingsTab) -> SettingsTab.Effect {
        tab.handle(event, layout: SettingsLayout(area: Self.area, tab: tab))
    }

    func focus(_ key: TicketSettingKey, in tab: inout SettingsTab) {
        for _ in tab.keys where tab.focusedKey != key { send(.key(.down), to: &tab) }
        #expect(tab.focusedKey == key)
    }

    @discardableResult
    func choose(_ name: String, for key: TicketSettingKey, in tab: inout SettingsTab) -> SettingsTab.Effect {
        focus(key, in: &tab)
        send(.text(name), to: &tab)
        #expect(tab.pickers[key]?.isOpen == true)
        return send(.key(.enter), to: &tab)
    }

    func render(_ tab: SettingsTab) -> [String] {
        var buffer = ScreenBuffer(size: Size(width: 80, height: 24))
        SettingsView(tab: tab, layout: SettingsLayout(area: Self.area, tab: tab), tick: 0)
            .render(in: Self.area, into: &buffer)
        return buffer.lines
    }

    func focus(row: SettingsRow, in tab: inout SettingsTab) {
        for _ in tab.rows where tab.focusedRow != row { send(.key(.down), to: &tab) }
        #expect(tab.focusedRow == row)
    }

    @Test func requiredUserDefinedFieldsGetRowsAndMustBeSetBeforeSave() {
        var tab = loaded(.autotask, [:], choices: UserFieldAutotask.choices)
        #expect(Array(tab.rows.suffix(2)) == [.userField("Region"), .userField("Contract")])
        #expect(tab.userFieldPickers["Region"]?.options == ["EMEA", "APAC"])
        #expect(tab.userFieldTexts["Contract"] != nil)
        focus(row: .userField("Region"), in: &tab)
        #expect(render(tab).contains { $0.contains("Service region") && $0.contains("✗ required") })
        #expect(render(tab).contains { $0.contains("user-defined field (udf.Region)") })

        #expect(send(.key(.control("s")), to: &tab) == .none)
        #expect(tab.focusedRow == .userField("Region"))
        #expect(
            tab.message
                == "Not saved. Service region: Datto Autotask PSA requires the user-defined field \"Service region\" on "
                + "new tickets and has no default; choose one before saving. (offered: EMEA, APAC)")

        send(.text("apac"), to: &tab)
        #expect(tab.userFieldPickers["Region"]?.isOpen == true)
        send(.key(.enter), to: &tab)
        #expect(tab.settings.userFields == ["Region": "2"])

        #expect(send(.key(.control("s")), to: &tab) == .none)
        #expect(tab.focusedRow == .userField("Contract"))
        send(.text("Gold plus"), to: &tab)
        guard case .save(let saved) = send(.key(.control("s")), to: &tab) else {
            Issue.record("expected a save, got \(tab.message ?? "no message")")
            return
        }
        #expect(saved.userFields == ["Region": "2", "Contract": "Gold plus"])
        #expect(saved.stored["udf.Region"] == "2")
    }

    @Test func aStoredUserDefinedFieldThePSALostIsFlaggedAndDeleteClearsIt() {
        var tab = SettingsTab(system: .autotask, stored: TicketSettings(stored: ["udf.Old\u{1B}[2J": "x"]))
        var effect = tab.load()
        while case .loadChoices(let context, let run) = effect {
            effect = tab.choicesLoaded(run: run, .success(UserFieldAutotask.choices(context)))
        }
        let row = SettingsRow.userField("Old\u{1B}[2J")
        #expect(tab.rows.contains(row))
        #expect(
            tab.userFieldStatus("Old\u{1B}[2J")
                == .missing(id: "x", reason: "not offered by Datto Autotask PSA any more"))
        #expect(!render(tab).joined().contains("\u{1B}"))
        focus(row: row, in: &tab)
        send(.key(.delete), to: &tab)
        #expect(tab.settings.userFields.isEmpty)
        // The row stays until the tab closes, so the focus does not jump.
        #expect(tab.focusedRow == row)
    }

    @Test func saveIsRefusedWhileTheTicketTypeNeedsAnUrgencyAndNothingIsSaved() {
        var tab = loaded(.halo, [.ticketType: "5", .openStatus: "1"], choices: RequiringHalo.choices)
        #expect(tab.fieldStatuses[.urgency] == .unset(required: true))
        #expect(send(.key(.control("s")), to: &tab) == .none)
        #expect(tab.focusedKey == .urgency)
        let message = tab.message ?? ""
        #expect(message.hasPrefix("Not saved. Urgency: ticket type \"Incident\" in HaloPSA requires an urgency"))
        #expect(message.contains("offered: High, Medium, Low"), "\(message)")

        choose("Low", for: .urgency, in: &tab)
        guard case .save(let saved) = send(.key(.control("s")), to: &tab) else {
            Issue.record("expected a save")
            return
        }
        #expect(saved[.urgency] == "3")
    }

    @Test func aTypeWithADefaultUrgencySavesWithoutOne() {
        var tab = loaded(.halo, [.ticketType: "6", .openStatus: "1"], choices: RequiringHalo.choices)
        #expect(tab.fieldStatuses[.urgency] == .unset(required: false))
        guard case .save(let saved) = send(.key(.control("s")), to: &tab) else {
            Issue.record("expected a save, got \(tab.message ?? "no message")")
            return
        }
        #expect(saved[.urgency] == nil)
    }

    @Test func theSubIssueTypesFollowTheChosenIssueTypeAndBothAreRequired() {
        var tab = loaded(.autotask, [:], choices: RequiringAutotask.choices)
        #expect(send(.key(.control("s")), to: &tab) == .none)
        #expect(tab.focusedKey == .issueType)
        #expect(tab.message?.contains("requires an issue type") == true, "\(tab.message ?? "")")
        // No list of sub-issue types until an issue type is chosen.
        #expect(tab.offeredChoices(for: .subIssueType) == nil)

        choose("Hardware", for: .issueType, in: &tab)
        #expect(tab.offeredChoices(for: .subIssueType)?.map(\.name) == ["Server", "Workstation"])
        #expect(send(.key(.control("s")), to: &tab) == .none)
        #expect(tab.focusedKey == .subIssueType)
        choose("Workstation", for: .subIssueType, in: &tab)

        // Another issue type leaves the sub-issue type flagged, not cleared.
        choose("Cloud Services", for: .issueType, in: &tab)
        #expect(tab.settings[.subIssueType] == "211")
        #expect(tab.fieldStatuses[.subIssueType] == .missing(id: "211", reason: "not of this issue type"))
        #expect(send(.key(.control("s")), to: &tab) == .none)
        choose("Azure", for: .subIssueType, in: &tab)
        guard case .save(let saved) = send(.key(.control("s")), to: &tab) else {
            Issue.record("expected a save, got \(tab.message ?? "no message")")
            return
        }
        #expect(saved[.issueType] == "18" && saved[.subIssueType] == "230")
    }
}
