/// Every check of one `doctor` run and the status they add up to: the worst of them.
public struct DoctorReport: Sendable, Equatable {
    public var checks: [DoctorCheck]

    public init(checks: [DoctorCheck]) { self.checks = checks }

    /// `ok` for an empty report: nothing was found wrong.
    public var status: DoctorCheck.Status { checks.map(\.status).max() ?? .ok }

    /// Warnings alone leave it true: they ask for attention, not for a failing exit status.
    public var passes: Bool { status != .fail }
}
