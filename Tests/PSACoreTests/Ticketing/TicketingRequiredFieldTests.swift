import Testing

@testable import PSACore

@Suite struct TicketingRequiredFieldTests {
    static let urgencies = [
        Choice(id: "1", name: "High"), Choice(id: "2", name: "Medium"), Choice(id: "3", name: "Low"),
    ]

    /// A HaloPSA ticket type's lists, as `ticketChoices(for:)` answers them for that type.
    static func halo(requires: Set<TicketField>, defaultUrgency: String? = nil) -> TicketSettingsResolver {
        let urgencies = urgencies.map { choice in
            var choice = choice
            choice.isDefault = choice.id == defaultUrgency
            return choice
        }
        let choices = TicketChoices(
            values: [
                .ticketType: [Choice(id: "1", name: "Incident"), Choice(id: "29", name: "Alert")],
                .urgency: urgencies, .impact: [Choice(id: "3", name: "Single User")],
            ],
            required: [.ticketType, .status, .outcome], requiredByPSA: requires)
        return TicketSettingsResolver(system: .halo, choices: choices, context: ChoiceContext(ticketType: "1"))
    }

    static let autotaskChoices = TicketChoices(
        values: [
            .status: [
                Choice(id: "1", name: "New", isDefault: true), Choice(id: "5", name: "Complete", isClosing: true),
            ],
            .priority: [Choice(id: "1", name: "High"), Choice(id: "2", name: "Medium")],
            .issueType: [Choice(id: "5", name: "Hardware"), Choice(id: "18", name: "Cloud Services")],
            .subIssueType: [
                Choice(id: "210", name: "Server", parentID: "5"),
                Choice(id: "230", name: "Azure Virtual Desktop", parentID: "18"),
                Choice(id: "231", name: "Backup", parentID: "18", isDefault: true),
            ],
            .source: [Choice(id: "2", name: "Phone"), Choice(id: "8", name: "Monitoring Alert", isDefault: true)],
        ],
        required: [.status, .priority], requiredByPSA: [.status, .priority, .issueType, .subIssueType],
        userFields: [
            UserField(
                name: "Region", isRequired: true,
                choices: [Choice(id: "1", name: "EMEA"), Choice(id: "2", name: "APAC")]),
            UserField(name: "Contract", isRequired: true, defaultValue: "Standard"),
            UserField(name: "Notes"),
        ])

    let autotask = TicketSettingsResolver(system: .autotask, choices: Self.autotaskChoices)

