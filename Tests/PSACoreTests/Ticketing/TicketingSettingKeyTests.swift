import Testing

@testable import PSACore

@Suite struct TicketingSettingKeyTests {
    @Test func eachSystemHasItsOwnKeys() {
        let common: [TicketSettingKey] = [
            .ticketType, .openStatus, .resolvedStatus, .cancelledStatus, .defaultPriority, .informationalPriority,
            .lowPriority, .mediumPriority, .highPriority, .criticalPriority,
        ]
        #expect(TicketSettingKey.keys(for: .connectwise) == [.board] + common + [.reopenWindow])
        #expect(
            TicketSettingKey.keys(for: .autotask)
                == [.queue] + common + [.category, .issueType, .subIssueType, .source, .reopenWindow])
        #expect(TicketSettingKey.keys(for: .halo) == common + [.category, .impact, .urgency, .reopenWindow])
    }

    @Test func keysAreSpelledAsDesignSaysAndMapToTheirField() {
        #expect(TicketSettingKey(rawValue: "priority.informational")?.field == .priority)
        #expect(TicketSettingKey(rawValue: "cancelled-status")?.field == .status)
        #expect(TicketSettingKey(rawValue: "ticket-type")?.field == .ticketType)
        #expect(TicketSettingKey.reopenWindow.field == nil)
        #expect(TicketSettingKey.openStatus.parent(in: .connectwise) == .board)
        #expect(TicketSettingKey.openStatus.parent(in: .halo) == nil)
        #expect(TicketSettingKey.highPriority.parent(in: .halo) == .ticketType)
        #expect(TicketSettingKey.ticketType.parent(in: .halo) == nil)
    }

    @Test func assignmentsParseKeyCaseInsensitivelyAndSplitAtTheFirstEquals() throws {
        #expect(
            try TicketSettingAssignment(parsing: "Open-Status=In Progress")
                == .init(key: .openStatus, value: "In Progress"))
        #expect(try TicketSettingAssignment(parsing: "category=a=b") == .init(key: .category, value: "a=b"))
        #expect(try TicketSettingAssignment(parsing: "board=") == .init(key: .board, value: nil))
    }

    @Test func malformedUnknownAndRepeatedAssignmentsAreUsageErrors() {
        for (argument, error) in [
            ("board", TicketSettingsError.malformedAssignment("board")),
            ("=1", .malformedAssignment("=1")),
            ("colour=red", .unknownKey("colour")),
        ] {
            #expect(throws: error) { try TicketSettingAssignment(parsing: argument) }
            #expect(error.isUsageError)
        }
        #expect(throws: TicketSettingsError.duplicateKey(.board)) {
            try TicketSettingAssignment.parseAll(["board=1", "BOARD=2"])
        }
        #expect(!TicketSettingsError.keyNotForSystem(.board, .halo).isUsageError)
    }

    @Test func keysOfAnotherSystemAreNamed() {
        #expect(throws: TicketSettingsError.keyNotForSystem(.impact, .connectwise)) {
            try TicketSettingAssignment.checkKeys(
                [.init(key: .board, value: "1"), .init(key: .impact, value: "x")], for: .connectwise)
        }
        #expect(
            TicketSettingsError.keyNotForSystem(.queue, .halo).description
                == "queue: applies to Datto Autotask PSA only, not to HaloPSA")
    }

    @Test func storedRowsRoundTripAndKeepKeysOfANewerBuild() {
        let settings = TicketSettings(stored: ["board": "1", "future-key": "x"])
        #expect(settings.values == [.board: "1"])
        #expect(settings.stored == ["board": "1", "future-key": "x"])
        #expect(settings.choiceContext(for: .connectwise) == ChoiceContext(board: "1"))
        #expect(
            TicketSettings(values: [.ticketType: "29"]).choiceContext(for: .halo) == ChoiceContext(ticketType: "29"))
    }
}
