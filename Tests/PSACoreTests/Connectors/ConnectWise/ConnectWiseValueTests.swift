import Foundation
import Testing

@testable import PSACore

/// The connector's pure parts: addresses, condition quoting, Link parsing, summaries, statuses
/// and error texts.
@Suite("ConnectWise values")
struct ConnectWiseValueTests {
    @Test(arguments: [
        ("api-na.myconnectwise.net", "https://api-na.myconnectwise.net"),
        ("  api-eu.myconnectwise.net/ ", "https://api-eu.myconnectwise.net"),
        ("cw.example.com:8443", "https://cw.example.com:8443"),
        ("127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("localhost", "http://localhost"),
        ("[::1]:9000", "http://[::1]:9000"),
        ("https://cw.example.com/", "https://cw.example.com"),
        ("http://127.0.0.1:5000", "http://127.0.0.1:5000"),
        ("http://cw.example.com", "http://cw.example.com"),  // as given; URLPolicy refuses it later
    ])
    func siteBase(site: String, expected: String) {
        #expect(ConnectWiseURLs.siteBase(site) == expected)
    }

    @Test func apiBaseTakesTheCodebaseWithOrWithoutSlashes() {
        let expected = "https://api-na.myconnectwise.net/v4_6_release/apis/3.0"
        for codebase in ["v4_6_release/", "v4_6_release", "/v4_6_release/"] {
            #expect(ConnectWiseURLs.apiBase(site: "api-na.myconnectwise.net", codebase: codebase) == expected)
        }
        #expect(ConnectWiseURLs.apiBase(site: "x.example", codebase: "v1/../../evil") == nil)
        #expect(ConnectWiseURLs.apiBase(site: "x.example", codebase: "/") == nil)
    }

    @Test func companyInfoAddressEncodesTheCompanyID() {
        #expect(
            ConnectWiseURLs.companyInfo(site: "api-na.myconnectwise.net", companyID: "acme co/1")
                == "https://api-na.myconnectwise.net/login/companyinfo/acme%20co%2F1")
    }

