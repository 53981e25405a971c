import Foundation
import Testing

@testable import PSACore

@Suite struct WeeklySpanTests {
    @Test func readsShortAndFullDayNamesInAnyCase() throws {
        let span = try WeeklySpan(parsing: "Sat 22:00-Sun 04:00")
        #expect(span.start == WeeklySpan.Point(weekday: 7, hour: 22, minute: 0))
        #expect(span.end == WeeklySpan.Point(weekday: 1, hour: 4, minute: 0))
        #expect(span.description == "Sat 22:00-Sun 04:00")
        #expect(try WeeklySpan(parsing: "  saturday 22:00 - SUNDAY 4:00 ") == span)
        #expect(try WeeklySpan(parsing: "wed 09:15-Wednesday 17:45").description == "Wed 09:15-Wed 17:45")
    }

    @Test func measuresSpansThatWrapPastSundayAndSameDaySpans() throws {
        #expect(try WeeklySpan(parsing: "Sat 22:00-Sun 04:00").nominalMinutes == 6 * 60)
        #expect(try WeeklySpan(parsing: "Sun 22:00-Mon 02:00").nominalMinutes == 4 * 60)
        #expect(try WeeklySpan(parsing: "Sat 22:00-Sat 23:00").nominalMinutes == 60)
        // An end earlier in the day than the start, on the same weekday, is almost a week later.
        #expect(try WeeklySpan(parsing: "Sat 23:00-Sat 22:00").nominalMinutes == 7 * 24 * 60 - 60)
    }

    @Test func refusesWhatIsNotASpanWithTheExpectedForm() {
        let cases: [(String, WeeklySpan.ParseError)] = [
            ("Sat 22:00-Sat 22:00", .empty("Sat 22:00-Sat 22:00")),
            ("Sat 25:00-Sun 04:00", .badTime("25:00")),
            ("Sat 22-Sun 4", .badTime("22")),
            ("Sat 22:0-Sun 04:00", .badTime("22:0")),
            ("Funday 22:00-Sun 04:00", .unknownDay("Funday")),
            ("Sa 22:00-Sun 04:00", .unknownDay("Sa")),
            ("Sat 22:00", .malformed("Sat 22:00")),
            ("Sat 22:00-Sun 04:00-Mon 01:00", .malformed("Sat 22:00-Sun 04:00-Mon 01:00")),
            ("", .malformed("")),
        ]
        for (text, expected) in cases {
            #expect(throws: expected, "\(text)") { try WeeklySpan(parsing: text) }
            #expect(expected.description.contains("\"Sat 22:00-Sun 04:00\""))
        }
    }
}
