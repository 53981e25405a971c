import Foundation
import Testing

@testable import PSACore

@Suite("HaloPSA error texts")
struct HaloErrorTextTests {
    private func message(_ body: String) -> String {
        HaloErrorText.message(in: HTTPResponse(status: 400, body: Data(body.utf8)))
    }

    @Test func firstNonEmptyPropertyWins() {
        #expect(message(#"{"resultCode":1,"errorMessage":"Ticket locked"}"#) == "Ticket locked")
        #expect(
            message(#"{"ClassName":"System.Exception","Message":"An Outcome must be entered"}"#)
                == "An Outcome must be entered")
        #expect(message(#"{"errorMessage":"","message":"lower case"}"#) == "lower case")
        #expect(
            message(#"{"error":"invalid_client","error_description":"bad secret"}"#) == "invalid_client: bad secret")
        #expect(message(#"{"error":"invalid_client"}"#) == "invalid_client")
        #expect(message(#"{"error_description":"only a description"}"#) == "only a description")
        #expect(message(#"[{"Message":"first of a list"}]"#) == "first of a list")
        #expect(message(#""a JSON string""#) == "a JSON string")
    }

    @Test func otherwiseTheText() {
        #expect(message("  Invalid advanced search parameter \n") == "Invalid advanced search parameter")
        #expect(message(#"{"unrelated":true}"#) == #"{"unrelated":true}"#)
        #expect(message("<html><body>Proxy error</body></html>") == "an HTML page instead of an error message")
        #expect(message("") == "")
    }

    @Test func forbiddenNamesTheMissingPermission() async {
        let transport = ConnectorTransport(client: HTTPClient(), secrets: [])
        let error = transport.error(for: HTTPResponse(status: 403, body: Data(#"{"Message":"Forbidden"}"#.utf8))) {
            HaloErrorText.describe($0)
        }
        #expect(error == .forbidden("Forbidden"))
        #expect(HaloConnector.covers(["all"], "edit:tickets"))
        #expect(HaloConnector.covers(["edit:tickets"], "read:tickets"))
        #expect(!HaloConnector.covers(["read:tickets", "read:customers"], "edit:tickets"))
    }

    @Test func noteTextBecomesSafeHTML() {
        #expect(HaloConnector.html("a < b & \"c\"\r\nd") == "a &lt; b &amp; &quot;c&quot;<br>d")
    }
}
