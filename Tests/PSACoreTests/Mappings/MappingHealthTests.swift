import Foundation
import Testing

@testable import PSACore

/// Mapping health from the company cache: each change recorded and audited once (DESIGN §6).
@Suite struct MappingHealthTests {
    func withStore(_ body: (Store, Int64) throws -> Void) throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/db.sqlite")
            try store.importAccounts([
                NerdioAccount(id: "a1", name: "Contoso", tenantID: "1e3500cc-d08f-42c8-8678-ce352b7de55e"),
                NerdioAccount(id: "a2", name: "Fabrikam", tenantID: "5b2c7a1e-8f3d-4e6a-9c0b-2d4f6a8e1c3b"),
            ])
            let id = try store.insert(NewIntegration(system: .halo, displayName: "Halo"), credentials: [:]).id
            try store.replaceCompanies(
                [PSACompany(id: "1", name: "Contoso Ltd"), PSACompany(id: "2", name: "Fabrikam Inc")],
                forIntegration: id)
            try store.setMapping(integration: id, account: "a1", company: "1")
            try store.setMapping(integration: id, account: "a2", company: "2")
            try body(store, id)
        }
    }

    func healthAudit(_ store: Store) throws -> [String] {
        try store.auditLog().filter { $0.action == "mapping.health" }.reversed().map {
            "\($0.target ?? ""): \($0.oldValue ?? "") -> \($0.newValue ?? "")"
        }
    }

    @Test func mergedDeletedAndBackAgainAreEachAuditedOnce() throws {
        try withStore { store, id in
            let health = MappingHealth(store: store)
            #expect(try health.review(integrationID: id) == .init(needsReview: 0, changes: 0))
            try store.replaceCompanies(
                [PSACompany(id: "1", name: "Contoso Ltd", isActive: false, mergedInto: "2")], forIntegration: id)
            #expect(try health.review(integrationID: id) == .init(needsReview: 2, changes: 2))
            #expect(try health.review(integrationID: id).changes == 0)
            let mappings = try store.mappings(forIntegration: id)
            #expect(mappings.map(\.reviewReason) == [.companyMerged, .companyNotInCache])
            #expect(mappings[0].companyMergedInto == "2")

            try store.replaceCompanies(
                [PSACompany(id: "1", name: "Contoso Ltd"), PSACompany(id: "2", name: "Fabrikam Inc")],
                forIntegration: id)
            #expect(try health.review(integrationID: id) == .init(needsReview: 0, changes: 2))
            #expect(
                try healthAudit(store) == [
                    "Halo / a1: ok -> company-merged", "Halo / a2: ok -> company-not-in-cache",
                    "Halo / a1: company-merged -> ok", "Halo / a2: company-not-in-cache -> ok",
                ])
        }
    }

    @Test func aRenamedCompanyKeepsItsMappingAndTheNameFollows() throws {
        try withStore { store, id in
            try store.replaceCompanies(
                [PSACompany(id: "1", name: "Contoso Group plc"), PSACompany(id: "2", name: "Fabrikam Inc")],
                forIntegration: id)
            #expect(try MappingHealth(store: store).review(integrationID: id).changes == 0)
            let contoso = try #require(try store.mapping(account: "a1", integration: id))
            #expect(contoso.status == .mapped && contoso.companyName == "Contoso Group plc")
        }
    }

    @Test func aSkippedAccountOrALowConfidenceMatchIsNoCompanyHealthChange() throws {
        try withStore { store, id in
            try store.skip(account: "a2", integration: id)
            try store.replaceCompanies([PSACompany(id: "1", name: "Contoso Ltd")], forIntegration: id)
            #expect(try MappingHealth(store: store).review(integrationID: id).changes == 0)
            #expect(try healthAudit(store).isEmpty)
        }
    }

    @Test func oneCompanyReadAgainUpdatesTheCacheAndNothingElse() throws {
        try withStore { store, id in
            try store.replaceCompanies(
                [PSACompany(id: "1", name: "Contoso Ltd", type: "Customer", domains: ["contoso.com"])],
                forIntegration: id)
            #expect(
                try store.updateCachedCompany(
                    "1", to: PSACompany(id: "1", name: "Contoso", isActive: false), forIntegration: id))
            #expect(
                !(try store.updateCachedCompany(
                    "1", to: PSACompany(id: "1", name: "Contoso", isActive: false), forIntegration: id)))
            let cached = try #require(try store.companies(forIntegration: id).first)
            #expect(
                cached.name == "Contoso" && !cached.isActive && cached.type == "Customer"
                    && cached.domains == ["contoso.com"])
            #expect(try store.updateCachedCompany("1", to: nil, forIntegration: id))
            #expect(try store.companies(forIntegration: id).isEmpty)
        }
    }
}
