import ArgumentParser
import Foundation
import PSACore
import TerminalUI

/// `psalink settings show|set`: an integration's ticket settings (DESIGN §1 step 3) and its
/// integration settings (DESIGN §6).
struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings", abstract: "Show and set an integration's ticket and integration settings.",
        subcommands: [SettingsShowCommand.self, SettingsSetCommand.self])
}

/// What `settings show` and `settings set` print: every ticket setting of the integration's
/// system with the PSA's name for its value and whether it still holds, then the integration
/// settings with the default each one falls back to. A `settings set` of integration settings
/// alone asks the PSA nothing, so its report has no ticket settings.
struct SettingsReport: Encodable {
    struct Entry: Encodable {
        var key: String
        var value: String?
        var name: String?
        var status: String

        // Unset values are `null` rather than absent, so every entry has the same fields.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(key, forKey: .key)
            try container.encode(value, forKey: .value)
            try container.encode(name, forKey: .name)
            try container.encode(status, forKey: .status)
        }

        private enum CodingKeys: String, CodingKey { case key, value, name, status }
    }

    /// An integration setting: `value` is null while the default holds; `effective` is what
    /// psalink keeps to now (for `rate-limit`, the tightest of the integrations on the same PSA).
    struct IntegrationEntry: Encodable {
        var key: String
        var value: String?
        var `default`: String
        var defaultSource: String
        var effective: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(key, forKey: .key)
            try container.encode(value, forKey: .value)
            try container.encode(`default`, forKey: .default)
            try container.encode(defaultSource, forKey: .defaultSource)
            try container.encode(effective, forKey: .effective)
        }

        private enum CodingKeys: String, CodingKey { case key, value, `default`, defaultSource, effective }
    }

    var integration: String
    /// Nil when the PSA was not asked (only integration settings were set); left out of the JSON then.
    var settings: [Entry]?
    var integrationSettings: [IntegrationEntry]
    /// Set when an import stored the ticket settings without checking them against the PSA.
    var reviewNeeded: SettingsReviewMark?
    /// Why the PSA could not check the ticket settings now; nil when it did.
    var unchecked: String?

    init(
        integration: Integration, reviews: [TicketSettingReview]?, userFields: [UserFieldReview] = [],
        integrationSettings: [IntegrationSettingStatus], reviewNeeded: SettingsReviewMark? = nil,
        unchecked: String? = nil
    ) {
        self.integration = integration.displayName
        self.reviewNeeded = reviewNeeded
        self.unchecked = unchecked
        let rows = reviews.map { reviews in
            reviews.map {
                Row(
                    key: $0.key.rawValue, value: $0.value, name: $0.name, status: $0.status,
                    namesAChoice: $0.key.field != nil)
            }
                + userFields.map {
                    Row(key: $0.key, value: $0.value, name: $0.label, status: $0.status, namesAChoice: true)
                }
        }
        settings = rows?.map { Entry(key: $0.key, value: $0.value, name: $0.name, status: $0.status.rawValue) }
        self.integrationSettings = integrationSettings.map {
            IntegrationEntry(
                key: $0.key.rawValue, value: $0.value, default: $0.defaultValue.value,
                defaultSource: $0.defaultValue.source, effective: $0.effective)
        }
        self.rows = rows ?? []
        statuses = integrationSettings
        system = integration.system
    }

    /// A ticket setting or user-defined field as the lines and warnings show it.
    private struct Row {
        var key: String
        var value: String?
        var name: String?
        var status: TicketSettingReview.Status
        /// A PSA value rather than psalink's own (the reopen window) or text.
        var namesAChoice: Bool
    }

    private let rows: [Row]
    private let statuses: [IntegrationSettingStatus]
    private let system: PSASystem

    private enum CodingKeys: String, CodingKey {
        case integration, settings, integrationSettings, reviewNeeded, reviewReason, checked, uncheckedReason
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(integration, forKey: .integration)
        try container.encodeIfPresent(settings, forKey: .settings)
        try container.encode(integrationSettings, forKey: .integrationSettings)
        try container.encode(reviewNeeded != nil, forKey: .reviewNeeded)
        try container.encode(reviewNeeded?.reason, forKey: .reviewReason)
        if settings != nil {
            try container.encode(unchecked == nil, forKey: .checked)
            try container.encode(unchecked, forKey: .uncheckedReason)
        }
    }

    /// Why the ticket settings are shown as stored, unchecked.
    var uncheckedLine: String? {
        unchecked.map { "not checked, shown as stored: \(TerminalSafeText.escaped($0))" }
    }

    /// What the mark says, for people.
    var reviewLine: String? {
        reviewNeeded.map {
            "review needed: an import stored these ticket settings without checking them against "
                + "\(system.displayName) (\(TerminalSafeText.escaped($0.reason))); psalink settings set (or the "
                + "wizard's Save) checks and clears this"
        }
    }

    /// One line per setting, names from the PSA escaped for the terminal.
    var lines: [String] {
        let name = "\"\(TerminalSafeText.escaped(integration))\" (\(system.displayName))"
        var lines: [String] = []
        if settings == nil, let reviewLine { lines.append(reviewLine) }
        if settings != nil {
            let width = rows.map(\.key.count).max() ?? 0
            lines.append("Ticket settings of \(name):")
            if let reviewLine { lines.append("  " + reviewLine) }
            if let uncheckedLine { lines.append("  " + uncheckedLine) }
            lines += rows.map { row in
                let key = TerminalSafeText.escaped(row.key.padding(toLength: width, withPad: " ", startingAt: 0))
                return "  \(key)  \(Self.describe(row))"
            }
        }
        let width = statuses.map(\.key.rawValue.count).max() ?? 0
        lines.append("Integration settings of \(name):")
        lines += statuses.map { status in
            "  \(status.key.rawValue.padding(toLength: width, withPad: " ", startingAt: 0))  \(Self.describe(status))"
        }
        return lines
    }

    /// "100/60", or "300/300 (default: HaloPSA's published limit)", and what holds instead when
    /// another integration on the same PSA keeps to a tighter limit.
    static func describe(_ status: IntegrationSettingStatus) -> String {
        var text = status.value ?? "\(status.defaultValue.value) (default: \(status.defaultValue.source))"
        if status.effective != status.own {
            text += "; in effect \(status.effective), the tightest limit of the integrations that reach this PSA"
        }
        return text
    }

    /// Settings the admin should look at: values the PSA no longer has, required ones unset, or
    /// none of them checked because the PSA did not answer.
    var warnings: [String] {
        (reviewLine.map { [$0] } ?? []) + (uncheckedLine.map { [$0] } ?? [])
            + rows.compactMap { row in
                switch row.status {
                case .missingInPSA:
                    return
                        "\(row.key): the stored value \(Self.shown(row.value)) is not offered by the PSA "
                        + "any more; set it again"
                case .unsetRequired:
                    return "\(row.key): required by the PSA and not set"
                case .ok, .unset, .unchecked:
                    return nil
                }
            }
    }

    private static func describe(_ row: Row) -> String {
        switch row.status {
        case .ok:
            let name = row.name.map(TerminalSafeText.escaped) ?? shown(row.value)
            return !row.namesAChoice || row.name == row.value ? name : "\(name) (id \(shown(row.value)))"
        case .missingInPSA: return "id \(shown(row.value)): no longer exists in the PSA"
        case .unsetRequired: return "not set (required)"
        case .unchecked: return "id \(shown(row.value)) (not checked)"
        case .unset: return "not set"
        }
    }

    private static func shown(_ value: String?) -> String { TerminalSafeText.escaped(value ?? "") }

    /// The report on standard output. `warn` repeats what needs attention on standard error, for
    /// scripts that read only the JSON and for `set`, whose admin did not ask for the table.
    func print(json: Bool, warn: Bool) throws {
        if warn {
            for warning in warnings { FileHandleOutput.standardError("warning: " + TerminalSafeText.escaped(warning)) }
        }
        if json {
            try JSONOutput.print(self)
        } else {
            Swift.print(lines.joined(separator: "\n"))
        }
    }
}
