import Foundation
import PSASandbox
import Synchronization
import Testing

@testable import PSACore

/// Listing companies page by page, and the sandbox's list machinery behind it.
@Suite("ConnectWise companies")
struct ConnectWiseCompanyTests {
    @Test func everyCompanyOverThreePagesAndNoPagePastTheLast() async throws {
        try await withConnectWiseSandbox(companyCount: 2_500) { bed in
            try await bed.connector.validate()
            let seen = Mutex<[CompanyProgress]>([])
            let listing = try await bed.connector.companies { progress in seen.withLock { $0.append(progress) } }
            #expect(listing.companies.count == 2_500)
            #expect(listing.requests == 3)
            #expect(
                seen.withLock { $0 } == [
                    CompanyProgress(fetched: 1_000, total: nil), CompanyProgress(fetched: 2_000, total: nil),
                    CompanyProgress(fetched: 2_500, total: 2_500),
                ])
            let pages = bed.sandbox.faults.requestLog.filter { $0.contains("/company/companies?") }
            #expect(pages.count == 3)
            #expect(pages.allSatisfy { $0.contains("pageSize=1000") })
            #expect(pages.allSatisfy { $0.contains("conditions=deletedFlag%3Dfalse") })
            #expect(pages.allSatisfy { $0.contains("fields=id,identifier,name,status,types") })
            #expect(pages.allSatisfy { $0.contains("orderBy=id%20asc") })
            #expect(
                pages.map { $0.components(separatedBy: "&page=").last }
                    == ["1", "2", "3"].map { "\($0)&pageSize=1000" })
            // In id order, without the deleted company, with unique ids.
            let ids = listing.companies.compactMap { Int($0.id) }
            #expect(ids == ids.sorted())
            #expect(Set(ids).count == ids.count)
            #expect(!listing.companies.contains { $0.name == "Deleted Company (ConnectWise)" })
        }
    }

    /// No companies, one, exactly one full page, and one more than a page.
    @Test(arguments: [(0, 1), (1, 1), (1_000, 1), (1_001, 2)])
    func pagesAtTheEdges(companyCount: Int, pages: Int) async throws {
        try await withConnectWiseSandbox(companyCount: companyCount) { bed in
            let listing = try await bed.connector.companies { _ in }
            #expect(listing.companies.count == companyCount)
            #expect(Set(listing.companies.map(\.id)).count == companyCount)
            #expect(listing.requests == pages)
        }
    }

    @Test func companiesCarryNameTypeAndActivity() async throws {
        try await withConnectWiseSandbox(companyCount: 60) { bed in
            let listing = try await bed.connector.companies { _ in }
            let seeded = bed.sandbox.companies
            #expect(listing.companies.count == seeded.count)
            for (company, expected) in zip(listing.companies, seeded) {
                #expect(company.name == expected.name)
                #expect(company.type == expected.type)
                #expect(company.isActive == expected.isActive)
                #expect(company.isMSP == false)
            }
            #expect(listing.companies.first?.id == "250")
            #expect(listing.companies.contains { !$0.isActive })
        }
    }

    @Test func aCompanyNameWithQuotesAndAmpersandsFindsItself() async throws {
        try await withConnectWiseSandbox(companyCount: 300) { bed in
            let names = bed.sandbox.companies.map(\.name).filter { $0.contains("'") || $0.contains("&") }
            try #require(!names.isEmpty)
            for name in names.prefix(5) {
                let condition = ConnectWiseURLs.percentEncode(ConnectWiseCondition.equals("name", name))
                let response = try await bed.raw("/company/companies?conditions=\(condition)&fields=name")
                #expect(response.status == 200)
                let found = (connectWiseJSON(response) as? [[String: Any]])?.compactMap { $0["name"] as? String }
                #expect(found == [name])
            }
        }
    }

    @Test func linkHeaderNavigatesWithFirstPrevNextLast() async throws {
        try await withConnectWiseSandbox(companyCount: 100) { bed in
            // 100 seeded + 1 deleted = 101 records: pages of 25 → 5 pages.
            let first = try await bed.raw("/company/companies?orderBy=id%20asc")
            #expect((connectWiseJSON(first) as? [Any])?.count == 25)
            let base = "<\(bed.apiBase)/company/companies?orderBy=id%20asc&pageSize=25&page="
            #expect(first.headers["Link"] == "\(base)2>; rel=\"next\", \(base)5>; rel=\"last\"")

            let middle = try await bed.raw("/company/companies?orderBy=id%20asc&page=3")
            #expect(
                middle.headers["Link"]
                    == "\(base)1>; rel=\"first\", \(base)2>; rel=\"prev\", \(base)4>; rel=\"next\", \(base)5>; rel=\"last\""
            )

            let last = try await bed.raw("/company/companies?orderBy=id%20asc&page=5")
            #expect((connectWiseJSON(last) as? [Any])?.count == 1)
            #expect(last.headers["Link"] == "\(base)1>; rel=\"first\", \(base)4>; rel=\"prev\"")

            let past = try await bed.raw("/company/companies?orderBy=id%20asc&page=9")
            #expect(past.text == "[]")
            let farPast = try await bed.raw("/company/companies?page=\(Int.max)")
            #expect(farPast.text == "[]")
        }
    }

    @Test func pageSizeAboveOneThousandIsClampedAndNonsenseRejected() async throws {
        try await withConnectWiseSandbox(companyCount: 1_200) { bed in
            let big = try await bed.raw("/company/companies?pageSize=5000")
            #expect((connectWiseJSON(big) as? [Any])?.count == 1_000)
            #expect(big.headers["Link"]?.contains("pageSize=1000&page=2>; rel=\"next\"") == true)
            #expect(try await bed.raw("/company/companies?pageSize=0").status == 400)
            #expect(try await bed.raw("/company/companies?page=-1").status == 400)
            #expect(try await bed.raw("/company/companies?pageSize=ten").status == 400)
        }
    }

    @Test func fieldsAndOrderByShapeTheAnswer() async throws {
        try await withConnectWiseSandbox(companyCount: 10) { bed in
            let response = try await bed.raw("/company/companies?fields=id,status/name&orderBy=name%20desc&pageSize=3")
            let companies = try #require(connectWiseJSON(response) as? [[String: Any]])
            #expect(companies.count == 3)
            #expect(companies.allSatisfy { Set($0.keys) == ["id", "status"] })
            #expect(companies.allSatisfy { ($0["status"] as? [String: Any]).map { Set($0.keys) } == ["name"] })
            let names = bed.sandbox.companies.map(\.name) + ["Deleted Company (ConnectWise)"]
            let expected = names.sorted { $0.compare($1, options: .caseInsensitive) == .orderedDescending }.prefix(3)
            let byID = Dictionary(uniqueKeysWithValues: names.enumerated().map { (250 + $0.offset, $0.element) })
            #expect(companies.compactMap { byID[$0["id"] as? Int ?? 0] } == Array(expected))
            #expect(try await bed.raw("/company/companies?orderBy=nosuchfield%20asc").status == 400)
            #expect(try await bed.raw("/company/companies?orderBy=name%20sideways").status == 400)
            #expect(try await bed.raw("/company/companies?orderBy=%2F%20asc").status == 400)
            #expect(try await bed.raw("/company/companies?orderBy=status%2F%20asc").status == 400)
        }
    }

    @Test func malformedConditionsGetTheDocumentedText() async throws {
        try await withConnectWiseSandbox { bed in
            let help =
                "String values should be enclosed with double or single quotes; DateTime values should be enclosed in"
                + " square brackets; numbers should consist of only digits, and optionally a decimal point and a negation"
                + " sign; boolean values should be indicated with the keywords true or false; null values should be"
                + " indicated by the keyword null."
            let cases: [(String, String)] = [
                ("deletedFlag=1", "Expected a boolean value, not a numeric. " + help),
                ("name=Contoso", "Expected a value after =, not 'Contoso'. " + help),
                (#"name="Contoso"#, "The string value starting at position 6 is not closed. " + help),
                ("id=\"7\"", "Expected a numeric value, not a string. " + help),
            ]
            for (conditions, message) in cases {
                let encoded = conditions.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                let response = try await bed.raw("/company/companies?conditions=\(encoded)")
                #expect(response.status == 400, "\(conditions)")
                let body = connectWiseJSON(response) as? [String: Any]
                #expect(body?["message"] as? String == message, "\(conditions)")
            }
            for conditions in ["nosuch%3D1", "%2F%20%3D%201", "status%2F%20%3D%201"] {
                #expect(try await bed.raw("/company/companies?conditions=\(conditions)").status == 400)
            }
            let count = try await bed.raw("/company/companies/count?conditions=deletedFlag%3Dtrue")
            #expect((connectWiseJSON(count) as? [String: Any])?["count"] as? Int == 1)
        }
    }

    @Test func aServerErrorOnAPageIsRetried() async throws {
        try await withConnectWiseSandbox(companyCount: 1_500) { bed in
            bed.sandbox.faults.inject(.status(503), pathContains: "page=2")
            let listing = try await bed.connector.companies { _ in }
            #expect(listing.companies.count == 1_500)
            #expect(bed.sandbox.faults.requests(containing: "page=2") == 2)
        }
    }
}
