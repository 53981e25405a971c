import Foundation

/// Checks a stored integration's credentials with one authenticated call to its PSA and
/// records the answer as its health: `integration validate` and the wizard's revalidation.
public struct IntegrationValidation: Sendable {
    let store: Store
    let makeConnector: @Sendable (Credentials) -> any PSAConnector
    let now: @Sendable () -> Date

    public init(
        store: Store, now: @escaping @Sendable () -> Date = { Date() },
        makeConnector: @escaping @Sendable (Credentials) -> any PSAConnector
    ) {
        self.store = store
        self.makeConnector = makeConnector
        self.now = now
    }

    /// Reads the credentials, asks the PSA, records the health. Never throws: every way it
    /// can end is an outcome.
    public func validate(_ integration: Integration) async -> ValidationOutcome {
        let credentials: Credentials
        do throws(CredentialsUnavailable) {
            credentials = try UsableCredentials.of(integration, in: store)
        } catch {
            return .unusable(error)
        }
        var refusal: ConnectorError?
        do throws(ConnectorError) {
            try await makeConnector(credentials).validate()
        } catch {
            refusal = error
        }
        // Held back by the PSA's rate budget, nothing was asked: the health stays as it was.
        if let refusal, refusal.throttledUntil != nil { return .notChecked(refusal) }
        let health: Health =
            refusal.map { .failing(reason: $0.description, checkedAt: now()) } ?? .healthy(checkedAt: now())
        do throws(StoreError) {
            try store.recordHealth(health, forIntegration: integration.id)
        } catch {
            return .notRecorded(error, refusal: refusal)
        }
        return refusal.map { .refused($0, health: health) } ?? .valid(health: health)
    }
}

/// How a check of an integration's stored credentials ended.
public enum ValidationOutcome: Sendable, Equatable, CustomStringConvertible {
    /// The PSA accepted the credentials; `health` (healthy) is recorded.
    case valid(health: Health)
    /// The PSA refused them or could not be reached; `health` (failing, with the reason) is recorded.
    case refused(ConnectorError, health: Health)
    /// The stored credentials cannot be used; nothing was sent and nothing recorded.
    case unusable(CredentialsUnavailable)
    /// The PSA answered (`refusal` nil when it accepted) but the health could not be recorded.
    case notRecorded(StoreError, refusal: ConnectorError?)
    /// Nothing was sent: the PSA's rate budget holds requests (the error says until when). The
    /// recorded health is unchanged.
    case notChecked(ConnectorError)

    /// True only when the PSA accepted the credentials.
    public var credentialsValid: Bool {
        switch self {
        case .valid: return true
        case .notRecorded(_, let refusal): return refusal == nil
        case .refused, .unusable, .notChecked: return false
        }
    }

    /// The health now recorded for the integration; nil when nothing was recorded.
    public var recordedHealth: Health? {
        switch self {
        case .valid(let health), .refused(_, let health): return health
        case .unusable, .notRecorded, .notChecked: return nil
        }
    }

    /// One line for the admin: "credentials valid." or why not.
    public var description: String {
        switch self {
        case .valid: return "credentials valid."
        case .refused(let error, _): return error.description
        case .unusable(let reason): return reason.description
        case .notRecorded(let error, _): return "could not record the result: \(error.description)"
        case .notChecked(let error): return "not checked: \(error.description)"
        }
    }
}
