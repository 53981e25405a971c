import Foundation
import Testing

@testable import PSACore

/// The lines of `serve`'s JSON log: one valid object per line, whatever the values hold.
@Suite struct JSONLogLineTests {
    private func object(_ line: JSONLogLine) throws -> [String: Any] {
        let text = line.text
        #expect(text.hasSuffix("\n"))
        #expect(text.dropLast().firstIndex(where: \.isNewline) == nil, "one line: \(text)")
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func theFixedFieldsComeFirstWithAMillisecondUTCTimestamp() throws {
        let date = Date(timeIntervalSince1970: 1_796_658_390.123_9)
        let line = JSONLogLine(
            date: date, level: "warning", label: "psalink.serve", message: "delivery failed",
            fields: ["outcome": .string("failed")])
        #expect(line.text.hasPrefix(#"{"ts":"2026-12-07T15:46:30.123Z","level":"warning","label":"psalink.serve","#))
        let parsed = try object(line)
        #expect(parsed["message"] as? String == "delivery failed" && parsed["outcome"] as? String == "failed")
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let back = try #require(iso.date(from: parsed["ts"] as? String ?? ""))
        #expect(abs(back.timeIntervalSince(date)) < 0.001)
    }

    @Test func quotesBackslashesLineBreaksAndControlCharactersAreEscaped() throws {
        let nasty = "say \"hi\"\\ \n\r\t\u{1B}[31mred\u{7}\u{0}\u{7F}\u{85}\u{2028}end"
        let line = JSONLogLine(
            date: Date(), level: "info", label: "a\"b", message: nasty, fields: ["error": .string(nasty)])
        let text = line.text
        for raw in ["\n", "\r", "\t", "\u{1B}", "\u{7}", "\u{0}", "\u{7F}", "\u{85}", "\u{2028}"] {
            #expect(!text.dropLast().contains(raw), "raw \(raw.unicodeScalars.first!.value) in the line")
        }
        let parsed = try object(line)
        #expect(parsed["message"] as? String == nasty && parsed["error"] as? String == nasty)
        #expect(parsed["label"] as? String == "a\"b")
    }

    @Test func metadataIsFlattenedSortedAndTyped() throws {
        let line = JSONLogLine(
            date: Date(), level: "info", label: "l", message: "m",
            fields: [
                "zeta": .integer(42), "alpha": .bool(true), "ratio": .double(0.5),
                "statuses": .array([.string("200"), .string("none")]),
                "request": .object(["status": .integer(503), "method": .string("POST")]),
                "message": .string("a field of the caller's"),
            ])
        let parsed = try object(line)
        #expect(parsed["zeta"] as? Int == 42 && parsed["alpha"] as? Bool == true && parsed["ratio"] as? Double == 0.5)
        #expect(parsed["statuses"] as? [String] == ["200", "none"])
        #expect(parsed["request.status"] as? Int == 503 && parsed["request.method"] as? String == "POST")
        // The caller's field does not replace the line's own message.
        #expect(parsed["message"] as? String == "m" && parsed["meta.message"] as? String == "a field of the caller's")
        let names = ["alpha", "meta.message", "ratio", "request.method", "request.status", "statuses", "zeta"]
        let positions = names.map { line.text.range(of: "\"\($0)\":")!.lowerBound }
        #expect(positions == positions.sorted())
        #expect(line.text.range(of: "\"message\":")!.lowerBound < positions[0])
    }

    @Test func aNumberJSONCannotHoldIsWrittenAsText() throws {
        let parsed = try object(
            JSONLogLine(date: Date(), level: "info", label: "l", message: "m", fields: ["x": .double(.nan)]))
        #expect(parsed["x"] as? String == "nan")
    }

    @Test func printableTextIsOneLineWithoutEscapeSequences() {
        #expect(JSONLogLine.printable("bad\r\n\u{1B}[2Jgateway\u{202E}  x") == "bad [2Jgateway x")
        #expect(JSONLogLine.printable("plain text") == "plain text")
    }

    @Test func aDedupeKeyIsNamedByTheStartOfItsSHA256() {
        #expect(DedupeKeyHash.of("acme|hostpool/hp-1|c1").count == 16)
        #expect(DedupeKeyHash.of("abc") == "ba7816bf8f01cfea")
        #expect(DedupeKeyHash.of("abc") != DedupeKeyHash.of("abd"))
    }
}
