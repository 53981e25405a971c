@testable import PSACore

/// Runs `operation` and returns the ConnectorError it throws, or nil when it succeeds.
func connectorError(_ operation: () async throws(ConnectorError) -> Void) async -> ConnectorError? {
    do {
        try await operation()
        return nil
    } catch {
        return error
    }
}
