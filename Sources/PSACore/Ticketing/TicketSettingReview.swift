/// One setting as `settings show` reports it: the stored value, the PSA's name for it, and
/// whether it still holds.
public struct TicketSettingReview: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        case ok
        /// The stored id is not among the PSA's choices any more; it is kept, not replaced.
        case missingInPSA = "missing-in-psa"
        case unsetRequired = "unset-required"
        case unset
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
}