    @Test func stringValuesAreDoubleQuotedWithQuotesAndBackslashesEscaped() {
        #expect(ConnectWiseCondition.quoted("Contoso") == #""Contoso""#)
        #expect(ConnectWiseCondition.quoted(#"Say "Hi""#) == #""Say \"Hi\"""#)
        #expect(ConnectWiseCondition.quoted(#"CONTOSO\jdoe"#) == #""CONTOSO\\jdoe""#)
        #expect(ConnectWiseCondition.quoted(#"O'Brien \" & Co"#) == #""O'Brien \\\" & Co""#)
        #expect(
            ConnectWiseCondition.all(
                ConnectWiseCondition.equals("externalXRef", #"a"b"#), ConnectWiseCondition.equals("company/id", 250))
                == #"externalXRef="a\"b" and company/id=250"#)
        #expect(ConnectWiseCondition.equals("deletedFlag", false) == "deletedFlag=false")
    }

    @Test func queryValuesArePercentEncoded() {
        let url = ConnectWiseURLs.withQuery(
            "/service/tickets", [("conditions", #"externalXRef="a&b=c+d\e" and company/id=2"#), ("orderBy", "id desc")])
        #expect(
            url == "/service/tickets?conditions=externalXRef%3D%22a%26b%3Dc%2Bd%5Ce%22%20and%20company/id%3D2"
                + "&orderBy=id%20desc")
    }

    @Test func linkHeaderRelationsSurviveCommasInsideURLs() {
        let headers: HTTPHeaders = [
            "Link":
                #"<https://h/v4_6_release/apis/3.0/company/companies?fields=id,name&pageSize=1000&page=1>; rel="first", "#
                + #"<https://h/v4_6_release/apis/3.0/company/companies?fields=id,name&pageSize=1000&page=2>; rel="next""#,
            "link": #"<https://h/x?page=9&pageSize=1000>; rel="last""#,
        ]
        let relations = ConnectWiseLink.relations(in: headers)
        #expect(relations["first"]?.hasSuffix("fields=id,name&pageSize=1000&page=1") == true)
        #expect(relations["last"] == "https://h/x?page=9&pageSize=1000")
        #expect(ConnectWiseLink.next(in: headers) == .page(2))
        #expect(ConnectWiseLink.next(in: ["Link": #"<https://h/x?page=1>; rel="prev""#]) == ConnectWiseLink.Next.none)
        #expect(ConnectWiseLink.next(in: [:]) == ConnectWiseLink.Next.none)
        #expect(
            ConnectWiseLink.next(in: ["Link": #"<https://h/x?pageId=77>; rel="next""#])
                == .unreadable("https://h/x?pageId=77"))
    }

    @Test func longTitlesAreCutAtOneHundredUTF16Units() {
        let short = ConnectWiseConnector.summary(for: "  Disk full\non host-1 ")
        #expect(short.summary == "Disk full on host-1")
        #expect(short.fullTitle == nil)

        let title = String(repeating: "Backup failed ", count: 10) + "🚨 end"
        let long = ConnectWiseConnector.summary(for: title)
        #expect(long.summary.utf16.count <= 100)
        #expect(long.summary.hasSuffix("…"))
        #expect(long.fullTitle == title.trimmingCharacters(in: .whitespaces))

        let emoji = String(repeating: "🚨", count: 60)  // 120 UTF-16 units, 60 characters
        let cut = ConnectWiseConnector.summary(for: emoji)
        #expect(cut.summary.utf16.count <= 100)
        #expect(cut.summary == String(repeating: "🚨", count: 49) + "…")
    }

    @Test(arguments: [
        ("Active", true), ("Inactive", false), ("INACTIVE", false), ("Inactive - Credit Hold", false),
        ("Not Approved", false), ("Deleted", false), ("Credit Hold", true), ("Inactivated Prospect", true),
        ("", true),
    ])
    func companyStatus(name: String, isActive: Bool) {
        #expect(ConnectWiseConnector.isActiveStatus(name) == isActive)
    }

    @Test func companyTypeComesFromTheFirstTypeAndFallsBackToTheOldField() {
        let company = ConnectWiseModel.Company(
            id: 7, identifier: "Fab", name: nil, status: .init(id: 2, name: "Inactive"),
            types: [.init(id: 1, name: "Customer"), .init(id: 4, name: "Partner")], type: nil)
        #expect(
            ConnectWiseConnector.company(company) == PSACompany(id: "7", name: "Fab", isActive: false, type: "Customer")
        )
        let old = ConnectWiseModel.Company(
            id: 8, identifier: nil, name: "Old", status: nil, types: nil, type: .init(id: 2, name: "Prospect"))
        #expect(ConnectWiseConnector.company(old).type == "Prospect")
    }

    @Test func validationErrorsNameTheirField() {
        let body = #"""
            {"code":"InvalidObject","message":"ticket object is invalid","errors":[
            {"code":"InvalidField","message":"The company (id 9) was not found.","resource":"ticket","field":"company"},
            {"code":"NullValue","message":"The summary field is required.","resource":"ticket","field":"summary"}]}
            """#
        let text = ConnectWiseConnector.describe(HTTPResponse(status: 400, body: Data(body.utf8)))
        #expect(text.field == "company")
        #expect(
            text.message
                == "ticket object is invalid: The company (id 9) was not found.; The summary field is required.")
    }

    @Test func unauthorizedAndForbiddenTexts() {
        let unauthorized = ConnectWiseConnector.describe(
            HTTPResponse(status: 401, body: Data(#"{"code":"Unauthorized","message":"Unauthorized"}"#.utf8)))
        #expect(
            unauthorized.message
                == "Unauthorized (check the company ID, the public and private keys, and the clientId)")
        let forbidden = ConnectWiseConnector.describe(
            HTTPResponse(
                status: 403,
                body: Data(
                    #"{"code":"Forbidden","message":"You do not have permission to add service tickets.","errors":[{"code":"MissingPermission","message":"The API member's security role needs Service Desk > Service Tickets: Add (All)","resource":"ticket"}]}"#
                        .utf8)))
        #expect(forbidden.message.contains("Service Desk > Service Tickets: Add (All)"))
        #expect(forbidden.field == nil)
        let html = ConnectWiseConnector.describe(
            HTTPResponse(status: 500, headers: ["Content-Type": "text/html"], body: Data("<html>oops</html>".utf8)))
        #expect(html.message == "an HTML page instead of ConnectWise's JSON")
    }

    @Test func idsMustBeNumbers() async throws {
        let connector = ConnectWiseConnector(
            credentials: ConnectWiseCredentials(
                site: "127.0.0.1:1", companyID: "x", publicKey: "p", privateKey: Secret("s"),
                clientID: "5b3f1c2e-7a4d-4e8f-9c1b-2d3e4f5a6b7c"),
            transport: ConnectWiseTestBed.transport(secrets: ["s"]))
        let error = await connectorError { () async throws(ConnectorError) in
            _ = try await connector.createTicket(connectWiseDraft(companyID: "Contoso"))
        }
        #expect(
            error
                == .rejected(
                    field: "company", message: "\"Contoso\" is not a ConnectWise company id (a positive number)"))
        let notANumber = try await connector.ticket(id: "T-1")
        #expect(notANumber == nil)
    }
}
