import Foundation
import Testing

@testable import PSASandbox

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension TicketControlClient {
    /// A sandbox of `companyCount` companies (index 4 is seeded inactive), signed in to HaloPSA.
    static func withCompanies(_ companyCount: Int, _ body: (TicketControlClient) async throws -> Void)
        async throws
    {
        try await withSandbox(companyCount: companyCount, body)
    }

    func companies(_ object: [String: Any]) async throws -> Answer {
        try await Self.send(
            "POST", base + "/sandbox/companies", body: JSONWriter.data(object),
            headers: ["Content-Type": "application/json"])
    }

    /// `/sandbox/companies` answering 200 with the company's record.
    func company(_ action: String, psa: String, _ company: Any, _ extra: [String: Any] = [:]) async throws
        -> [String: Any]
    {
        var object: [String: Any] = ["action": action, "psa": psa, "company": company]
        object.merge(extra) { _, new in new }
        let answer = try await companies(object)
        #expect(answer.status == 200, "\(object): \(answer)")
        return answer.object
    }

    // MARK: Listings

    func haloClientIDs(_ query: String = "includeinactive=true") async throws -> [Int] {
        let list = try await halo("GET", "/Client?" + query)
        return (list.object["clients"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } ?? []
    }

    func connectWiseCompanies(_ query: String = "") async throws -> [[String: Any]] {
        let list = try await connectWise("GET", "company/companies?pageSize=1000" + query)
        return list.json as? [[String: Any]] ?? []
    }

    func autotaskCompanies() async throws -> [[String: Any]] {
        let query = try await autotask(
            "POST", "Companies/query", ["filter": [["op": "gte", "field": "id", "value": 0]]])
        return query.object["items"] as? [[String: Any]] ?? []
    }

    // MARK: New tickets

    func haloCreate(client: Int) async throws -> Answer {
        try await halo("POST", "/Tickets", [["summary": "Disk full", "client_id": client, "tickettype_id": 1]])
    }

    func connectWiseCreate(company: Int) async throws -> Answer {
        try await connectWise(
            "POST", "service/tickets", ["summary": "Disk full", "company": ["id": company], "board": ["id": 1]])
    }

    func autotaskCreate(company: Int) async throws -> Answer {
        try await autotaskTicket(reference: "ref-\(company)", ["companyID": company])
    }
}

// MARK: - Company knobs

@Suite(.serialized) struct CompanyControlAPITests {
    typealias Client = TicketControlClient

    /// HaloPSA numbers the seeded companies from 12, ConnectWise from 250, Autotask from 29,683,001
    /// (the MSP's own is 0).
    static let halo = HaloSandboxAPI.clientIDOffset + 1
    static let connectWise = 251
    static let autotask = Client.autotaskCompany

    @Test func badCompanyActionsAreRefusedNamingWhatIsWrong() async throws {
        try await Client.withSandbox { client in
            let cases: [([String: Any], Int, String)] = [
                (["action": "explode", "psa": "halo", "company": "13"], 400, "action"),
                (["psa": "halo", "company": "13"], 400, "action"),
                (["action": "delete", "psa": "kaseya", "company": "13"], 400, "psa"),
                (["action": "delete", "psa": "halo"], 400, "company"),
                (["action": "delete", "psa": "halo", "company": true], 400, "company"),
                (["action": "rename", "psa": "halo", "company": "13"], 400, "name"),
                (["action": "rename", "psa": "halo", "company": "13", "name": "  "], 400, "name"),
                (["action": "merge", "psa": "connectwise", "company": "251", "into": "252"], 400, "HaloPSA"),
                (["action": "merge", "psa": "autotask", "company": "29683001", "into": "29683002"], 400, "HaloPSA"),
                (["action": "merge", "psa": "halo", "company": "13"], 400, "into"),
                (["action": "merge", "psa": "halo", "company": "13", "into": 13], 400, "itself"),
                (["action": "merge", "psa": "halo", "company": "13", "into": "99999"], 400, "99999"),
                (["action": "merge", "psa": "halo", "company": "99999", "into": "13"], 404, "99999"),
                (["action": "deactivate", "psa": "halo", "company": "11"], 404, "11"),
                (["action": "deactivate", "psa": "halo", "company": "Contoso"], 404, "Contoso"),
                (["action": "activate", "psa": "connectwise", "company": 253], 404, "253"),
                (["action": "delete", "psa": "autotask", "company": "29683003"], 404, "29683003"),
                (["action": "rename", "psa": "autotask", "company": "5", "name": "X"], 404, "5"),
            ]
            for (object, status, word) in cases {
                let answer = try await client.companies(object)
                #expect(answer.status == status, "\(object): \(answer)")
                #expect((answer.object["message"] as? String)?.contains(word) == true, "\(object): \(answer)")
            }
            let notJSON = try await Client.send("POST", client.base + "/sandbox/companies", body: Data("delete".utf8))
            #expect(notJSON.status == 400 && notJSON.object["message"] is String, "\(notJSON)")
            // Nothing was changed by the refusals.
            #expect(try await client.haloClientIDs() == [12, 13, 14])
        }
    }

    // MARK: HaloPSA

    @Test func aDeactivatedHaloClientIsListedAsInactiveAndStillTakesTickets() async throws {
        try await Client.withSandbox { client in
            let record = try await client.company("deactivate", psa: "halo", Self.halo)
            #expect(record["id"] as? Int == Self.halo && record["inactive"] as? Bool == true, "\(record)")
            let read = try await client.halo("GET", "/Client/\(Self.halo)")
            #expect(read.status == 200 && read.object["inactive"] as? Bool == true, "\(read)")
            #expect(read.object["_merge_client_into"] == nil, "\(read)")
            #expect(try await client.haloClientIDs("") == [12, 14], "active clients only by default")
            #expect(try await client.haloClientIDs() == [12, 13, 14])

            let ticket = try await client.haloCreate(client: Self.halo)
            #expect(ticket.status == 201 && ticket.object["client_id"] as? Int == Self.halo, "\(ticket)")

            let active = try await client.company("activate", psa: "halo", "\(Self.halo)")
            #expect(active["inactive"] as? Bool == false, "\(active)")
            #expect(try await client.haloClientIDs("") == [12, 13, 14])
        }
    }

    @Test func aDeletedHaloClientIsNotFoundAndRefusesNewTickets() async throws {
        try await Client.withSandbox { client in
            let deleted = try await client.companies(["action": "delete", "psa": "halo", "company": Self.halo])
            #expect(deleted.status == 200 && deleted.object.isEmpty, "\(deleted)")
            let read = try await client.halo("GET", "/Client/\(Self.halo)")
            #expect(read.status == 404, "\(read)")
            #expect(read.object["ClassName"] as? String == "System.Exception", "\(read)")
            #expect(read.object["Message"] as? String == "Client \(Self.halo) not found", "\(read)")
            #expect(try await client.haloClientIDs() == [12, 14])

            let ticket = try await client.haloCreate(client: Self.halo)
            #expect(ticket.status == 400, "\(ticket)")
            #expect(ticket.object["ClassName"] as? String == "System.Exception", "\(ticket)")
            #expect(ticket.object["Message"] as? String == "Invalid client_id \(Self.halo)", "\(ticket)")

            for action in ["delete", "activate"] {
                let again = try await client.companies(["action": action, "psa": "halo", "company": Self.halo])
                #expect(again.status == 404, "\(action): \(again)")
            }
            // Only HaloPSA's copy is gone.
            #expect(try await client.connectWise("GET", "company/companies/\(Self.connectWise)").status == 200)
        }
    }

    @Test func aRenamedHaloClientKeepsItsIdAndItsTicketsShowTheNewName() async throws {
        try await Client.withSandbox { client in
            let ticket = try await client.haloTicket(["client_id": Self.halo])
            let record = try await client.company("rename", psa: "halo", Self.halo, ["name": " Contoso Renamed "])
            #expect(record["id"] as? Int == Self.halo && record["name"] as? String == "Contoso Renamed", "\(record)")
            let read = try await client.halo("GET", "/Client/\(Self.halo)")
            #expect(read.object["name"] as? String == "Contoso Renamed", "\(read)")
            let list = try await client.halo("GET", "/Client?search=renamed")
            #expect((list.object["clients"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [Self.halo])
            let shown = try await client.halo("GET", "/Tickets/\(ticket)")
            #expect(shown.object["client_name"] as? String == "Contoso Renamed", "\(shown)")
        }
    }

    @Test func aMergedHaloClientIsInactiveNamesItsSurvivorAndHandsItsTicketsOver() async throws {
        try await Client.withSandbox { client in
            let survivor = Self.halo + 1
            let ticket = try await client.haloTicket(["client_id": Self.halo])
            let survivorName = try #require(
                try await client.halo("GET", "/Client/\(survivor)").object["name"] as? String)

            let record = try await client.company("merge", psa: "halo", "\(Self.halo)", ["into": survivor])
            #expect(record["id"] as? Int == Self.halo, "\(record)")
            #expect(record["inactive"] as? Bool == true, "\(record)")
            #expect(record["_merge_client_into"] as? Int == survivor, "\(record)")

            let read = try await client.halo("GET", "/Client/\(Self.halo)")
            #expect(read.object["_merge_client_into"] as? Int == survivor && read.object["inactive"] as? Bool == true)
            let list = try await client.halo("GET", "/Client?includeinactive=true")
            let clients = try #require(list.object["clients"] as? [[String: Any]], "\(list)")
            #expect(clients.first { $0["id"] as? Int == Self.halo }?["_merge_client_into"] as? Int == survivor)
            #expect(clients.filter { $0["_merge_client_into"] != nil }.count == 1, "\(list)")
            let other = try await client.halo("GET", "/Client/\(survivor)")
            #expect(other.object["_merge_client_into"] == nil && other.object["inactive"] as? Bool == false)

            let moved = try await client.halo("GET", "/Tickets/\(ticket)")
            #expect(moved.object["client_id"] as? Int == survivor, "\(moved)")
            #expect(moved.object["client_name"] as? String == survivorName, "\(moved)")
            let left = try await client.halo("GET", "/Tickets?client_id=\(Self.halo)")
            #expect(left.object["record_count"] as? Int == 0, "\(left)")

            // The merged client is no survivor; a deleted one is no client.
            let onward = try await client.companies([
                "action": "merge", "psa": "halo", "company": "12", "into": Self.halo,
            ])
            #expect(onward.status == 400 && (onward.object["message"] as? String)?.contains("\(survivor)") == true)
            _ = try await client.company("delete", psa: "halo", "12")
            let intoDeleted = try await client.companies([
                "action": "merge", "psa": "halo", "company": survivor, "into": 12,
            ])
            #expect(intoDeleted.status == 400, "\(intoDeleted)")
            // HaloPSA still takes tickets for the merged (inactive) client.
            #expect(try await client.haloCreate(client: Self.halo).status == 201)
        }
    }

    // MARK: ConnectWise

    @Test func aDeactivatedConnectWiseCompanyIsInactiveAndRefusesNewTickets() async throws {
        try await Client.withSandbox { client in
            // Listed once before, so that the list kept from then must not be answered again.
            let before = try await client.connectWiseCompanies("&conditions=status%2Fname%3D%22Active%22")
            #expect(before.contains { $0["id"] as? Int == Self.connectWise })

            let record = try await client.company("deactivate", psa: "connectwise", Self.connectWise)
            #expect(record["id"] as? Int == Self.connectWise, "\(record)")
            let status = record["status"] as? [String: Any]
            #expect(status?["id"] as? Int == 2 && status?["name"] as? String == "Inactive", "\(record)")
            #expect(record["deletedFlag"] as? Bool == false, "\(record)")
            let read = try await client.connectWise("GET", "company/companies/\(Self.connectWise)")
            #expect((read.object["status"] as? [String: Any])?["name"] as? String == "Inactive", "\(read)")
            let after = try await client.connectWiseCompanies("&conditions=status%2Fname%3D%22Active%22")
            #expect(!after.contains { $0["id"] as? Int == Self.connectWise }, "\(after)")

            let ticket = try await client.connectWiseCreate(company: Self.connectWise)
            #expect(ticket.status == 400, "\(ticket)")
            #expect(ticket.object["code"] as? String == "InvalidObject", "\(ticket)")
            let problem = try #require((ticket.object["errors"] as? [[String: Any]])?.first, "\(ticket)")
            #expect(problem["field"] as? String == "company" && problem["code"] as? String == "InvalidField")
            #expect((problem["message"] as? String)?.contains("status Inactive") == true, "\(problem)")

            let active = try await client.company("activate", psa: "connectwise", "\(Self.connectWise)")
            let activeStatus = active["status"] as? [String: Any]
            #expect(activeStatus?["id"] as? Int == 1 && activeStatus?["name"] as? String == "Active", "\(active)")
            #expect(try await client.connectWiseCreate(company: Self.connectWise).status == 201)
        }
    }

    @Test func aDeletedConnectWiseCompanyIsNotFoundAndRefusesNewTickets() async throws {
        try await Client.withSandbox { client in
            let old = try await client.connectWiseCreate(company: Self.connectWise)
            let ticket = try #require(old.object["id"] as? Int, "\(old)")
            let name = try #require((old.object["company"] as? [String: Any])?["name"] as? String)
            let count = try await client.connectWise("GET", "company/companies/count")
            let total = try #require(count.object["count"] as? Int, "\(count)")

            let deleted = try await client.companies([
                "action": "delete", "psa": "connectwise", "company": "\(Self.connectWise)",
            ])
            #expect(deleted.status == 200 && deleted.object.isEmpty, "\(deleted)")
            let read = try await client.connectWise("GET", "company/companies/\(Self.connectWise)")
            #expect(read.status == 404 && read.object["code"] as? String == "NotFound", "\(read)")
            #expect((read.object["message"] as? String)?.contains("\(Self.connectWise) was not found") == true)
            #expect(try await !client.connectWiseCompanies().contains { $0["id"] as? Int == Self.connectWise })
            #expect(
                try await client.connectWise("GET", "company/companies/count").object["count"] as? Int == total - 1)

            let refused = try await client.connectWiseCreate(company: Self.connectWise)
            #expect(refused.status == 400 && refused.object["code"] as? String == "InvalidObject", "\(refused)")
            let problem = try #require((refused.object["errors"] as? [[String: Any]])?.first, "\(refused)")
            #expect(problem["field"] as? String == "company", "\(problem)")
            #expect(problem["message"] as? String == "The company (id \(Self.connectWise)) was not found.")

            // Its old ticket is still there, under the name it had.
            let kept = try await client.connectWise("GET", "service/tickets/\(ticket)")
            #expect((kept.object["company"] as? [String: Any])?["name"] as? String == name, "\(kept)")
        }
    }

    @Test func aRenamedConnectWiseCompanyKeepsItsIdAndIdentifier() async throws {
        try await Client.withSandbox { client in
            let before = try await client.connectWise("GET", "company/companies/\(Self.connectWise)")
            let created = try await client.connectWiseCreate(company: Self.connectWise)
            let ticket = try #require(created.object["id"] as? Int, "\(created)")
            let record = try await client.company(
                "rename", psa: "connectwise", Self.connectWise, ["name": "Fabrikam Renamed"])
            #expect(record["id"] as? Int == Self.connectWise && record["name"] as? String == "Fabrikam Renamed")
            #expect(record["identifier"] as? String == before.object["identifier"] as? String, "\(record)")
            let listed = try await client.connectWiseCompanies("&conditions=name%3D%22Fabrikam%20Renamed%22")
            #expect(listed.compactMap { $0["id"] as? Int } == [Self.connectWise], "\(listed)")
            let shown = try await client.connectWise("GET", "service/tickets/\(ticket)")
            #expect((shown.object["company"] as? [String: Any])?["name"] as? String == "Fabrikam Renamed")
        }
    }

    // MARK: Autotask

    @Test func aDeactivatedAutotaskCompanyIsInactiveAndRefusesNewTickets() async throws {
        try await Client.withSandbox { client in
            let record = try await client.company("deactivate", psa: "autotask", Self.autotask)
            #expect(record["id"] as? Int == Self.autotask && record["isActive"] as? Bool == false, "\(record)")
            let read = try await client.autotask("GET", "Companies/\(Self.autotask)")
            #expect((read.object["item"] as? [String: Any])?["isActive"] as? Bool == false, "\(read)")
            let listed = try await client.autotaskCompanies().first { $0["id"] as? Int == Self.autotask }
            #expect(listed?["isActive"] as? Bool == false)

            let refused = try await client.autotaskCreate(company: Self.autotask)
            #expect(refused.status == 500, "\(refused)")
            let errors = try #require(refused.object["errors"] as? [String], "\(refused)")
            #expect(errors.count == 1 && errors[0].contains("\(Self.autotask)") && errors[0].contains("inactive"))

            let active = try await client.company("activate", psa: "autotask", "\(Self.autotask)")
            #expect(active["isActive"] as? Bool == true, "\(active)")
            let created = try await client.autotaskCreate(company: Self.autotask)
            #expect(created.status == 200 && created.object["itemId"] is Int, "\(created)")
        }
    }

    @Test func aDeletedAutotaskCompanyReadsAsNullAndRefusesNewTickets() async throws {
        try await Client.withSandbox { client in
            let deleted = try await client.companies(["action": "delete", "psa": "autotask", "company": Self.autotask])
            #expect(deleted.status == 200 && deleted.object.isEmpty, "\(deleted)")
            let read = try await client.autotask("GET", "Companies/\(Self.autotask)")
            #expect(read.status == 200 && read.object["item"] is NSNull, "\(read)")
            #expect(try await client.autotaskCompanies().compactMap { $0["id"] as? Int } == [0, Self.autotask + 1])

            let refused = try await client.autotaskCreate(company: Self.autotask)
            #expect(refused.status == 500, "\(refused)")
            let errors = try #require(refused.object["errors"] as? [String], "\(refused)")
            #expect(
                errors == [
                    "Unable to save the ticket: companyID \(Self.autotask) does not reference an existing company."
                ])
            // A company that never was is still a bad reference, as before.
            #expect(try await client.autotaskCreate(company: 29_683_999).status == 400)
        }
    }

    @Test func aRenamedAutotaskCompanyKeepsItsId() async throws {
        try await Client.withSandbox { client in
            let record = try await client.company("rename", psa: "autotask", "\(Self.autotask)", ["name": "Litware 2"])
            #expect(record["id"] as? Int == Self.autotask && record["companyName"] as? String == "Litware 2")
            let read = try await client.autotask("GET", "Companies/\(Self.autotask)")
            #expect((read.object["item"] as? [String: Any])?["companyName"] as? String == "Litware 2", "\(read)")
            let query = try await client.autotask(
                "POST", "Companies/query", ["filter": [["op": "eq", "field": "companyName", "value": "litware 2"]]])
            #expect((query.object["items"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [Self.autotask])
            // HaloPSA's copy of the same customer keeps its name.
            let halo = try await client.halo("GET", "/Client/\(Self.halo)")
            #expect(halo.object["name"] as? String != "Litware 2", "\(halo)")
        }
    }

    // MARK: Seeded inactive companies

    @Test func companiesSeededInactiveRefuseTicketsWhereTheVendorWould() async throws {
        try await Client.withCompanies(5) { client in
            // The fifth company (index 4) is seeded inactive in every PSA.
            let halo = try await client.haloCreate(client: HaloSandboxAPI.clientIDOffset + 4)
            #expect(halo.status == 201, "\(halo)")
            let connectWise = try await client.connectWiseCreate(company: 254)
            #expect(connectWise.status == 400, "\(connectWise)")
            #expect(
                (connectWise.object["errors"] as? [[String: Any]])?.first?["field"] as? String == "company",
                "\(connectWise)")
            let autotask = try await client.autotaskCreate(company: 29_683_004)
            #expect(autotask.status == 500 && autotask.object["errors"] is [String], "\(autotask)")
            // Made active over the knob, they take tickets.
            _ = try await client.company("activate", psa: "connectwise", 254)
            _ = try await client.company("activate", psa: "autotask", 29_683_004)
            #expect(try await client.connectWiseCreate(company: 254).status == 201)
            #expect(try await client.autotaskCreate(company: 29_683_004).status == 200)
        }
    }
}
