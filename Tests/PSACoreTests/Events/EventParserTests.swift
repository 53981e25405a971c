import Foundation
import Testing

@testable import PSACore

@Suite struct EventParserTests {
    static let full = """
        {"id":"evt-7f3a","account":"acc-123","condition":{"id":"cond-42","type":"task","name":"Host pool scaling failed"},\
        "severity":"high","state":"firing","target":"hostpool/hp-east-1","title":"Scaling failed on hp-east-1",\
        "details":"...","occurredAt":"2026-11-29T10:00:00Z","queue":"Service Desk","newerField":1}
        """

    func lines(_ text: String) -> [(line: Int, result: Result<NotificationEvent, EventRejection>)] {
        EventParser.parseLines(Data(text.utf8))
    }

    func rejection(_ json: String) -> EventRejection? {
        guard case .failure(let rejection) = lines(json).first?.result else { return nil }
        return rejection
    }

    @Test func theDesignsExampleReadsWholeAndUnknownFieldsAreIgnored() throws {
        let event = try #require(try lines(Self.full).first?.result.get())
        #expect(event.id == "evt-7f3a" && event.accountID == "acc-123")
        #expect(event.condition == .init(id: "cond-42", type: .task, name: "Host pool scaling failed"))
        #expect(event.severity == .high && event.state == .firing && event.target == "hostpool/hp-east-1")
        #expect(event.title == "Scaling failed on hp-east-1" && event.details == "..." && event.queue == "Service Desk")
        #expect(event.occurredAt == Date(timeIntervalSince1970: 1_795_946_400))
    }

    @Test func anMSPLevelEventWithoutSeverityTargetOrQueueIsFine() throws {
        let event = try #require(
            try lines(#"{"id":"e","condition":{"id":"c","type":"backup"},"state":"resolved","title":"t"}"#).first?
                .result.get())
        #expect(event.accountID == nil && event.severity == nil && event.target == "" && event.queue == nil)
        #expect(event.occurredAt == nil)
    }

    @Test(arguments: [
        (#"{"condition":{"id":"c","type":"task"},"state":"firing","title":"t"}"#, "id", "missing"),
        (#"{"id":"","condition":{"id":"c","type":"task"},"state":"firing","title":"t"}"#, "id", "is empty"),
        (#"{"id":7,"condition":{"id":"c","type":"task"},"state":"firing","title":"t"}"#, "id", "must be a string"),
        (#"{"id":"e","state":"firing","title":"t"}"#, "condition", "missing"),
        (#"{"id":"e","condition":"c","state":"firing","title":"t"}"#, "condition", "must be an object"),
        (#"{"id":"e","condition":{"type":"task"},"state":"firing","title":"t"}"#, "condition.id", "missing"),
        (
            #"{"id":"e","condition":{"id":"c","type":"disk"},"state":"firing","title":"t"}"#, "condition.type",
            "\"disk\" is not one of task, usage, backup, adUserManagement"
        ),
        (
            #"{"id":"e","condition":{"id":"c","type":"task"},"state":"open","title":"t"}"#, "state",
            "\"open\" is not one of firing, resolved, cancelled"
        ),
        (
            #"{"id":"e","condition":{"id":"c","type":"task"},"state":"firing","severity":"urgent","title":"t"}"#,
            "severity", "\"urgent\" is not one of informational, low, medium, high, critical"
        ),
        (#"{"id":"e","condition":{"id":"c","type":"task"},"state":"firing","title":"  "}"#, "title", "is empty"),
        (
            #"{"id":"e","condition":{"id":"c","type":"task"},"state":"firing","title":"t","account":5}"#, "account",
            "must be a string"
        ),
        (
            #"{"id":"e","condition":{"id":"c","type":"task"},"state":"firing","title":"t","occurredAt":"yesterday"}"#,
            "occurredAt", "\"yesterday\" is not an ISO 8601 time such as 2026-11-29T10:00:00Z"
        ),
    ])
    func aBadFieldIsNamedWithWhatIsWrong(_ json: String, _ field: String, _ reason: String) {
        let refused = rejection(json)
        #expect(refused.map { [$0.line.map(String.init), $0.field, $0.reason] } == ["1", field, reason])
        // The id travels with the refusal when it is usable, so that the sender can tell which event.
        #expect(refused?.eventID == (field == "id" ? nil : "e"))
    }

    @Test func aBadLineDoesNotStopTheOthers() {
        let good = #"{"id":"e1","condition":{"id":"c","type":"usage"},"state":"firing","title":"t"}"#
        let results = lines(
            "\u{FEFF}\(good)\r\n{not json\n\n   \n\(good.replacingOccurrences(of: "e1", with: "e2"))\n[1,2]\n")
        #expect(results.map(\.line) == [1, 2, 5, 6])
        #expect((try? results[0].result.get())?.id == "e1")
        #expect(results[1].result == .failure(EventRejection(line: 2, field: nil, reason: "not valid JSON")))
        #expect((try? results[2].result.get())?.id == "e2")
        #expect(
            results[3].result == .failure(EventRejection(line: 6, field: nil, reason: "an event must be a JSON object"))
        )
        #expect(EventRejection(line: 2, field: "state", reason: "missing").description == "line 2: state: missing")
    }

    @Test func aBodyIsOneEventOrAnArrayWithItsItemsNamed() throws {
        let single = try EventParser.parseBody(Data(Self.full.utf8)).get()
        #expect(single.count == 1 && (try? single[0].get())?.id == "evt-7f3a")
        let array = try EventParser.parseBody(Data("[\(Self.full), {\"id\":\"x\"}]".utf8)).get()
        #expect(array.count == 2)
        #expect(
            array[1] == .failure(EventRejection(line: nil, field: "[1].condition", reason: "missing", eventID: "x")))
        #expect(throws: EventRejection(line: nil, field: nil, reason: "the body is not valid JSON")) {
            try EventParser.parseBody(Data("{".utf8)).get()
        }
    }

    @Test func oversizedValuesAreRefused() {
        let longTitle = String(repeating: "x", count: EventParser.maximumTitleLength + 1)
        #expect(
            rejection(#"{"id":"e","condition":{"id":"c","type":"task"},"state":"firing","title":"\#(longTitle)"}"#)?
                .field
                == "title")
        let bigDetails = String(repeating: "d", count: EventParser.maximumDetailsBytes + 1)
        #expect(
            rejection(
                #"{"id":"e","condition":{"id":"c","type":"task"},"state":"firing","title":"t","details":"\#(bigDetails)"}"#
            )?
            .field == "details")
    }

    @Test func severitiesAreOrdered() {
        #expect(NotificationEvent.Severity.informational < .low && NotificationEvent.Severity.high < .critical)
    }
}