    @Test func aRequiredUrgencyWithoutValueOrDefaultNamesTheKeyTheTypeAndTheChoices() {
        let problems = RequiredFieldCheck.problems(
            in: TicketSettings(values: [.ticketType: "1"]), resolver: Self.halo(requires: [.urgency]))
        #expect(
            problems == [
                RequiredFieldProblem(
                    key: "urgency", fieldName: "urgency", system: .halo, ticketType: "Incident",
                    offered: ["High", "Medium", "Low"])
            ])
        #expect(
            problems.first?.description(remedy: "set urgency in the same command")
                == "urgency: ticket type \"Incident\" in HaloPSA requires an urgency on new tickets and has no default; "
                + "set urgency in the same command (offered: High, Medium, Low)")
    }

    @Test func aValueOrTheTypesDefaultSatisfiesIt() {
        #expect(
            RequiredFieldCheck.problems(
                in: TicketSettings(values: [.ticketType: "1", .urgency: "2"]), resolver: Self.halo(requires: [.urgency])
            ).isEmpty)
        #expect(
            RequiredFieldCheck.problems(
                in: TicketSettings(values: [.ticketType: "1"]),
                resolver: Self.halo(requires: [.urgency, .impact], defaultUrgency: "3")
            ).map(\.key) == ["impact"])
        #expect(
            RequiredFieldCheck.problems(
                in: TicketSettings(values: [.ticketType: "1"]), resolver: Self.halo(requires: [])
            ).isEmpty)
    }

    @Test func anInactiveDefaultDoesNotCount() {
        var choices = Self.autotaskChoices
        choices.values[.status] = [Choice(id: "1", name: "New", isDefault: true, isActive: false)]
        choices.requiredByPSA = [.status]
        choices.userFields = []
        let problems = RequiredFieldCheck.problems(
            in: TicketSettings(), resolver: TicketSettingsResolver(system: .autotask, choices: choices))
        #expect(problems.map(\.key) == ["open-status"])
        #expect(problems.first?.offered == [])
        #expect(problems.first?.description.hasPrefix("open-status: Datto Autotask PSA requires a status") == true)
    }

    @Test func autotasksRequiredFieldsAreMetByTheirKeysDefaultsAndTheDefaultPriority() {
        // Status has a default; priority, issue type and Region have none; Contract has one.
        #expect(
            RequiredFieldCheck.problems(in: TicketSettings(), resolver: autotask).map(\.key)
                == ["priority.default", "issue-type", "udf.Region"])
        let set = TicketSettings(
            values: [.defaultPriority: "2", .issueType: "5"], userFields: ["Region": "1"])
        // Hardware has no default sub-issue type.
        #expect(RequiredFieldCheck.problems(in: set, resolver: autotask).map(\.key) == ["sub-issue-type"])
        var cloud = set
        cloud[.issueType] = "18"
        #expect(RequiredFieldCheck.problems(in: cloud, resolver: autotask).isEmpty)
        // A specific priority does not cover events of the other severities.
        cloud[.defaultPriority] = nil
        cloud[.highPriority] = "1"
        #expect(RequiredFieldCheck.problems(in: cloud, resolver: autotask).map(\.key) == ["priority.default"])
    }

    @Test func aRequiredUserFieldNamesItsKeyAndPicklist() {
        let problem = RequiredFieldCheck.problems(
            in: TicketSettings(values: [.defaultPriority: "2", .issueType: "18"]), resolver: autotask
        ).first
        #expect(
            problem?.description
                == "udf.Region: Datto Autotask PSA requires the user-defined field \"Region\" on new tickets and has no "
                + "default (offered: EMEA, APAC)")
        // The name as the admin typed it, in another case, still counts.
        #expect(
            RequiredFieldCheck.problems(
                in: TicketSettings(values: [.defaultPriority: "2", .issueType: "18"], userFields: ["region": "1"]),
                resolver: autotask
            ).isEmpty)
    }

    @Test func reviewFlagsOnlyTheUnsatisfiedOnes() {
        let reviews = Dictionary(
            uniqueKeysWithValues: autotask.review(TicketSettings()).map { ($0.key, $0.status) })
        #expect(reviews[.issueType] == .unsetRequired)
        #expect(reviews[.source] == .unset)
        // psalink's own requirement still flags the status, default or not.
        #expect(reviews[.openStatus] == .unsetRequired)
        let halo = Self.halo(requires: [.urgency], defaultUrgency: "2").review(
            TicketSettings(values: [.ticketType: "1"]))
        #expect(halo.first { $0.key == .urgency }?.status == .unset)
    }

    @Test func subIssueTypesAreResolvedAgainstTheChosenIssueType() throws {
        #expect(throws: TicketSettingsError.needsParent(.subIssueType, parent: .issueType)) {
            try autotask.resolve(.subIssueType, "Backup")
        }
        let settings = try autotask.applying(
            [.init(key: .subIssueType, value: "backup"), .init(key: .issueType, value: "cloud services")],
            to: TicketSettings())
        #expect(settings[.issueType] == "18" && settings[.subIssueType] == "231")
        #expect(
            throws: TicketSettingsError.valueNotFound(
                .subIssueType, value: "Server", validNames: ["Azure Virtual Desktop", "Backup"], more: 0)
        ) {
            try autotask.resolve(.subIssueType, "Server", given: settings)
        }
        // A sub-issue type of another issue type is flagged, not dropped.
        var moved = settings
        moved[.issueType] = "5"
        #expect(autotask.review(moved).first { $0.key == .subIssueType }?.status == .missingInPSA)
    }

    @Test func theNewKeysBelongToTheirSystems() {
        #expect(TicketSettingKey.urgency.systems == [.halo])
        #expect(TicketSettingKey.category.systems == [.halo, .autotask])
        for key in [TicketSettingKey.issueType, .subIssueType, .source] { #expect(key.systems == [.autotask]) }
        #expect(TicketSettingKey(rawValue: "sub-issue-type")?.field == .subIssueType)
        #expect(TicketSettingKey.creating(.status, in: .autotask) == .openStatus)
        #expect(TicketSettingKey.creating(.priority, in: .halo) == .defaultPriority)
        #expect(TicketSettingKey.creating(.category, in: .autotask) == .category)
        #expect(TicketSettingKey.creating(.outcome, in: .halo) == nil)
    }

    @Test func theDraftCarriesTheNewKeysAndUserFields() {
        let settings = TicketSettings(
            stored: [
                "urgency": "2", "issue-type": "18", "sub-issue-type": "231", "source": "8", "category": "4",
                "udf.Region": "1",
            ])
        let fields = settings.ticketFields(status: "1", priority: nil)
        #expect(
            fields.settings == [
                .urgency: "2", .issueType: "18", .subIssueType: "231", .source: "8", .category: "4", .status: "1",
            ])
        #expect(fields.userFields == ["Region": "1"])
        #expect(settings.stored["udf.Region"] == "1")
        var overlaid = settings
        overlaid.overlay(["udf.Region": "2", "source": "2"])
        #expect(overlaid.userFields == ["Region": "2"] && overlaid[.source] == "2")
    }
}
