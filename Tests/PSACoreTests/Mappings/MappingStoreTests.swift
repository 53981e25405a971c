import Foundation
import Testing

@testable import PSACore

@Suite struct MappingStoreTests {
    let tenant = "1e3500cc-d08f-42c8-8678-ce352b7de55e"

    /// A store with three accounts and a Halo integration whose cache holds an active company
    /// "101", an inactive "102" and the MSP's "900".
    func withStore(_ body: (Store, Int64) throws -> Void) throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/db.sqlite")
            try store.importAccounts([
                NerdioAccount(id: "a1", name: "Contoso", tenantID: tenant),
                NerdioAccount(id: "a2", name: "Fabrikam", tenantID: tenant),
                NerdioAccount(id: "a3", name: "adventure works", tenantID: tenant),
            ])
            let integration = try store.insert(NewIntegration(system: .halo, displayName: "Halo"), credentials: [:])
            let id = integration.id
            try store.replaceCompanies(
                [
                    PSACompany(id: "101", name: "Contoso Ltd"),
                    PSACompany(id: "102", name: "Fabrikam GmbH", isActive: false),
                    PSACompany(id: "900", name: "Northwind IT", isMSP: true),
                ], forIntegration: id)
            try body(store, id)
        }
    }

    func mapping(_ store: Store, _ integration: Int64, _ account: String) throws -> AccountMapping {
        try #require(try store.mappings(forIntegration: integration).first { $0.accountID == account })
    }

    @Test func everyAccountIsListedByNameAndStartsUnmapped() throws {
        try withStore { store, id in
            let mappings = try store.mappings(forIntegration: id)
            #expect(mappings.map(\.accountID) == ["a3", "a1", "a2"])
            #expect(mappings.allSatisfy { $0.status == .unmapped && $0.enabled && $0.companyID == nil })
        }
    }

    @Test func accountMissingFromAnImportKeepsItsMappingAndIsFlagged() throws {
        try withStore { store, id in
            try store.setMapping(integration: id, account: "a2", company: "101")
            try store.importAccounts([NerdioAccount(id: "a1", name: "Contoso", tenantID: tenant)])
            let missing = try mapping(store, id, "a2")
            #expect(missing.accountMissing && missing.companyID == "101" && missing.status == .mapped)
            #expect(try !mapping(store, id, "a1").accountMissing)
        }
    }

    @Test func manualMappingIsMappedWithTheCachedName() throws {
        try withStore { store, id in
            try store.setMapping(integration: id, account: "a1", company: "101")
            let mapped = try mapping(store, id, "a1")
            #expect(mapped.companyName == "Contoso Ltd")
            #expect(mapped.method == .manual && mapped.confidence == nil)
            #expect(mapped.status == .mapped && mapped.reviewReason == nil)
        }
    }

    @Test func companyThatVanishesFromALaterRefreshNeedsReview() throws {
        try withStore { store, id in
            try store.setMapping(integration: id, account: "a1", company: "101")
            try store.replaceCompanies([PSACompany(id: "900", name: "Northwind IT")], forIntegration: id)
            let orphan = try mapping(store, id, "a1")
            #expect(orphan.companyID == "101" && orphan.companyName == nil)
            #expect(orphan.status == .needsReview && orphan.reviewReason == .companyNotInCache)
        }
    }

    @Test func inactiveCompanyNeedsReview() throws {
        try withStore { store, id in
            try store.setMapping(integration: id, account: "a2", company: "102")
            let mapped = try mapping(store, id, "a2")
            #expect(mapped.status == .needsReview && mapped.reviewReason == .companyInactive)
        }
    }

    @Test func skipAndEnableKeepTheCompany() throws {
        try withStore { store, id in
            try store.setMapping(integration: id, account: "a1", company: "101")
            try store.skip(account: "a1", integration: id)
            let skipped = try mapping(store, id, "a1")
            #expect(skipped.status == .skipped && !skipped.enabled && skipped.companyID == "101")
            try store.enable(account: "a1", integration: id)
            let enabled = try mapping(store, id, "a1")
            #expect(enabled.status == .mapped && enabled.companyID == "101" && enabled.method == .manual)
        }
    }

    @Test func clearRemovesTheCompanyButNotTheSkip() throws {
        try withStore { store, id in
            try store.setMapping(integration: id, account: "a1", company: "101")
            try store.skip(account: "a1", integration: id)
            try store.clearMapping(account: "a1", integration: id)
            let cleared = try mapping(store, id, "a1")
            #expect(cleared.status == .skipped && cleared.companyID == nil && cleared.method == nil)
            try store.enable(account: "a1", integration: id)
            #expect(try mapping(store, id, "a1").status == .unmapped)
        }
    }

    @Test func unknownIdsAreRefusedAndNamed() throws {
        try withStore { store, id in
            #expect(throws: StoreError.accountNotFound(id: "nope")) {
                try store.setMapping(integration: id, account: "nope", company: "101")
            }
            #expect(throws: StoreError.companyNotCached(companyID: "555", integration: "Halo")) {
                try store.setMapping(integration: id, account: "a1", company: "555")
            }
            #expect(throws: StoreError.integrationNotFound(id: id + 1)) {
                try store.setMapping(integration: id + 1, account: "a1", company: "101")
            }
            #expect(throws: StoreError.accountNotFound(id: "nope")) {
                try store.skip(account: "nope", integration: id)
            }
            #expect(throws: StoreError.integrationNotFound(id: id + 1)) {
                try store.mappings(forIntegration: id + 1)
            }
            #expect(StoreError.accountNotFound(id: "nope").description.contains("\"nope\""))
            #expect(StoreError.companyNotCached(companyID: "555", integration: "Halo").description.contains("\"555\""))
            let afterRefusals = try store.mappings(forIntegration: id)
            #expect(afterRefusals.allSatisfy { $0.status == .unmapped })
        }
    }

    @Test func mappingsBelongToTheirIntegration() throws {
        try withStore { store, id in
            let other = try store.insert(NewIntegration(system: .autotask, displayName: "Autotask"), credentials: [:])
                .id
            try store.replaceCompanies([PSACompany(id: "101", name: "Contoso (Autotask)")], forIntegration: other)
            try store.setMapping(integration: other, account: "a1", company: "101")
            try store.skip(account: "a2", integration: other)
            #expect(try store.mappings(forIntegration: id).allSatisfy { $0.status == .unmapped })
            #expect(try mapping(store, other, "a1").companyName == "Contoso (Autotask)")
            #expect(try mapping(store, other, "a2").status == .skipped)
        }
    }

    @Test func mspCustomerIsChosenAmongCachedCompanies() throws {
        try withStore { store, id in
            #expect(try store.mspCustomer(forIntegration: id) == nil)
            try store.setMSPCustomer(integration: id, company: "900", fallbackForUnmapped: true)
            #expect(
                try store.mspCustomer(forIntegration: id)
                    == MSPCustomer(companyID: "900", companyName: "Northwind IT", fallbackForUnmapped: true))
            try store.setMSPCustomer(integration: id, company: "101", fallbackForUnmapped: false)
            #expect(
                try store.mspCustomer(forIntegration: id)
                    == MSPCustomer(companyID: "101", companyName: "Contoso Ltd", fallbackForUnmapped: false))
            #expect(throws: StoreError.companyNotCached(companyID: "555", integration: "Halo")) {
                try store.setMSPCustomer(integration: id, company: "555", fallbackForUnmapped: true)
            }
            #expect(try store.mspCustomer(forIntegration: id)?.companyID == "101")
        }
    }
}

@Suite struct MappingStatusTests {
    func automatic(_ method: MappingMethod, confidence: Double?) -> AccountMapping {
        AccountMapping(
            accountID: "a", accountName: "A", companyID: "1", companyName: "One", companyIsActive: true,
            method: method, confidence: confidence)
    }

    @Test func automaticMappingsUnderTheThresholdNeedReview() {
        #expect(automatic(.similarName, confidence: 0.5).status == .needsReview)
        #expect(automatic(.similarName, confidence: 0.5).reviewReason == .lowConfidence)
        #expect(automatic(.name, confidence: nil).status == .needsReview)
        #expect(automatic(.tenantID, confidence: AccountMapping.confidentFrom).status == .mapped)
        #expect(automatic(.manual, confidence: nil).status == .mapped)
    }

    @Test func skippedWinsOverEverythingElse() {
        var mapping = automatic(.similarName, confidence: 0.1)
        mapping.enabled = false
        mapping.companyIsActive = nil
        #expect(mapping.status == .skipped && mapping.reviewReason == nil)
    }
}
