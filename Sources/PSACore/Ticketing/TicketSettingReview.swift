/// One setting as `settings show` reports it: the stored value, the PSA's name for it, and
/// whether it still holds.
public struct TicketSettingReview: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        case ok
        /// The stored id is not among the PSA's choices any more; it is kept, not replaced.
        case missingInPSA = "missing-in-psa"
        case unsetRequired = "unset-required"
        case unset
        /// Stored, but the PSA did not answer, so whether it still holds is not known.
        case unchecked
    }

    public var key: TicketSettingKey
    public var value: String?
    /// The PSA's name of the value (or the spelled-out reopen window); nil when unknown.
    public var name: String?
    public var status: Status

    public init(key: TicketSettingKey, value: String?, name: String?, status: Status) {
        self.key = key
        self.value = value
        self.name = name
        self.status = status
    }

    /// The stored settings as they are, for when the PSA cannot be asked: values unchecked,
    /// psalink's own (the reopen window) spelled out.
    public static func unchecked(_ settings: TicketSettings, system: PSASystem) -> [TicketSettingReview] {
        TicketSettingKey.keys(for: system).map { key in
            guard let value = settings[key] else {
                return TicketSettingReview(key: key, value: nil, name: nil, status: .unset)
            }
            guard key.field != nil else {
                let window = try? ReopenWindow(parsing: value)
                return TicketSettingReview(key: key, value: value, name: window?.spelledOut, status: .ok)
            }
            return TicketSettingReview(key: key, value: value, name: nil, status: .unchecked)
        }
    }
}
