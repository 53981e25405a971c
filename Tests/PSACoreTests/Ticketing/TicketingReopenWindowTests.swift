import Testing

@testable import PSACore

@Suite struct TicketingReopenWindowTests {
    @Test(arguments: [
        ("30m", 1_800, "30 minutes"), ("24h", 86_400, "24 hours"), ("7d", 604_800, "7 days"), ("1D", 86_400, "1 day"),
        ("0m", 0, "0 minutes"),
    ])
    func durations(text: String, seconds: Int64, spelledOut: String) throws {
        let window = try ReopenWindow(parsing: text)
        #expect(window.duration == .seconds(seconds))
        #expect(window.spelledOut == spelledOut)
        #expect(window.description == text.lowercased())
    }

    @Test(arguments: ["", "h", "24", "24x", "-1h", "1.5h", "24 h", "366d", "99999999999m", "٣h"])
    func badDurationsNameTheKey(text: String) {
        #expect(throws: TicketSettingsError.invalidReopenWindow(text)) { try ReopenWindow(parsing: text) }
        #expect(TicketSettingsError.invalidReopenWindow(text).description.hasPrefix("reopen-window: "))
    }

    @Test func aYearIsTheLongestWindow() throws {
        #expect(try ReopenWindow(parsing: "365d").duration == .seconds(365 * 86_400))
        #expect(try ReopenWindow(parsing: "8760h").duration == .seconds(365 * 86_400))
    }
}
