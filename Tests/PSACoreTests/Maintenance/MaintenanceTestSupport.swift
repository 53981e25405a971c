import Foundation

@testable import PSACore

/// An instant written in UTC, e.g. `utc("2026-03-29T01:00")`.
func utc(_ text: String) -> Date {
    try! OffsetTimestamp.parse(text + "Z")
}

func weekly(_ spec: String, _ zone: String = "UTC") -> MaintenanceWindow.Schedule {
    try! MaintenanceInput.weekly(spec, timeZone: zone)
}

func interval(_ start: String, _ end: String) -> DateInterval {
    DateInterval(start: utc(start), end: utc(end))
}
