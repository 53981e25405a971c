import PSACore

/// What one row of the Ticket Settings tab says about its value.
enum SettingsFieldStatus: Equatable {
    /// A value the PSA offers; `name` is the PSA's name (or the spelled-out reopen window).
    case chosen(name: String)
    /// A stored value the PSA offers but that breaks a rule (inactive, or a status that closes
    /// when it must not or the reverse): kept, and flagged.
    case invalid(name: String, reason: String)
    case unset(required: Bool)
    /// A stored id whose list has not arrived (still loading, or the load failed): shown as
    /// it is, neither confirmed nor flagged.
    case unchecked(id: String)
    /// A stored id the loaded list does not have; `reason` says why, for the flag.
    case missing(id: String, reason: String)

    /// The short text beside the field; nil when the field itself says everything.
    var note: String? {
        switch self {
        case .chosen, .unset(required: false): return nil
        case .invalid(_, let reason): return "✗ " + reason
        case .unset(required: true): return "✗ required"
        case .unchecked: return "(not checked)"
        case .missing(_, let reason): return "✗ " + reason
        }
    }

    var isProblem: Bool {
        switch self {
        case .chosen, .unset(required: false), .unchecked: return false
        case .invalid, .unset(required: true), .missing: return true
        }
    }
}

extension TicketSettingKey {
    /// How the tab labels the key: the words an admin sees in the PSA, not the script name.
    var settingsLabel: String {
        switch self {
        case .board: return "Board"
        case .queue: return "Queue"
        case .ticketType: return "Ticket type"
        case .openStatus: return "Open status"
        case .resolvedStatus: return "Resolved status"
        case .cancelledStatus: return "Cancelled status"
        case .defaultPriority: return "Default priority"
        case .informationalPriority: return "Priority: Informational"
        case .lowPriority: return "Priority: Low"
        case .mediumPriority: return "Priority: Medium"
        case .highPriority: return "Priority: High"
        case .criticalPriority: return "Priority: Critical"
        case .category: return "Category"
        case .impact: return "Impact"
        case .urgency: return "Urgency"
        case .issueType: return "Issue type"
        case .subIssueType: return "Sub-issue type"
        case .source: return "Source"
        case .reopenWindow: return "Reopen window"
        }
    }

    /// What the row says while the field is focused, so that the rules are visible before
    /// a choice is refused.
    var settingsHint: String {
        switch self {
        case .board: return "The ConnectWise board new tickets go to; its statuses and ticket types follow it."
        case .queue: return "The Autotask queue new tickets go to."
        case .ticketType: return "The ticket type of new tickets."
        case .openStatus: return "The status of a new or reopened ticket; it must not close the ticket."
        case .resolvedStatus: return "Set when the condition clears; it must close the ticket (✓ closes)."
        case .cancelledStatus: return "Set when the condition is cancelled; it must close the ticket (✓ closes)."
        case .defaultPriority: return "The priority of events that carry no severity."
        case .informationalPriority, .lowPriority, .mediumPriority, .highPriority, .criticalPriority:
            return "The priority of events of this severity; unset falls back to the default priority."
        case .category: return "The category of new tickets."
        case .impact: return "The HaloPSA impact of new tickets."
        case .urgency: return "The HaloPSA urgency of new tickets; their ticket type may require one."
        case .issueType: return "The Autotask issue type of new tickets; the sub-issue types follow it."
        case .subIssueType: return "The Autotask sub-issue type of new tickets, one of the issue type's."
        case .source: return "The Autotask source of new tickets."
        case .reopenWindow:
            return "Reopen a closed ticket when its condition fires again within this time: e.g. 30m, 24h, 7d; "
                + "0m never reopens. Enter applies it."
        }
    }
}

extension IntegrationSettingKey {
    /// How the tab labels the key: its script name in words ("Rate limit"), so that a new key
    /// needs no label of its own.
    var settingsLabel: String {
        let words = String(rawValue.map { $0 == "-" ? " " : $0 })
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// The values a dropdown offers, when the key takes one of a few words (`valueForm`
    /// "a|b|c"); nil for a key typed as text, even when a word is one of its values (`storm`'s
    /// "N/MINUTES|off").
    var settingsOptions: [String]? {
        let options = valueForm.split(separator: "|").map(String.init)
        guard options.count > 1, options.allSatisfy({ $0.allSatisfy(\.isLetter) }) else { return nil }
        return options
    }
}

/// A row of the Ticket Settings tab: a ticket setting, an Autotask user-defined field by
/// the name Autotask gives it, or an integration setting (below the others, saved without the PSA).
enum SettingsRow: Hashable, Sendable {
    case key(TicketSettingKey)
    case userField(String)
    case integration(IntegrationSettingKey)

    var key: TicketSettingKey? {
        if case .key(let key) = self { return key }
        return nil
    }

    var userField: String? {
        if case .userField(let name) = self { return name }
        return nil
    }

    var integrationKey: IntegrationSettingKey? {
        if case .integration(let key) = self { return key }
        return nil
    }
}
