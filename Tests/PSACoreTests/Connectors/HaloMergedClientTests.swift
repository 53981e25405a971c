import Foundation
import PSACore
import PSASandbox
import Testing

@Suite("HaloPSA merged clients")
struct HaloMergedClientTests {
    /// A client merged into another in HaloPSA (`POST /sandbox/companies`) is listed inactive,
    /// naming the survivor from its record's `_merge_client_into`; no other client names one.
    @Test func theListingNamesTheClientAMergedClientWentInto() async throws {
        try await withHaloSandbox(configuration: .init(companyCount: 6)) { connector, _, endpoints in
            let (merged, survivor) = (haloClientID(2), haloClientID(3))
            let body: [String: Any] = ["action": "merge", "psa": "halo", "company": merged, "into": survivor]
            let response = try await HTTPClient().send(
                .json(
                    .post, url: endpoints.baseURL + "/sandbox/companies",
                    body: try JSONSerialization.data(withJSONObject: body)))
            #expect(response.status == 200, "\(String(decoding: response.body, as: UTF8.self))")

            let listing = try await connector.companies { _ in }
            #expect(listing.companies.count == 6)
            let company = try #require(listing.companies.first { $0.id == merged })
            #expect(company.mergedInto == survivor)
            #expect(!company.isActive)
            #expect(listing.companies.filter { $0.mergedInto != nil }.map(\.id) == [merged])
        }
    }
}
