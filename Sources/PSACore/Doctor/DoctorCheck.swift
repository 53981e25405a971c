/// The result of one `doctor` check: what was looked at, how it stands, what was found, and
/// what to do about it when it is not ok. Each check is a value computed from facts gathered
/// beforehand, so that new checks (a secrets key, say) are one more function returning one.
public struct DoctorCheck: Sendable, Equatable {
    /// Ordered from best to worst, so that a report's status is the largest of its checks'.
    public enum Status: String, Sendable, Comparable, CaseIterable {
        case ok, warn, fail

        private var rank: Int { Self.allCases.firstIndex(of: self)! }

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
    }

    /// Short and stable: "database", "credentials", "tls", "serve"...
    public var name: String
    public var status: Status
    /// What was found, in one sentence.
    public var detail: String
    /// What to do, most useful first; empty when the check is ok.
    public var advice: [DoctorAdvice]
    /// The integration the check is about, for the per-integration checks.
    public var integration: String?

    public init(
        name: String, status: Status, detail: String, advice: [DoctorAdvice] = [], integration: String? = nil
    ) {
        self.name = name
        self.status = status
        self.detail = detail
        self.advice = status == .ok ? [] : advice
        self.integration = integration
    }
}
