import Foundation
import Testing

@testable import PSASandbox

@Suite struct JSONWriterTests {
    func text(_ value: Any) -> String { String(decoding: JSONWriter.data(value), as: UTF8.self) }

    @Test func objectsHaveSortedKeysAndNestedValues() {
        let value: [String: Any] = ["b": [1, 2.5, true, "x"], "a": ["nested": NSNull()], "c": false]
        #expect(text(value) == #"{"a":{"nested":null},"b":[1,2.5,true,"x"],"c":false}"#)
    }

    @Test func stringsAreEscaped() {
        #expect(text(["Evil\u{1B}[2J \"Corp\" \\ \n"]) == #"["Evil\u001b[2J \"Corp\" \\ \n"]"#)
        #expect(text(["Café 東京"]) == "[\"Café 東京\"]")
    }

    @Test func numbersParsedFromRequestsKeepTheirKind() throws {
        let parsed = try JSONSerialization.jsonObject(with: Data(#"{"id":1,"flag":true,"off":0,"rate":1.5}"#.utf8))
        #expect(text(parsed) == #"{"flag":true,"id":1,"off":0,"rate":1.5}"#)
    }

    @Test func outputParsesBackToTheSameValue() throws {
        let value: [String: Any] = ["items": (0..<3).map { ["id": $0, "name": "Company \($0)"] }, "count": 3]
        let parsed = try #require(try JSONSerialization.jsonObject(with: JSONWriter.data(value)) as? [String: Any])
        #expect((parsed["items"] as? [[String: Any]])?.count == 3)
        #expect(parsed["count"] as? Int == 3)
    }
}
