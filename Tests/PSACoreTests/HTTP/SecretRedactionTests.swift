import Foundation
import Testing

@testable import PSACore

@Suite struct SecretRedactionTests {
    @Test func redactsAuthorizationCredentialsButKeepsTheScheme() {
        let text = "Authorization: Basic Y29tcGFueStwdWI6cHJpdg==\nauthorization: Bearer eyJhbGciOi.abc.def"
        let redacted = SecretRedaction.redact(text)
        #expect(redacted == "Authorization: Basic <redacted>\nauthorization: Bearer <redacted>")
    }

    @Test func redactsSecretNamedHeaderLines() {
        let text = """
            ApiIntegrationCode: ABCD1234
            UserName: api@example.com
            Secret: s3cr3t!
            X-Api-Key: k-123
            X-Auth-Token: t-456
            Content-Type: application/json
            """
        let redacted = SecretRedaction.redact(text)
        #expect(
            redacted == """
                ApiIntegrationCode: <redacted>
                UserName: api@example.com
                Secret: <redacted>
                X-Api-Key: <redacted>
                X-Auth-Token: <redacted>
                Content-Type: application/json
                """)
    }

    @Test func redactsJSONAndFormFields() {
        let json = #"{"client_id":"abc","client_secret":"p\"w","password": "hunter2","name":"Acme"}"#
        #expect(
            SecretRedaction.redact(json)
                == #"{"client_id":"abc","client_secret":"<redacted>","password": "<redacted>","name":"Acme"}"#)
        let form = "grant_type=client_credentials&client_id=abc&client_secret=xyz&scope=all"
        #expect(
            SecretRedaction.redact(form)
                == "grant_type=client_credentials&client_id=abc&client_secret=<redacted>&scope=all")
    }

    @Test func redactsKnownSecretValuesWherever_they_appear() {
        let secret = "Zq9+/x y"
        let text = "error: invalid client Zq9+/x y (also sent as Zq9%2B%2Fx%20y)"
        let redacted = SecretRedaction.redact(text, knownSecrets: [secret, ""])
        #expect(!redacted.contains("Zq9"))
        #expect(redacted == "error: invalid client <redacted> (also sent as <redacted>)")
    }

    @Test func leavesOrdinaryTextAlone() {
        let text = "Company 'Acme & Sons' not found (status 404)"
        #expect(SecretRedaction.redact(text) == text)
    }

    @Test func redactsURLQueryValuesAndUserInfo() {
        #expect(
            SecretRedaction.redactURL("https://h.example/token?client_id=a&client_secret=b&api_key=c#frag")
                == "https://h.example/token?client_id=a&client_secret=<redacted>&api_key=<redacted>#frag")
        #expect(SecretRedaction.redactURL("https://user:pw@h.example/x?y=1") == "https://<redacted>@h.example/x?y=1")
    }

    @Test func requestDescriptionShowsMethodURLAndHeadersButNoSecretsOrBody() {
        let request = HTTPRequest.form(
            url: "https://tenant.halopsa.com/auth/token?tenant=acme&client_secret=QQQ",
            fields: [("client_secret", "BODYSECRET")],
            headers: [
                "Authorization": "Basic dXNlcjpwdw==", "ApiIntegrationCode": "CODE99", "Accept": "application/json",
            ])
        let description = request.description
        #expect(
            description
                == "POST https://tenant.halopsa.com/auth/token?tenant=acme&client_secret=<redacted> "
                + "[Authorization: Basic <redacted>, ApiIntegrationCode: <redacted>, Accept: application/json, "
                + "Content-Type: application/x-www-form-urlencoded]")
        for secret in ["QQQ", "BODYSECRET", "dXNlcjpwdw", "CODE99"] {
            #expect(!description.contains(secret))
        }
    }

    @Test func formBodiesEscapeReservedCharacters() {
        let request = HTTPRequest.form(url: "https://h.example/", fields: [("a b", "x&y=z+é")])
        #expect(String(decoding: request.body!, as: UTF8.self) == "a%20b=x%26y%3Dz%2B%C3%A9")
    }
}
