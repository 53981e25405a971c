import Foundation
import PSACore
import PSASandbox
import Synchronization
import Testing

@Suite("Autotask company listing")
struct AutotaskCompanyListingTests {
    @Test(arguments: [(0, 1), (1, 1), (500, 1), (2_501, 6)])
    func listsEveryPage(companyCount: Int, pages: Int) async throws {
        try await withAutotaskSandbox(companyCount: companyCount) { connector, sandbox in
            let reported = Mutex<[Int]>([])
            let listing = try await connector.companies { progress in
                reported.withLock { $0.append(progress.fetched) }
            }
            #expect(listing.companies.count == companyCount)
            // Zone discovery and the company-type picklist are made too, but are not listing requests.
            #expect(listing.requests == pages)
            #expect(sandbox.faults.requests(containing: "zoneInformation") == 1)
            #expect(sandbox.faults.requests(containing: "Companies/entityInformation/fields") == 1)
            #expect(Set(listing.companies.map(\.id)).count == companyCount)
            #expect(reported.withLock { $0 }.count == pages)
            #expect(reported.withLock { $0 }.last == companyCount)
            // Every next page is POSTed with the same body (psa-apis.md §2.4).
            #expect(sandbox.faults.requests(containing: "POST /atservicesrest/v1.0/Companies/query/next") == pages - 1)
            if companyCount > 0 {
                let owner = try #require(listing.companies.first)
                #expect(owner.isMSP && owner.id == "0" && owner.name == SandboxCompanies.mspName)
                #expect(owner.type == "Partner")
                #expect(listing.companies.dropFirst().allSatisfy { !$0.isMSP })
            }
        }
    }

    @Test func reportsTypesAndInactiveCompanies() async throws {
        try await withAutotaskSandbox(companyCount: 60) { connector, sandbox in
            let listing = try await connector.companies { _ in }
            #expect(listing.companies.map(\.name) == sandbox.companies.map(\.name))
            #expect(listing.companies.map(\.isActive) == sandbox.companies.map(\.isActive))
            #expect(listing.companies.map(\.type) == sandbox.companies.map(\.type))
        }
    }

    @Test func nextPageLinkAlsoWorksAsGet() async throws {
        try await withAutotaskSandbox(companyCount: 700) { _, sandbox in
            let running = try await sandbox.start()
            let credentials = sandbox.credentials
            let headers: HTTPHeaders = [
                "ApiIntegrationCode": credentials.autotaskIntegrationCode, "UserName": credentials.autotaskUsername,
                "Secret": credentials.autotaskSecret,
            ]
            let client = HTTPClient()
            let first = try await client.send(
                .json(
                    .post, url: running.endpoints.baseURL + "/atservicesrest/v1.0/Companies/query",
                    body: Data(#"{"MaxRecords":500,"filter":[{"op":"gte","field":"id","value":0}]}"#.utf8),
                    headers: headers))
            let page = try JSONSerialization.jsonObject(with: first.body) as? [String: Any]
            let details = page?["pageDetails"] as? [String: Any]
            let next = try #require(details?["nextPageUrl"] as? String)
            let second = try await client.send(HTTPRequest(url: next, headers: headers))
            await running.stop()
            let items = (try JSONSerialization.jsonObject(with: second.body) as? [String: Any])?["items"] as? [Any]
            #expect(items?.count == 200)
        }
    }

    @Test func queryWithoutFilterOrWithTooManyRecordsIsRejected() async throws {
        try await withAutotaskSandbox { _, sandbox in
            let running = try await sandbox.start()
            let credentials = sandbox.credentials
            let headers: HTTPHeaders = [
                "ApiIntegrationCode": credentials.autotaskIntegrationCode, "UserName": credentials.autotaskUsername,
                "Secret": credentials.autotaskSecret,
            ]
            let url = running.endpoints.baseURL + "/atservicesrest/v1.0/Companies/query"
            let client = HTTPClient()
            let noFilter = try await client.send(
                .json(.post, url: url, body: Data(#"{"MaxRecords":10}"#.utf8), headers: headers))
            let tooMany = try await client.send(
                .json(
                    .post, url: url,
                    body: Data(#"{"MaxRecords":501,"filter":[{"op":"gte","field":"id","value":0}]}"#.utf8),
                    headers: headers))
            await running.stop()
            #expect(noFilter.status == 400 && noFilter.text.contains("filter is required"))
            #expect(tooMany.status == 400 && tooMany.text.contains("MaxRecords"))
        }
    }
}
