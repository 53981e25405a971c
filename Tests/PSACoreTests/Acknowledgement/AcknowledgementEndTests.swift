import Foundation
import Testing

@testable import PSACore

@Suite struct AcknowledgementEndTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: [("30m", 1_800.0), ("4h", 14_400), (" 2D ", 172_800)])
    func aDurationCountsFromNow(text: String, seconds: TimeInterval) throws {
        #expect(try AcknowledgementEnd.parse(text, now: now) == now.addingTimeInterval(seconds))
    }

    @Test func aTimeCarriesItsOffset() throws {
        let utc = try AcknowledgementEnd.parse("2027-01-15T08:00:00Z", now: now)
        #expect(try AcknowledgementEnd.parse("2027-01-15T09:00:00+01:00", now: now) == utc)
        #expect(try AcknowledgementEnd.parse("2027-01-15t08:00:00.000z", now: now) == utc)
        #expect(utc == Date(timeIntervalSince1970: 1_800_000_000))
    }

    @Test(arguments: [
        "", "soon", "0m", "4", "h", "-4h", "400d", "2027-01-15T08:00:00", "2027-01-15", "2027-13-40T00:00Z",
    ])
    func anythingElseIsRefused(text: String) {
        #expect(throws: AcknowledgementEnd.Invalid(text: text)) { try AcknowledgementEnd.parse(text, now: now) }
    }
}
