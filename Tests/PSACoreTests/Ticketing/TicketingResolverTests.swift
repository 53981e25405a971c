import Testing

@testable import PSACore

@Suite struct TicketingResolverTests {
    static let autotaskChoices = TicketChoices(
        values: [
            .queue: [
                Choice(id: "29683481", name: "Level I Support"), Choice(id: "29683354", name: "Monitoring Alert"),
            ],
            .status: [
                Choice(id: "1", name: "New"), Choice(id: "5", name: "Complete", isClosing: true),
                Choice(id: "14", name: "Cancelled"), Choice(id: "15", name: "Escalated", isActive: false),
            ],
            .priority: [
                Choice(id: "4", name: "Critical"), Choice(id: "1", name: "High"), Choice(id: "3", name: "Low"),
            ],
            .ticketType: [
                Choice(id: "1", name: "Alert"), Choice(id: "2", name: "Alert"), Choice(id: "3", name: "Problem"),
            ],
        ],
        required: [.status, .priority])

    let autotask = TicketSettingsResolver(system: .autotask, choices: Self.autotaskChoices)

    @Test func valueIsAnIdOrANameRegardlessOfCase() throws {
        #expect(try autotask.resolve(.queue, "29683354") == "29683354")
        #expect(try autotask.resolve(.queue, "level i support") == "29683481")
        #expect(try autotask.resolve(.highPriority, "HIGH") == "1")
    }

    @Test func anIdWinsOverANameThatLooksLikeIt() throws {
        let resolver = TicketSettingsResolver(
            system: .autotask,
            choices: TicketChoices(values: [.priority: [Choice(id: "1", name: "3"), Choice(id: "3", name: "Low")]]))
        #expect(try resolver.resolve(.lowPriority, "3") == "3")
    }

    @Test func ambiguousNameListsTheIds() {
        #expect(throws: TicketSettingsError.ambiguousName(.ticketType, name: "alert", ids: ["1", "2"])) {
            try autotask.resolve(.ticketType, "alert")
        }
        #expect(
            TicketSettingsError.ambiguousName(.ticketType, name: "alert", ids: ["1", "2"]).description.contains("1, 2"))
    }

    @Test func unknownValueNamesTheKeyAndAtMostTenValidNames() {
        let many = (1...14).map { Choice(id: "\($0)", name: "Queue \($0)") }
        let resolver = TicketSettingsResolver(system: .autotask, choices: TicketChoices(values: [.queue: many]))
        let expected = TicketSettingsError.valueNotFound(
            .queue, value: "Nope", validNames: (1...10).map { "Queue \($0)" }, more: 4)
        #expect(throws: expected) { try resolver.resolve(.queue, "Nope") }
        #expect(expected.description.hasPrefix("queue: "))
        #expect(expected.description.contains("Queue 10 and 4 more"))
    }

    @Test func inactiveValueIsRefused() {
        #expect(throws: TicketSettingsError.inactiveValue(.openStatus, name: "Escalated")) {
            try autotask.resolve(.openStatus, "Escalated")
        }
    }

    @Test func resolvedAndCancelledMustBeClosingStatuses() throws {
        #expect(try autotask.resolve(.resolvedStatus, "complete") == "5")
        #expect(try autotask.resolve(.cancelledStatus, "5") == "5")
        #expect(
            throws: TicketSettingsError.closingStatusRequired(
                .cancelledStatus, name: "Cancelled", closingNames: ["Complete"])
        ) {
            try autotask.resolve(.cancelledStatus, "Cancelled")
        }
        #expect(
            throws: TicketSettingsError.closingStatusRequired(.resolvedStatus, name: "New", closingNames: ["Complete"])
        ) {
            try autotask.resolve(.resolvedStatus, "New")
        }
    }

    @Test func openStatusMustNotClose() throws {
        #expect(try autotask.resolve(.openStatus, "new") == "1")
        #expect(throws: TicketSettingsError.openStatusCloses(name: "Complete")) {
            try autotask.resolve(.openStatus, "Complete")
        }
    }

    @Test func keyOfAnotherSystemIsRefused() {
        #expect(throws: TicketSettingsError.keyNotForSystem(.board, .autotask)) { try autotask.resolve(.board, "1") }
        #expect(throws: TicketSettingsError.keyNotForSystem(.urgency, .autotask)) {
            try autotask.resolve(.urgency, "x")
        }
    }

    @Test func reopenWindowIsStoredCanonically() throws {
        #expect(try autotask.resolve(.reopenWindow, " 24H ") == "24h")
        #expect(throws: TicketSettingsError.invalidReopenWindow("soon")) { try autotask.resolve(.reopenWindow, "soon") }
    }

    @Test func applyingChangesNothingUnlessEveryValueResolves() throws {
        let stored = TicketSettings(values: [.queue: "29683481"])
        let assignments = [
            TicketSettingAssignment(key: .queue, value: "Monitoring Alert"),
            TicketSettingAssignment(key: .resolvedStatus, value: "New"),
        ]
        #expect(throws: TicketSettingsError.self) { try autotask.applying(assignments, to: stored) }

        let updated = try autotask.applying(
            [
                TicketSettingAssignment(key: .queue, value: "Monitoring Alert"),
                TicketSettingAssignment(key: .openStatus, value: "New"),
            ],
            to: stored)
        #expect(updated.values == [.queue: "29683354", .openStatus: "1"])
    }

    @Test func anEmptyAssignmentClearsTheSetting() throws {
        let stored = TicketSettings(values: [.queue: "29683481", .openStatus: "1"])
        let updated = try autotask.applying([TicketSettingAssignment(key: .queue, value: nil)], to: stored)
        #expect(updated.values == [.openStatus: "1"])
    }

    @Test func reviewFlagsStaleValuesAndUnsetRequiredOnes() {
        let stored = TicketSettings(values: [
            .queue: "999", .openStatus: "1", .resolvedStatus: "5", .reopenWindow: "7d",
        ])
        let reviews = Dictionary(uniqueKeysWithValues: autotask.review(stored).map { ($0.key, $0) })

        #expect(autotask.review(stored).map(\.key) == TicketSettingKey.keys(for: .autotask))
        #expect(reviews[.queue] == TicketSettingReview(key: .queue, value: "999", name: nil, status: .missingInPSA))
        #expect(reviews[.openStatus] == TicketSettingReview(key: .openStatus, value: "1", name: "New", status: .ok))
        #expect(reviews[.cancelledStatus]?.status == .unsetRequired)
        #expect(reviews[.defaultPriority]?.status == .unsetRequired)
        #expect(reviews[.highPriority]?.status == .unset)
        #expect(
            reviews[.reopenWindow] == TicketSettingReview(key: .reopenWindow, value: "7d", name: "7 days", status: .ok))
    }
}
