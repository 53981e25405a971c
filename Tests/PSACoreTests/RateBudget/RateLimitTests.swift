import Foundation
import Testing

@testable import PSACore

@Suite struct RateLimitTests {
    @Test(arguments: ["300/300", " 30/10 ", "1/1"])
    func aLimitIsCountSlashSeconds(text: String) throws {
        let limit = try #require(RateLimit(parsing: text))
        #expect(limit.description == text.trimmingCharacters(in: .whitespaces))
    }

    @Test(arguments: ["", "300", "0/10", "10/0", "-1/10", "10/-1", "a/b", "10/10/10", "1.5/10", "10 /10", "/10", "10/"])
    func anythingElseIsRefused(text: String) {
        #expect(RateLimit(parsing: text) == nil)
    }

    @Test func theTighterLimitAllowsFewerRequestsPerSecond() {
        let halo = RateLimit(count: 300, seconds: 300)
        let tight = RateLimit(count: 30, seconds: 60)
        #expect(halo.tighter(tight) == tight)
        #expect(tight.tighter(halo) == tight)
        // The same rate: the shorter window bursts less.
        #expect(
            RateLimit(count: 60, seconds: 60).tighter(RateLimit(count: 1, seconds: 1))
                == RateLimit(count: 1, seconds: 1))
    }

    @Test func integrationsOfOneTenantShareAKeyWhateverTheSpelling() {
        func halo(_ url: String, tenant: String? = nil) -> BudgetKey {
            BudgetKey(.halo(HaloCredentials(url: url, clientID: "a", clientSecret: Secret("s"), tenant: tenant)))
        }
        #expect(halo("https://Contoso.HaloPSA.com/") == halo("https://contoso.halopsa.com"))
        #expect(halo("https://contoso.halopsa.com") != halo("https://fabrikam.halopsa.com"))
        #expect(halo("https://contoso.halopsa.com", tenant: "a") != halo("https://contoso.halopsa.com", tenant: "b"))
        func connectwise(_ site: String, company: String) -> BudgetKey {
            BudgetKey(
                .connectwise(
                    ConnectWiseCredentials(
                        site: site, companyID: company, publicKey: "p", privateKey: Secret("k"), clientID: "c")))
        }
        #expect(
            connectwise("api-na.myconnectwise.net", company: "Contoso")
                == connectwise("https://api-na.myconnectwise.net", company: "contoso"))
        #expect(
            connectwise("api-na.myconnectwise.net", company: "contoso")
                != connectwise("api-na.myconnectwise.net", company: "fabrikam"))
        func autotask(_ user: String, secret: String = "s") -> BudgetKey {
            BudgetKey(.autotask(AutotaskCredentials(username: user, secret: Secret(secret), integrationCode: "code")))
        }
        // A changed secret is still the same API user.
        #expect(autotask("API@contoso.com") == autotask("api@contoso.com", secret: "other"))
        #expect(autotask("api@contoso.com") != autotask("api2@contoso.com"))
        #expect(halo("https://contoso.halopsa.com") != autotask("https://contoso.halopsa.com"))
    }
}

@Suite struct UsagePacingTests {
    @Test func belowHalfTheThresholdNothingSlowsDown() {
        for priority in RequestPriority.allCases {
            #expect(
                UsagePacing.pace(priority: priority, projected: 4_999, threshold: 10_000, timeframe: 3_600) == .free)
        }
    }

    @Test func fromHalfRoutineRequestsCrawlSlowerTheCloserTheyGetToNinetyPercent() throws {
        func interval(_ projected: Int) throws -> TimeInterval {
            guard
                case .spaced(let interval) = UsagePacing.pace(
                    priority: .routine, projected: projected, threshold: 10_000, timeframe: 3_600)
            else { throw PacingError.notSpaced }
            return interval
        }
        // What is left up to 9,000 lasts the hour.
        #expect(abs(try interval(5_000) - 3_600.0 / 4_000) < 1e-9)
        #expect(try interval(8_000) > interval(6_000))
        #expect(UsagePacing.pace(priority: .routine, projected: 9_000, threshold: 10_000, timeframe: 3_600) == .stopped)
    }

    @Test func theLastTenPercentAreLeftToCreatesAndCloses() {
        #expect(UsagePacing.pace(priority: .routine, projected: 9_200, threshold: 10_000, timeframe: 3_600) == .stopped)
        #expect(
            UsagePacing.pace(priority: .background, projected: 7_600, threshold: 10_000, timeframe: 3_600) == .stopped)
        guard
            case .spaced = UsagePacing.pace(priority: .essential, projected: 9_200, threshold: 10_000, timeframe: 3_600)
        else {
            Issue.record("an essential request stopped at 92%")
            return
        }
        #expect(
            UsagePacing.pace(priority: .essential, projected: 9_900, threshold: 10_000, timeframe: 3_600) == .stopped)
    }

    enum PacingError: Error { case notSpaced }
}
