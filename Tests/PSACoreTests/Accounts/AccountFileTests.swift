import Foundation
import Testing

@testable import PSACore

@Suite struct AccountFileTests {
    let tenantA = "1e3500cc-d08f-42c8-8678-ce352b7de55e"
    let tenantB = "9F8E7D6C-5B4A-4392-8170-6F5E4D3C2B1A"

    func parse(_ text: String) throws(AccountFileError) -> [NerdioAccount] {
        try AccountFile.parse(Data(text.utf8))
    }

    func problem(_ text: String) -> AccountFileError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func csvWithOptionalDomainAndQuotedNames() throws {
        let accounts = try parse(
            "id,name,tenantId,domain\n101,\"Smith & Jones, LLP\",\(tenantA),smithjones.example\n102,Café Müller,\(tenantB),\n"
        )
        #expect(
            accounts == [
                NerdioAccount(id: "101", name: "Smith & Jones, LLP", tenantID: tenantA, domain: "smithjones.example"),
                NerdioAccount(id: "102", name: "Café Müller", tenantID: tenantB.lowercased()),
            ])
    }

    @Test func byteOrderMarkWindowsLineEndingsAndColumnOrderAreFine() throws {
        let text = "\u{FEFF}TenantId,Name,ID\r\n\(tenantA),Contoso,7\r\n\r\n\(tenantB),\"Two\r\nLines\",8\r\n"
        let accounts = try parse(text)
        #expect(accounts.map(\.id) == ["7", "8"])
        #expect(accounts.map(\.name) == ["Contoso", "Two Lines"])
    }

    @Test func jsonArrayWithNumericIds() throws {
        let accounts = try parse(#"[{"id": 1001, "name": "Contoso", "tenantId": "\#(tenantA)", "domain": null}]"#)
        #expect(accounts == [NerdioAccount(id: "1001", name: "Contoso", tenantID: tenantA)])
    }

    @Test func missingColumnIsNamed() {
        let error = problem("id,name\n1,Contoso\n")
        #expect(error?.field == "tenantId")
        #expect(error?.description.contains("no tenantId column") == true)
    }

    @Test func duplicateIdsNameBothRows() {
        let error = problem("id,name,tenantId\n5,A,\(tenantA)\n6,B,\(tenantA)\n5,C,\(tenantB)\n")
        #expect(
            error == AccountFileError(row: 3, field: "id", reason: "\"5\" is also the id of row 1; ids must be unique"))
    }

    @Test func emptyValuesAndBadTenantsAreNamed() {
        #expect(problem("id,name,tenantId\n1,,\(tenantA)\n")?.description == "row 1, name: is empty")
        #expect(problem("id,name,tenantId\n1,A,not-a-guid\n")?.field == "tenantId")
        #expect(
            problem("id,name,tenantId\n1,A\u{1B}[2J,\(tenantA)\n")?.description
                == "row 1, name: contains control characters")
    }

    @Test func invalidUTF8IsRefused() {
        var data = Data("id,name,tenantId\n1,Caf".utf8)
        data.append(0xE9)
        data.append(contentsOf: Array(",\(tenantA)\n".utf8))
        #expect(throws: AccountFileError.self) { try AccountFile.parse(data) }
        do {
            _ = try AccountFile.parse(data)
        } catch {
            #expect(error.description.contains("not UTF-8"))
        }
    }

    @Test func malformedJSONAndWrongShapes() {
        #expect(problem("[{\"id\": 1,")?.description == "the file is not valid JSON")
        #expect(problem("{\"id\": 1}")?.description == "the file must be a JSON array of accounts")
        #expect(problem("[{\"id\": [1], \"name\": \"A\", \"tenantId\": \"\(tenantA)\"}]")?.field == "id")
    }

    @Test func tooManyValuesInARow() {
        #expect(problem("id,name,tenantId\n1,A,\(tenantA),extra\n")?.row == 1)
    }
}
