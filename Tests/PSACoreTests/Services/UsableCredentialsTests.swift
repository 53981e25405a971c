import Foundation
import Testing

@testable import PSACore

@Suite struct UsableCredentialsTests {
    private let halo = Credentials.halo(
        HaloCredentials(url: "https://halo.example.com", clientID: "id", clientSecret: Secret("secret")))

    private func withStore(_ body: (Store) throws -> Void) throws {
        try withTemporaryFolder { folder in try body(try Store.open(at: folder + "/db.sqlite")) }
    }

    @Test func aSavedIntegrationsCredentialsAreReadBack() throws {
        try withStore { store in
            let saved = try store.insert(
                NewIntegration(system: .halo, displayName: "Halo"), credentials: halo.storedFields)
            #expect(try UsableCredentials.of(saved, in: store) == halo)
            let (integration, credentials) = try UsableCredentials.ofIntegration(id: saved.id, in: store)
            #expect(integration.displayName == "Halo" && credentials == halo)
        }
    }

    @Test func incompleteCredentialsNameTheIntegration() throws {
        try withStore { store in
            var fields = halo.storedFields
            fields["clientSecret"] = nil
            let saved = try store.insert(NewIntegration(system: .halo, displayName: "Halo"), credentials: fields)
            #expect(throws: CredentialsUnavailable.incomplete(integration: "Halo")) {
                try UsableCredentials.of(saved, in: store)
            }
            #expect(
                CredentialsUnavailable.incomplete(integration: "Halo").description
                    == "the stored credentials of \"Halo\" are incomplete; add the integration again")
        }
    }

    @Test func aRemovedIntegrationHasNone() throws {
        try withStore { store in
            #expect(throws: CredentialsUnavailable.removed(id: 42)) {
                try UsableCredentials.ofIntegration(id: 42, in: store)
            }
        }
    }
}
