import Foundation
import Testing

@testable import PSACore
@testable import PSASandbox

/// The sandbox's reading of `conditions`, and that it reads back what the connector writes.
@Suite("ConnectWise sandbox conditions")
struct ConnectWiseSandboxConditionTests {
    typealias Condition = ConnectWiseSandboxCondition

    static var ticket: [String: Any] {
        [
            "id": 41_001, "summary": "Disk full on HOST-1", "closedFlag": false,
            "externalXRef": #"ad/CONTOSO\jdoe "x""#, "company": ["id": 251, "name": #"Say "Hi" \ Co"#],
            "dateEntered": "2026-11-29T10:00:00Z",
            "types": [["id": 1, "name": "Customer"], ["id": 4, "name": "Partner"]],
        ]
    }

    func matches(_ text: String) throws -> Bool {
        try Condition.parse(text).matches(Self.ticket)
    }

    @Test func whatTheConnectorWritesIsReadBackExactly() throws {
        for value in [#"Say "Hi" \ Co"#, #"\"#, #""""#, #"a\"b"#, "O'Brien & Sons", "東京システム", ""] {
            let record: [String: Any] = ["name": value]
            #expect(try Condition.parse(ConnectWiseCondition.equals("name", value)).matches(record), "\(value)")
            #expect(try !Condition.parse(ConnectWiseCondition.equals("name", value + "x")).matches(record), "\(value)")
        }
        let condition = ConnectWiseCondition.all(
            ConnectWiseCondition.equals("externalXRef", #"ad/CONTOSO\jdoe "x""#),
            ConnectWiseCondition.equals("company/id", 251))
        #expect(try matches(condition))
        #expect(try matches(ConnectWiseCondition.equals("company/name", #"Say "Hi" \ Co"#)))
    }

    @Test func operatorsAndLogic() throws {
        #expect(try matches("id = 41001 and closedFlag = false"))
        #expect(try matches("id=41001 AND closedFlag=false"))
        #expect(try !matches("id != 41001"))
        #expect(try matches("id >= 41001 and id < 41002 and id <= 41001 and id > 41000"))
        #expect(try matches(#"summary contains "disk""#))
        #expect(try matches(#"summary like "Disk%host-_""#))
        #expect(try !matches(#"summary like "Disk""#))
        #expect(try matches(#"summary not contains "printer""#))
        #expect(try matches("company/id in (250, 251)"))
        #expect(try !matches("company/id not in (250, 251)"))
        #expect(try matches(#"(summary contains "printer" or closedFlag = false) and company/id = 251"#))
        #expect(try !matches(#"summary contains "printer" or closedFlag = false and company/id = 252"#))
        #expect(try matches(#"not (closedFlag = true)"#))
        #expect(try matches("closedDate = null and summary != null"))
        #expect(try matches("dateEntered > [2026-01-01T00:00:00Z]"))
        #expect(try matches(#"types/name = "partner""#))
        #expect(try matches("summary = 'disk full on host-1'"))
        #expect(try matches(#"summary = 'it\'s' or id = 41001"#))
    }

    @Test func malformedConditionsAreRefused() {
        for text in [
            "id =", "id 41001", "= 1", "(id = 1", "id = 1)", #"summary = "open"#, "summary = open", "id = 12abc",
            "closedFlag = 1", #"id = "1""#, "summary contains 5", "id in 1, 2", "id = 1 and", "id ~ 1",
            "closedFlag > true",
        ] {
            #expect(throws: Condition.Failure.self, "\(text)") { try matches(text) }
        }
        #expect(throws: Condition.Failure(message: "Expected a boolean value, not a numeric. " + Condition.valueHelp)) {
            try matches("closedFlag = 1")
        }
    }
}
