import Testing

@testable import PSACore

@Suite struct URLPolicyTests {
    @Test(arguments: [
        "https://example.halopsa.com/api/tickets",
        "https://api-na.myconnectwise.net/v4_6_release/apis/3.0/",
        "http://127.0.0.1:8080/path",
        "http://127.45.6.7/",
        "http://localhost:9000/x",
        "http://LOCALHOST/",
        "http://[::1]:8443/",
    ])
    func acceptsHTTPSAnywhereAndHTTPOnLoopback(url: String) throws {
        _ = try URLPolicy.check(url)
    }

    @Test(arguments: [
        "http://example.com/",
        "http://128.0.0.1/",
        "http://10.0.0.1/",
        "http://localhost.example.com/",
        "http://[::2]/",
        "http://127.0.0.1.nip.io/",
    ])
    func refusesHTTPToOtherHosts(url: String) {
        #expect {
            try URLPolicy.check(url)
        } throws: { error in
            guard case .insecureURL(let reason) = error as? HTTPError else { return false }
            return reason.contains("loopback")
        }
    }

    @Test func refusesCredentialsInTheURL() {
        #expect {
            try URLPolicy.check("https://admin:hunter2@example.com/")
        } throws: { error in
            guard case .insecureURL(let reason) = error as? HTTPError else { return false }
            return !reason.contains("hunter2")
        }
    }

    @Test(arguments: [
        "not a url", "example.com/path", "ftp://example.com/file", "https:///nohost", "file:///etc/passwd",
    ])
    func refusesMalformedAndOtherSchemes(url: String) {
        #expect {
            try URLPolicy.check(url)
        } throws: { error in
            if case .invalidURL = error as? HTTPError { return true }
            return false
        }
    }

    @Test func reportsTheHostWithoutIPv6Brackets() throws {
        #expect(try URLPolicy.check("http://[::1]:80/").host == "::1")
        #expect(try URLPolicy.check("https://Example.COM/").scheme == "https")
    }
}
