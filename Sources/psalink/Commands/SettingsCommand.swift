import ArgumentParser
import Foundation
import PSACore
import TerminalUI

/// `psalink settings show|set`: an integration's ticket settings (DESIGN §1 step 3).
struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings", abstract: "Show and set an integration's ticket settings.",
        subcommands: [SettingsShowCommand.self, SettingsSetCommand.self])
}

/// What `settings show` and `settings set` print: every setting of the integration's system
/// with the PSA's name for its value and whether it still holds.
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

    var integration: String
    var settings: [Entry]

    init(integration: Integration, reviews: [TicketSettingReview]) {
        self.integration = integration.displayName
        settings = reviews.map {
            Entry(key: $0.key.rawValue, value: $0.value, name: $0.name, status: $0.status.rawValue)
        }
        self.reviews = reviews
        system = integration.system
    }

    private let reviews: [TicketSettingReview]
    private let system: PSASystem

    private enum CodingKeys: String, CodingKey { case integration, settings }

    /// One line per setting, names from the PSA escaped for the terminal.
    var lines: [String] {
        let width = reviews.map(\.key.rawValue.count).max() ?? 0
        let header = "Ticket settings of \"\(TerminalSafeText.escaped(integration))\" (\(system.displayName)):"
        return [header]
            + reviews.map { review in
                let key = review.key.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
                return "  \(key)  \(Self.describe(review))"
            }
    }

    /// Settings the admin should look at: values the PSA no longer has, required ones unset.
    var warnings: [String] {
        reviews.compactMap { review in
            switch review.status {
            case .missingInPSA:
                return "\(review.key.rawValue): the stored value \(Self.shown(review.value)) is not offered by the PSA "
                    + "any more; set it again"
            case .unsetRequired:
                return "\(review.key.rawValue): required by the PSA and not set"
            case .ok, .unset:
                return nil
            }
        }
    }

    private static func describe(_ review: TicketSettingReview) -> String {
        switch review.status {
        case .ok:
            let name = review.name.map(TerminalSafeText.escaped) ?? shown(review.value)
            return review.key.field == nil || review.name == review.value ? name : "\(name) (id \(shown(review.value)))"
        case .missingInPSA: return "id \(shown(review.value)): no longer exists in the PSA"
        case .unsetRequired: return "not set (required)"
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
