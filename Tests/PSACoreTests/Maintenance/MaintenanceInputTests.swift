import Foundation
import Testing

@testable import PSACore

@Suite struct MaintenanceInputTests {
    @Test func instantsNeedAnOffset() throws {
        #expect(try OffsetTimestamp.parse("2026-12-12T22:00:00+01:00") == utc("2026-12-12T21:00"))
        #expect(try OffsetTimestamp.parse("2026-12-12T22:00Z") == utc("2026-12-12T22:00"))
        #expect(
            try OffsetTimestamp.parse("2026-12-12T22:00:00.500-0500") == utc("2026-12-13T03:00").addingTimeInterval(0.5)
        )
        #expect(throws: OffsetTimestamp.ParseError.missingOffset("2026-12-12T22:00:00")) {
            try OffsetTimestamp.parse("2026-12-12T22:00:00")
        }
        #expect(throws: OffsetTimestamp.ParseError.malformed("2026-02-30T22:00:00Z")) {
            try OffsetTimestamp.parse("2026-02-30T22:00:00Z")
        }
        #expect(throws: OffsetTimestamp.ParseError.malformed("tomorrow")) { try OffsetTimestamp.parse("tomorrow") }
        #expect(OffsetTimestamp.format(utc("2026-12-12T22:00")) == "2026-12-12T22:00:00Z")
    }

    @Test func eachRefusalNamesItsField() {
        func field(_ body: () throws -> Void) -> MaintenanceField? {
            do {
                try body()
                return nil
            } catch {
                return (error as? MaintenanceInputError)?.field
            }
        }
        #expect(
            field { _ = try MaintenanceInput.once(from: "2026-12-12T22:00Z", until: "2026-12-12T21:00Z") } == .until)
        #expect(
            field { _ = try MaintenanceInput.once(from: "2026-12-12T22:00Z", until: "2026-12-12T22:00Z") } == .until)
        #expect(field { _ = try MaintenanceInput.once(from: "2026-12-12T22:00", until: "2026-12-12T23:00Z") } == .from)
        #expect(field { _ = try MaintenanceInput.once(from: "2026-12-12T22:00Z", until: "soon") } == .until)
        #expect(field { _ = try MaintenanceInput.weekly("Sat 22:00", timeZone: "UTC") } == .weekly)
        #expect(field { _ = try MaintenanceInput.weekly("Sat 22:00-Sun 04:00", timeZone: "Mars/Base") } == .timeZone)
        #expect(field { _ = try MaintenanceInput.reason("  ") } == .reason)
        #expect(field { _ = try MaintenanceInput.once(from: " ", until: "2026-12-12T23:00Z") } == .from)
        #expect(field { _ = try MaintenanceInput.weekly("", timeZone: "UTC") } == .weekly)
        #expect(field { _ = try MaintenanceInput.weekly("Sat 22:00-Sun 04:00", timeZone: "europe/london") } == nil)
    }

    @Test func zonesAreIANANamesOrUTC() throws {
        #expect(try MaintenanceInput.zone("europe/london").identifier == "Europe/London")
        #expect(try MaintenanceInput.zone("UTC").maintenanceName == "UTC")
        #expect(try MaintenanceInput.zone("America/New_York").identifier == "America/New_York")
        for bad in ["Mars/Base", "EST", "+01:00", ""] {
            #expect(throws: MaintenanceInputError.self) { try MaintenanceInput.zone(bad) }
        }
    }
}
