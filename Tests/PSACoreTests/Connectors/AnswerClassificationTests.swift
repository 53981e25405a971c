import Testing

@testable import PSACore

/// The rule every PSA answer is sorted by (DESIGN §2): transient answers are retried and
/// never end an event; final ones are the vendor's documented refusals.
@Suite struct AnswerClassificationTests {
    @Test func badMomentsAreTransient() {
        let transient: [ConnectorError] = [
            .rateLimited("slow down"), .server(status: 500, message: "oops"), .server(status: 408, message: "late"),
            .unexpectedResponse("an HTML page (200) instead of JSON"), .transport(.timedOut),
            .transport(.connectionReset), .transport(.tlsHandshakeAborted("reset")), .transport(.cannotConnect("h")),
            .transport(.unknownHost("h")),
        ]
        for error in transient { #expect(error.isTransient, "\(error)") }
    }

    @Test func documentedRefusalsAreFinal() {
        let final: [ConnectorError] = [
            .unauthorized("bad secret"), .forbidden("no permission"), .notFound("no such company"),
            .rejected(field: "summary", message: "required"), .invalidCredentials([]),
            .transport(.tlsFailure("certificate")), .transport(.insecureURL("http")), .transport(.cancelled),
        ]
        for error in final { #expect(!error.isTransient, "\(error)") }
    }

    @Test func answersWhoseMeaningIsOpenSayTheyMayBeTemporary() {
        #expect(
            ConnectorError.server(status: 500, message: "down").description
                == "may be temporary: the PSA answered 500: down")
        #expect(ConnectorError.unexpectedResponse("x").description.hasPrefix("may be temporary: "))
        #expect(!ConnectorError.unauthorized("x").description.contains("temporary"))
    }

    @Test func nerdioFollowsTheSameRule() {
        #expect(NerdioSyncError.tokenUnavailable(status: 503, message: "busy").isTransient)
        #expect(NerdioSyncError.server(status: 500, message: "x").isTransient)
        #expect(!NerdioSyncError.token(status: 401, message: "AADSTS7000215").isTransient)
        #expect(!NerdioSyncError.refused(status: 403, message: "role").isTransient)
    }
}
