import Foundation
import Testing

@testable import PSACore

/// Saving a whole Account Mapping tab at once, and editing an integration's credentials.
@Suite struct MappingTabStoreTests {
    let tenant = "1e3500cc-d08f-42c8-8678-ce352b7de55e"

    func withStore(_ body: (Store, Int64) throws -> Void) throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/db.sqlite")
            try store.importAccounts([
                NerdioAccount(id: "a1", name: "Contoso", tenantID: tenant),
                NerdioAccount(id: "a2", name: "Fabrikam", tenantID: tenant),
            ])
            let integration = try store.insert(NewIntegration(system: .halo, displayName: "Halo"), credentials: [:])
            let id = integration.id
            try store.replaceCompanies(
                [PSACompany(id: "101", name: "Contoso Ltd"), PSACompany(id: "900", name: "Northwind IT")],
                forIntegration: id)
            try body(store, id)
        }
    }

    func edited(_ store: Store, _ id: Int64, _ change: (inout [AccountMapping]) -> Void) throws -> [AccountMapping] {
        var mappings = try store.mappings(forIntegration: id)
        change(&mappings)
        return mappings
    }

    @Test func changesAndTheMSPCustomerAreSavedTogether() throws {
        try withStore { store, id in
            let changes = try edited(store, id) { mappings in
                mappings[0].companyID = "101"
                mappings[0].method = .manual
                mappings[1].enabled = false
            }
            try store.saveMappings(
                changes, mspCustomer: MSPCustomer(companyID: "900", fallbackForUnmapped: true), forIntegration: id)
            let saved = try store.mappings(forIntegration: id)
            #expect(saved.map(\.status) == [.mapped, .skipped])
            #expect(saved[0].companyName == "Contoso Ltd" && saved[0].method == .manual)
            #expect(
                try store.mspCustomer(forIntegration: id)
                    == MSPCustomer(companyID: "900", companyName: "Northwind IT", fallbackForUnmapped: true))
        }
    }

    @Test(arguments: MappingMethod.allCases) func everyMappingMethodIsSavedAndReadBack(_ method: MappingMethod) throws {
        try withStore { store, id in
            let changes = try edited(store, id) { mappings in
                mappings[0].companyID = "101"
                mappings[0].method = method
                mappings[0].confidence = method == .manual ? nil : 0.95
            }
            try store.saveMappings(changes, mspCustomer: nil, forIntegration: id)
            #expect(try store.mappings(forIntegration: id)[0].method == method)
        }
    }

    @Test func aCompanyNotInTheCacheRefusesTheWholeTab() throws {
        try withStore { store, id in
            let changes = try edited(store, id) { mappings in
                mappings[0].companyID = "101"
                mappings[1].companyID = "555"
            }
            #expect(throws: StoreError.companyNotCached(companyID: "555", integration: "Halo")) {
                try store.saveMappings(changes, mspCustomer: nil, forIntegration: id)
            }
            #expect(try store.mappings(forIntegration: id).allSatisfy { $0.companyID == nil })
        }
    }

    @Test func anUnchangedCompanyThatLeftThePSAIsKeptForReview() throws {
        try withStore { store, id in
            try store.setMapping(integration: id, account: "a1", company: "101")
            try store.replaceCompanies([PSACompany(id: "900", name: "Northwind IT")], forIntegration: id)
            let changes = try edited(store, id) { $0[1].enabled = false }
            try store.saveMappings(changes, mspCustomer: nil, forIntegration: id)
            let saved = try store.mappings(forIntegration: id)
            #expect(saved[0].companyID == "101" && saved[0].reviewReason == .companyNotInCache)
            #expect(saved[1].status == .skipped)
        }
    }

    @Test func clearingEverythingLeavesNoRowsAndNoMSPCustomer() throws {
        try withStore { store, id in
            try store.setMapping(integration: id, account: "a1", company: "101")
            try store.setMSPCustomer(integration: id, company: "900", fallbackForUnmapped: false)
            let changes = try edited(store, id) { $0[0].companyID = nil }
            try store.saveMappings(changes, mspCustomer: nil, forIntegration: id)
            #expect(try store.mappings(forIntegration: id).allSatisfy { $0.status == .unmapped })
            #expect(try store.mspCustomer(forIntegration: id) == nil)
        }
    }

    @Test func editingAnIntegrationReplacesNameAndCredentialsButNotItsDefault() throws {
        try withStore { store, id in
            let other = try store.insert(NewIntegration(system: .autotask, displayName: "Autotask"), credentials: [:])
            let updated = try store.updateIntegration(
                id: id, displayName: "  Halo EU ", credentials: ["clientSecret": "new"],
                health: .healthy(checkedAt: Date()))
            #expect(updated.displayName == "Halo EU" && updated.isDefault && updated.system == .halo)
            #expect(try store.credentials(forIntegration: id) == ["clientSecret": "new"])
            #expect(throws: StoreError.duplicateName("autotask")) {
                try store.updateIntegration(
                    id: id, displayName: "autotask", credentials: [:], health: .healthy(checkedAt: Date()))
            }
            #expect(try store.integration(id: other.id)?.displayName == "Autotask")
        }
    }
}

@Suite struct CompanyCacheEvidenceTests {
    @Test func tenantsAndDomainsSurviveTheCache() throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/db.sqlite")
            let id = try store.insert(NewIntegration(system: .halo, displayName: "Halo"), credentials: [:]).id
            let company = PSACompany(
                id: "7", name: "Contoso", tenantIDs: ["1e3500cc-d08f-42c8-8678-ce352b7de55e"],
                domains: PSACompany.domains(fromWebsite: "https://WWW.Contoso.com/about"))
            try store.replaceCompanies([company, PSACompany(id: "8", name: "Fabrikam")], forIntegration: id)
            let cached = try store.companies(forIntegration: id)
            #expect(cached == [company, PSACompany(id: "8", name: "Fabrikam")])
            #expect(cached[0].domains == ["contoso.com"])
        }
    }

    @Test(arguments: [
        ("www.contoso.com", ["contoso.com"]), ("https://contoso.co.uk:8443/x?y", ["contoso.co.uk"]),
        ("mailto:info@Fabrikam.com", ["fabrikam.com"]), ("", []), ("not a site", []), ("localhost", []),
    ])
    func websitesBecomeDomains(_ website: String, _ expected: [String]) {
        #expect(PSACompany.domains(fromWebsite: website) == expected)
    }
}
