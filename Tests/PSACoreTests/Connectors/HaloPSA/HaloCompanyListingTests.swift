import PSACore
import PSASandbox
import Synchronization
import Testing

@Suite("HaloPSA clients")
struct HaloCompanyListingTests {
    /// After the clients, the Microsoft 365 connections and the one connection's tenant links.
    static let tenantLinkRequests = 2

    @Test func listsEveryClientInOnePageWithStateAndType() async throws {
        try await withHaloSandbox { connector, sandbox, _ in
            let progress = Mutex<[CompanyProgress]>([])
            let listing = try await connector.companies { step in progress.withLock { $0.append(step) } }
            #expect(listing.companies.count == 40)
            #expect(sandbox.faults.requests(containing: "GET /api/Client?") == 1)
            #expect(
                sandbox.faults.requests(
                    containing:
                        "GET /api/Client?pageinate=true&page_size=999&page_no=1&includeactive=true&includeinactive=true"
                )
                    == 1)
            // Signing in (authinfo and the token) is not the listing's.
            #expect(listing.requests == 1 + Self.tenantLinkRequests)
            #expect(progress.withLock { $0 } == [CompanyProgress(fetched: 40, total: 40)])
            for (index, company) in sandbox.companies.enumerated() {
                let listed = listing.companies[index]
                #expect(listed.id == haloClientID(index))
                #expect(listed.name == company.name)
                #expect(listed.isActive == company.isActive)
                #expect(listed.type == company.type)
                // Halo does not say which client is the MSP's own.
                #expect(!listed.isMSP)
                // The sandbox's Microsoft 365 integration links every third client; websites give domains.
                #expect(listed.tenantIDs == (index % 3 == 0 ? [company.tenantID] : []))
                #expect(listed.domains == [company.domain])
            }
            #expect(listing.companies.contains { !$0.isActive })
            #expect(listing.companies[0].name == SandboxCompanies.mspName)
        }
    }

    /// No clients, one, exactly one full page of 999, and one more than a page.
    @Test(arguments: [(0, 1), (1, 1), (999, 1), (1_000, 2)])
    func pagesAtTheEdges(companyCount: Int, pages: Int) async throws {
        try await withHaloSandbox(configuration: .init(companyCount: companyCount)) { connector, _, _ in
            let listing = try await connector.companies { _ in }
            #expect(listing.companies.count == companyCount)
            #expect(Set(listing.companies.map(\.id)).count == companyCount)
            #expect(listing.requests == pages + Self.tenantLinkRequests)
        }
    }

    @Test func pagesThroughLargeInstancesWithTheLargestPage() async throws {
        try await withHaloSandbox(configuration: .init(companyCount: 2100)) { connector, sandbox, _ in
            let progress = Mutex<[CompanyProgress]>([])
            let listing = try await connector.companies { step in progress.withLock { $0.append(step) } }
            #expect(listing.companies.count == 2100)
            #expect(Set(listing.companies.map(\.id)).count == 2100)
            // ceil(2100 / 999) pages.
            #expect(
                listing.requests == (2100 + HaloPageSize.clients - 1) / HaloPageSize.clients + Self.tenantLinkRequests)
            #expect(sandbox.faults.requests(containing: "GET /api/Client?") == 3)
            #expect(progress.withLock { $0.map(\.fetched) } == [999, 1998, 2100])
            #expect(progress.withLock { $0.allSatisfy { $0.total == 2100 } })
        }
    }

    @Test func tokenExpiringMidListingCostsOneTokenRequest() async throws {
        try await withHaloSandbox(configuration: .init(companyCount: 2100)) { connector, sandbox, _ in
            let faults = sandbox.faults
            let pages = Atomic<Int>(0)
            let listing = try await connector.companies { _ in
                if pages.add(1, ordering: .relaxed).newValue == 1 { faults.expireTokens() }
            }
            #expect(listing.companies.count == 2100)
            #expect(faults.requests(containing: "/auth/token") == 2)
            // The second page was refused once and sent again.
            #expect(faults.requests(containing: "page_no=2&") == 2)
            #expect(faults.requests(containing: "GET /api/Client?") == 4)
            #expect(listing.requests == 5 + Self.tenantLinkRequests)
        }
    }

    @Test func busyPageIsRetried() async throws {
        try await withHaloSandbox(configuration: .init(companyCount: 1500)) { connector, sandbox, _ in
            sandbox.faults.inject(.status(503, retryAfter: 0), pathContains: "page_no=2&")
            let listing = try await connector.companies { _ in }
            #expect(listing.companies.count == 1500)
            #expect(sandbox.faults.requests(containing: "page_no=2&") == 2)
        }
    }

    @Test func htmlInsteadOfJSONIsExplained() async throws {
        try await withHaloSandbox { connector, sandbox, _ in
            try await connector.validate()
            sandbox.faults.inject(.htmlPage, pathContains: "/api/Client")
            let error = await connectorError { () async throws(ConnectorError) in
                _ = try await connector.companies { _ in }
            }
            guard case .unexpectedResponse(let message)? = error else {
                Issue.record("expected an unexpected answer, got \(String(describing: error))")
                return
            }
            #expect(message.contains("HTML"))
        }
    }

    @Test func tenantLinksThatCannotBeReadLeaveTheListingWhole() async throws {
        try await withHaloSandbox { connector, sandbox, _ in
            sandbox.faults.inject(.status(403, retryAfter: nil), pathContains: "AzureADConnection")
            let listing = try await connector.companies { _ in }
            #expect(listing.companies.count == 40)
            #expect(listing.companies.allSatisfy { $0.tenantIDs.isEmpty })
        }
    }
}
