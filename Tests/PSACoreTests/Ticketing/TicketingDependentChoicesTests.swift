import Synchronization
import Testing

@testable import PSACore

/// ConnectWise statuses and types follow the board; HaloPSA priorities follow the ticket type.
@Suite struct TicketingDependentChoicesTests {
    static let boards = [Choice(id: "1", name: "Service Desk"), Choice(id: "2", name: "Monitoring")]
    static let statusesByBoard: [String: [Choice]] = [
        "1": [Choice(id: "16", name: "New"), Choice(id: "22", name: "Closed", isClosing: true)],
        "2": [Choice(id: "30", name: "New (Alert)"), Choice(id: "32", name: "Closed", isClosing: true)],
    ]

    /// A ConnectWise-like PSA: statuses only once a board is chosen. Records what was asked.
    final class ConnectWiseLike: Sendable {
        let contexts = Mutex<[ChoiceContext]>([])

        func choices(_ context: ChoiceContext) -> TicketChoices {
            contexts.withLock { $0.append(context) }
            var values: [TicketField: [Choice]] = [.board: TicketingDependentChoicesTests.boards]
            if let board = context.board {
                values[.status] = TicketingDependentChoicesTests.statusesByBoard[board] ?? []
            }
            return TicketChoices(values: values, required: [.board, .status])
        }

        var editor: TicketSettingsEditor {
            TicketSettingsEditor(system: .connectwise) { context throws(ConnectorError) in self.choices(context) }
        }
    }

    @Test func statusNeedsABoard() {
        let resolver = TicketSettingsResolver(system: .connectwise, choices: ConnectWiseLike().choices(ChoiceContext()))
        #expect(throws: TicketSettingsError.needsParent(.openStatus, parent: .board)) {
            try resolver.resolve(.openStatus, "New")
        }
    }

    @Test func statusesComeFromTheBoardChosenInTheSameCommand() async throws {
        let psa = ConnectWiseLike()
        let (settings, resolver) = try await psa.editor.applying(
            [
                TicketSettingAssignment(key: .board, value: "monitoring"),
                TicketSettingAssignment(key: .openStatus, value: "New (Alert)"),
                TicketSettingAssignment(key: .resolvedStatus, value: "closed"),
            ], to: TicketSettings())

        #expect(settings.values == [.board: "2", .openStatus: "30", .resolvedStatus: "32"])
        #expect(resolver.context == ChoiceContext(board: "2"))
        #expect(psa.contexts.withLock { $0 } == [ChoiceContext(), ChoiceContext(board: "2")])
    }

    @Test func statusesFollowTheStoredBoard() async throws {
        let (settings, _) = try await ConnectWiseLike().editor.applying(
            [TicketSettingAssignment(key: .openStatus, value: "New")], to: TicketSettings(values: [.board: "1"]))
        #expect(settings.values == [.board: "1", .openStatus: "16"])
    }

    @Test func statusOfAnotherBoardIsNotFound() async {
        await #expect(
            throws: TicketSettingsError.valueNotFound(.openStatus, value: "30", validNames: ["New", "Closed"], more: 0)
        ) {
            try await ConnectWiseLike().editor.applying(
                [TicketSettingAssignment(key: .openStatus, value: "30")], to: TicketSettings(values: [.board: "1"]))
        }
    }

    @Test func changingTheBoardFlagsTheOldBoardsStatusesInsteadOfReplacingThem() async throws {
        let stored = TicketSettings(values: [.board: "1", .openStatus: "16"])
        let (settings, resolver) = try await ConnectWiseLike().editor.applying(
            [TicketSettingAssignment(key: .board, value: "2")], to: stored)

        #expect(settings.values == [.board: "2", .openStatus: "16"])
        let open = resolver.review(settings).first { $0.key == .openStatus }
        #expect(open?.status == .missingInPSA)
    }

    @Test func aBoardThatNoLongerExistsIsNotFollowed() async throws {
        let psa = ConnectWiseLike()
        let resolver = try await psa.editor.resolver(for: TicketSettings(values: [.board: "9", .openStatus: "16"]))

        #expect(psa.contexts.withLock { $0 } == [ChoiceContext()])
        let statuses = Dictionary(
            uniqueKeysWithValues: resolver.review(TicketSettings(values: [.board: "9", .openStatus: "16"])).map {
                ($0.key, $0.status)
            })
        #expect(statuses[.board] == .missingInPSA)
        #expect(statuses[.openStatus] == .missingInPSA)
        #expect(statuses[.resolvedStatus] == .unsetRequired)
    }

    @Test func haloPrioritiesFollowTheTicketType() async throws {
        let prioritiesByType = ["1": [Choice(id: "1", name: "Critical")], "29": [Choice(id: "1", name: "P1 - Outage")]]
        let editor = TicketSettingsEditor(system: .halo) { context throws(ConnectorError) in
            var values: [TicketField: [Choice]] = [
                .ticketType: [Choice(id: "1", name: "Incident"), Choice(id: "29", name: "Alert")]
            ]
            values[.priority] = context.ticketType.flatMap { prioritiesByType[$0] } ?? []
            return TicketChoices(values: values, required: [.ticketType])
        }

        let (settings, _) = try await editor.applying(
            [
                TicketSettingAssignment(key: .ticketType, value: "Alert"),
                TicketSettingAssignment(key: .criticalPriority, value: "p1 - outage"),
            ], to: TicketSettings())
        #expect(settings.values == [.ticketType: "29", .criticalPriority: "1"])

        await #expect(throws: TicketSettingsError.self) {
            try await editor.applying(
                [TicketSettingAssignment(key: .criticalPriority, value: "P1 - Outage")],
                to: TicketSettings(values: [.ticketType: "1"]))
        }
        await #expect(throws: TicketSettingsError.needsParent(.highPriority, parent: .ticketType)) {
            try await editor.applying([TicketSettingAssignment(key: .highPriority, value: "1")], to: TicketSettings())
        }
    }

    @Test func aPSAThatCannotListChoicesSavesNothing() async {
        let editor = TicketSettingsEditor(system: .autotask) { _ throws(ConnectorError) in
            throw ConnectorError.transport(.cancelled)
        }
        await #expect(throws: TicketSettingsError.choicesUnavailable(.transport(.cancelled))) {
            try await editor.applying([TicketSettingAssignment(key: .reopenWindow, value: "1h")], to: TicketSettings())
        }
    }
}
