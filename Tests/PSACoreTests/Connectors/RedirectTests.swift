import PSASandbox
import Testing

@testable import PSACore

/// A PSA address that redirects elsewhere: psalink does not follow it (the credentials would
/// go along) and says where it pointed.
@Suite struct RedirectTests {
    @Test func redirectToAnotherHostIsReportedNotFollowed() async throws {
        try await withAutotaskSandbox { connector, sandbox in
            // A redirect may mean the zone moved: the zone is looked up again and the call sent
            // once more; a second redirect is reported.
            sandbox.faults.inject(
                .redirect(location: "https://elsewhere.example/atservicesrest/"), count: 2, pathContains: "Threshold")
            await #expect(throws: ConnectorError.self) { try await connector.validate() }
            #expect(sandbox.faults.requests(containing: "zoneInformation") == 2)
            do {
                try await connector.validate()
            } catch {
                // The fault was used up by the first call; this one succeeds only if nothing stuck.
                Issue.record("second validation failed: \(error)")
            }
            sandbox.faults.inject(
                .redirect(location: "https://elsewhere.example/x?secret=abc"), count: 2, pathContains: "Threshold")
            do throws(ConnectorError) {
                try await connector.validate()
                Issue.record("a redirect was accepted")
            } catch {
                guard case .unexpectedResponse(let message) = error else {
                    Issue.record("unexpected \(error)")
                    return
                }
                #expect(message.contains("redirect (302)") && message.contains("elsewhere.example"))
                #expect(!message.contains("abc"))
            }
        }
    }
}
