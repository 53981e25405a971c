/// A setting of the integration itself rather than of its tickets (DESIGN §6): saved without a
/// PSA call, kept in `integration_setting`, never set per ticket queue (unless the key says so),
/// and carried by export and import. Raw values are the keys as scripts spell them.
///
/// A new key is one case here: its value check, its default and whether queues may set it.
public enum IntegrationSettingKey: String, CaseIterable, Codable, Sendable, Comparable {
    /// How many requests psalink may send the integration's PSA tenant in a rolling window,
    /// `N/SECONDS` (`RateLimit`). Integrations that reach one tenant keep to the tightest.
    case rateLimit = "rate-limit"
    /// Where events go while the mapped company is gone, inactive or merged (`BrokenMappingPolicy`).
    case brokenMapping = "broken-mapping"
    /// Whether an event that finally cannot become a ticket raises one at the MSP-level customer.
    case fallbackTicket = "fallback-ticket"
    /// How many new tickets one customer gets in a window before one parent ticket takes the rest
    /// (`StormLimit`, `N/MINUTES`), or `off`.
    case storm
    /// Whether psalink's notes are internal or visible to the customer (`NoteVisibility`).
    case noteVisibility = "note-visibility"

    /// `text` in the form it is stored in, or nil when it is not a value of this key.
    public func normalized(_ text: String) -> String? {
        switch self {
        case .rateLimit: return RateLimit(parsing: text)?.description
        case .brokenMapping: return BrokenMappingPolicy(rawValue: text.lowercased())?.rawValue
        case .fallbackTicket: return ["on", "off"].first { $0 == text.lowercased() }
        case .storm:
            if text.lowercased() == StormLimit.offText { return StormLimit.offText }
            return StormLimit(parsing: text)?.description
        case .noteVisibility: return NoteVisibility(rawValue: text.lowercased())?.rawValue
        }
    }

    /// The value's shape in one word, for usage lines: "N/SECONDS".
    public var valueForm: String {
        switch self {
        case .rateLimit: return "N/SECONDS"
        case .brokenMapping: return BrokenMappingPolicy.allCases.map(\.rawValue).joined(separator: "|")
        case .fallbackTicket: return "on|off"
        case .storm: return "N/MINUTES|off"
        case .noteVisibility: return NoteVisibility.allCases.map(\.rawValue).joined(separator: "|")
        }
    }

    /// What a value must look like, for a refusal: "N/SECONDS, …".
    public var expectedForm: String {
        switch self {
        case .rateLimit:
            return "\(valueForm), at most N requests in any SECONDS seconds, both whole numbers of at least 1 "
                + "(e.g. 300/300)"
        case .brokenMapping:
            return "one of " + BrokenMappingPolicy.allCases.map(\.rawValue).joined(separator: ", ")
                + " (msp: to the MSP-level customer with a note; hold: in the outbox until the account is "
                + "remapped; skip: no ticket, recorded; send: to the company as before)"
        case .fallbackTicket: return "on or off"
        case .storm:
            return "N/MINUTES, at most N new tickets per customer in any MINUTES minutes, both whole numbers of at "
                + "least 1 (e.g. 10/10), or off"
        case .noteVisibility:
            return "internal or public (internal: technicians only; public: shown to the customer, never e-mailed)"
        }
    }

    /// Whether a ticket queue may set it over its integration's (DESIGN §6): how a storm is
    /// folded and who sees the notes are choices per kind of alert; the PSA's budget and where
    /// broken mappings go belong to the integration as a whole.
    public var appliesToQueues: Bool {
        switch self {
        case .rateLimit, .brokenMapping, .fallbackTicket: return false
        case .storm, .noteVisibility: return true
        }
    }

    /// The value that holds while the integration sets none.
    public func defaultValue(for system: PSASystem) -> IntegrationSettingDefault {
        switch self {
        case .rateLimit:
            let value = RateLimit.standard(for: system).description
            switch system {
            case .halo, .autotask:
                return IntegrationSettingDefault(value: value, source: "\(system.displayName)'s published limit")
            case .connectwise:
                return IntegrationSettingDefault(
                    value: value, source: "\(system.displayName) publishes no limit; psalink keeps to a cautious one")
            }
        case .brokenMapping:
            return IntegrationSettingDefault(
                value: BrokenMappingPolicy.msp.rawValue, source: "no alert waits on a company the PSA no longer has")
        case .fallbackTicket:
            return IntegrationSettingDefault(value: "on", source: "no alert ends only in psalink's database")
        case .storm:
            let standard = StormLimit.standard
            return IntegrationSettingDefault(
                value: standard.description,
                source: "at most \(standard.tickets) new tickets per customer in \(standard.minutes) minutes")
        case .noteVisibility:
            return IntegrationSettingDefault(
                value: NoteVisibility.internal.rawValue, source: "repeats are notes for technicians, not the customer")
        }
    }

    public static func < (lhs: IntegrationSettingKey, rhs: IntegrationSettingKey) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// An integration setting's value while none is set, and where it comes from in words
/// ("HaloPSA's published limit").
public struct IntegrationSettingDefault: Sendable, Equatable {
    public var value: String
    public var source: String

    public init(value: String, source: String) {
        self.value = value
        self.source = source
    }
}

/// Why an integration setting's value was refused: one line that starts with the key and says
/// what the value must look like.
public enum IntegrationSettingError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidValue(IntegrationSettingKey, value: String)

    public var key: IntegrationSettingKey {
        switch self {
        case .invalidValue(let key, _): return key
        }
    }

    public var description: String {
        switch self {
        case .invalidValue(let key, let value):
            return "\(key.rawValue): \(String(reflecting: value)) is not valid; expected \(key.expectedForm)"
        }
    }
}

/// One integration setting to save: its value as stored, or nil to go back to the default.
/// Only a valid value makes one, so the store never holds a value it cannot use.
public struct IntegrationSettingAssignment: Sendable, Equatable {
    public let key: IntegrationSettingKey
    public let value: String?

    /// `text` checked and normalized; nil or blank resets the key to its default.
    public init(key: IntegrationSettingKey, value text: String?) throws(IntegrationSettingError) {
        self.key = key
        let trimmed = text?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !trimmed.isEmpty else {
            value = nil
            return
        }
        guard let normalized = key.normalized(trimmed) else { throw .invalidValue(key, value: trimmed) }
        value = normalized
    }
}
