import ArgumentParser
import Foundation
import PSACore
import TerminalUI

/// `psalink integration list`: each integration's system, default marker and health, and
/// whether its PSA is throttling psalink.
struct IntegrationListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the PSA integrations.",
        discussion: """
            HEALTH is the last credential check, the events that failed for good, and, while the \
            PSA is throttling psalink (it answered 429, or 503 with Retry-After), until when \
            (UTC): every request to that PSA waits until then. --json gives it as throttledUntil \
            (null when not throttled).
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print one JSON document.") var json = false

    func run() throws {
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let (integrations, pauses) = try access.run { store in
            let integrations = try store.integrations()
            return (integrations, try PSAThrottling.pauses(of: integrations, in: store))
        }
        if json {
            try JSONOutput.print([
                "integrations": integrations.map { IntegrationSummary($0, throttledUntil: pauses[$0.id]) }
            ])
            return
        }
        guard !integrations.isEmpty else {
            print("No integrations yet. Add one with: psalink integration add --help")
            return
        }
        let nameWidth = min(40, max(12, integrations.map { DisplayWidth.columns(of: $0.displayName) }.max() ?? 0))
        print(TextFitting.padded("NAME", to: nameWidth) + "  SYSTEM              DEFAULT  HEALTH")
        for integration in integrations {
            let name = TextFitting.padded(TerminalSafeText.escaped(integration.displayName), to: nameWidth)
            let system = TextFitting.padded(integration.system.displayName, to: 18)
            let isDefault = integration.isDefault ? "yes    " : "       "
            var health = integration.health.keyword
            if case .failing(let reason, _) = integration.health { health += ": " + TerminalSafeText.escaped(reason) }
            if integration.eventsFailedForGood > 0 {
                let count = integration.eventsFailedForGood
                health += "; \(count) event\(count == 1 ? "" : "s") failed for good"
            }
            if let until = pauses[integration.id] { health += "; throttled by the PSA until \(Self.time(until))" }
            print("\(name)  \(system)  \(isDefault)  \(health)")
        }
    }

    /// "10:04:31 UTC"; the date too when it is not today's (UTC).
    static func time(_ date: Date, now: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let style = Date.ISO8601FormatStyle(timeZone: calendar.timeZone)
        let time = date.formatted(style.time(includingFractionalSeconds: false).timeSeparator(.colon))
        guard !calendar.isDate(date, inSameDayAs: now) else { return time + " UTC" }
        return date.formatted(style.year().month().day().dateSeparator(.dash)) + " " + time + " UTC"
    }
}
