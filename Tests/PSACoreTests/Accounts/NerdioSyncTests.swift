import Foundation
import PSASandbox
import Synchronization
import Testing

@testable import PSACore

/// Runs `body` with a store in a new folder, removed afterwards.
private func withNerdioStore(_ body: (Store) async throws -> Void) async throws {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("psalink-nerdio-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try await body(try Store.open(at: folder + "/db.sqlite"))
}

/// Starts a sandbox and stops it whatever happens.
private func withNerdioSandbox(
    _ body: (PSASandbox, SandboxEndpoints) async throws -> Void
) async throws {
    let sandbox = PSASandbox(configuration: .init(companyCount: 40))
    let running = try await sandbox.start()
    do {
        try await body(sandbox, running.endpoints)
    } catch {
        await running.stop()
        throw error
    }
    await running.stop()
}

private func sandboxSettings(_ endpoints: SandboxEndpoints, secret: String? = nil) -> NerdioSyncSettings {
    let credentials = endpoints.credentials
    return NerdioSyncSettings(
        url: endpoints.nerdioURL, tenant: credentials.nerdioTenant, clientID: credentials.nerdioClientID,
        clientSecret: Secret(secret ?? credentials.nerdioClientSecret), scope: credentials.nerdioScope,
        authority: endpoints.nerdioAuthority)
}

private func sandboxClient(_ settings: NerdioSyncSettings) -> NerdioClient {
    NerdioClient(
        settings: settings,
        client: HTTPClient(configuration: .init(connectTimeout: .seconds(2), totalTimeout: .seconds(5))),
        retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10), totalBudget: .seconds(5)))
}

/// The accounts the sandbox's Nerdio lists: its customers.
private func expectedCount(_ sandbox: PSASandbox) -> Int {
    sandbox.companies.filter { !$0.isMSP && $0.type == "Customer" }.count
}

private func nerdioError(_ body: () async throws(NerdioSync.Failure) -> Void) async -> NerdioSyncError? {
    do {
        try await body()
        return nil
    } catch {
        if case .nerdio(let error) = error { return error }
        return nil
    }
}

@Suite struct NerdioSyncTests {
    @Test func syncAddsEveryAccountAndStoresTheSettings() async throws {
        try await withNerdioSandbox { sandbox, endpoints in
            try await withNerdioStore { store in
                let settings = sandboxSettings(endpoints)
                let outcome = try await NerdioSync.run(sandboxClient(settings), store: store)
                let count = expectedCount(sandbox)
                #expect(count > 0)
                #expect(outcome.accounts == count)
                #expect(outcome.summary == AccountImportSummary(added: count))
                #expect(try store.accounts().count == count)

                let record = try #require(try store.nerdioSync())
                #expect(record.settings == settings)
                #expect(record.lastSyncedAt != nil)
                #expect(record.lastResult?.hasPrefix("\(count) accounts: \(count) added") == true)

                let audit = try store.auditLog().filter { $0.action == "nerdio-sync.settings" }
                #expect(audit.count == 1)
                let secret = endpoints.credentials.nerdioClientSecret
                #expect(audit[0].newValue?.contains("clientSecret=<secret>") == true)
                #expect(!(audit[0].newValue ?? "").contains(secret))

                // The same settings again: nothing new to audit, the result recorded.
                let again = try await NerdioSync.run(sandboxClient(settings), store: store)
                #expect(again.summary == AccountImportSummary(unchanged: count))
                #expect(try store.auditLog().filter { $0.action == "nerdio-sync.settings" }.count == 1)
            }
        }
    }

    @Test func syncUpdatesRenamedAccountsAndFlagsVanishedOnes() async throws {
        try await withNerdioSandbox { sandbox, endpoints in
            try await withNerdioStore { store in
                let settings = sandboxSettings(endpoints)
                let listed = try await sandboxClient(settings).fetchAccounts()
                var earlier = listed
                earlier[0].name = "Old Name of " + earlier[0].name
                earlier.append(NerdioAccount(id: "gone-1", name: "Gone Ltd", tenantID: "t"))
                try store.importAccounts(earlier)

                let outcome = try await NerdioSync.run(sandboxClient(settings), store: store)
                #expect(
                    outcome.summary
                        == AccountImportSummary(updated: 1, unchanged: listed.count - 1, markedMissing: 1))
                let stored = try store.accounts()
                #expect(stored.first { $0.id == listed[0].id }?.name == listed[0].name)
                #expect(stored.first { $0.id == "gone-1" }?.missingSince != nil)
            }
        }
    }

    @Test func entraErrorIsReportedAndChangesNothing() async throws {
        try await withNerdioSandbox { _, endpoints in
            try await withNerdioStore { store in
                try store.importAccounts([NerdioAccount(id: "1", name: "Contoso", tenantID: "t")])
                let wrong = "wrong-secret-value"
                let error = await nerdioError { () async throws(NerdioSync.Failure) in
                    _ = try await NerdioSync.run(sandboxClient(sandboxSettings(endpoints, secret: wrong)), store: store)
                }
                guard case .token(let status, let message) = error else {
                    Issue.record("expected a token error, got \(String(describing: error))")
                    return
                }
                #expect(status == 401)
                #expect(message.contains("invalid_client"))
                #expect(message.contains("AADSTS7000215"))
                let shown = error.map(\.description) ?? ""
                #expect(!shown.contains(wrong))
                #expect(try store.accounts().map(\.name) == ["Contoso"])
                #expect(try store.nerdioSync() == nil)
            }
        }
    }

    @Test func serverErrorChangesNothing() async throws {
        try await withNerdioSandbox { sandbox, endpoints in
            try await withNerdioStore { store in
                try store.importAccounts([NerdioAccount(id: "1", name: "Contoso", tenantID: "t")])
                sandbox.faults.inject(.status(500), count: 10, pathContains: "/rest-api")
                let error = await nerdioError { () async throws(NerdioSync.Failure) in
                    _ = try await NerdioSync.run(sandboxClient(sandboxSettings(endpoints)), store: store)
                }
                guard case .server(let status, _) = error else {
                    Issue.record("expected a server error, got \(String(describing: error))")
                    return
                }
                #expect(status == 500)
                #expect(try store.accounts().map(\.name) == ["Contoso"])
                #expect(try store.accounts().allSatisfy { $0.missingSince == nil })
                #expect(try store.nerdioSync() == nil)
            }
        }
    }

    @Test func malformedJSONChangesNothing() async throws {
        try await withNerdioSandbox { (sandbox: PSASandbox, endpoints: SandboxEndpoints) async throws in
            try await withNerdioStore { (store: Store) async throws in
                sandbox.faults.inject(.malformedJSON, count: 10, pathContains: "/rest-api")
                let error = await nerdioError { () async throws(NerdioSync.Failure) in
                    _ = try await NerdioSync.run(sandboxClient(sandboxSettings(endpoints)), store: store)
                }
                guard case .unexpectedResponse = error else {
                    Issue.record("expected an unexpected response, got \(String(describing: error))")
                    return
                }
                #expect(try store.accounts().isEmpty)
                #expect(try store.nerdioSync() == nil)
            }
        }
    }

    @Test func changedSettingsAreAuditedWithTheSecretMasked() async throws {
        try await withNerdioStore { store in
            let first = NerdioSyncSettings(
                url: "https://nerdio.example.com", tenant: "t", clientID: "c", clientSecret: Secret("one-secret"),
                scope: "s")
            try store.saveNerdioSync(first, result: "ok")
            var second = first
            second.clientSecret = Secret("two-secret")
            try store.saveNerdioSync(second, result: "ok")
            let entries = try store.auditLog().filter { $0.action == "nerdio-sync.settings" }
            #expect(entries.count == 2)
            #expect(entries[0].newValue?.contains("clientSecret=<secret, changed>") == true)
            for entry in entries {
                let text = (entry.oldValue ?? "") + (entry.newValue ?? "")
                #expect(!text.contains("one-secret") && !text.contains("two-secret"))
            }
            #expect(try store.nerdioSync()?.settings == second)
        }
    }
}

/// Answers Nerdio requests from memory: the token endpoint always, every other URL from
/// `answer` (404 when it has none). Records the URLs asked for.
private final class FakeNerdio: Sendable {
    let answer: @Sendable (String) -> String?
    let requested = Mutex<[String]>([])

    init(_ answer: @escaping @Sendable (String) -> String?) {
        self.answer = answer
    }

    init(pages: [String: String]) {
        answer = { pages[$0] }
    }

    func client(url: String = "https://nerdio.example.com") -> NerdioClient {
        let settings = NerdioSyncSettings(
            url: url, tenant: "contoso.onmicrosoft.com", clientID: "app", clientSecret: Secret("fake-secret"),
            scope: "api://app/.default", authority: "https://login.example.com")
        return NerdioClient(settings: settings) { request throws(HTTPError) in
            self.requested.withLock { $0.append(request.url) }
            if request.url == "https://login.example.com/contoso.onmicrosoft.com/oauth2/v2.0/token" {
                return HTTPResponse(status: 200, body: Data(#"{"access_token":"fake-token","expires_in":3600}"#.utf8))
            }
            guard let body = self.answer(request.url) else { return HTTPResponse(status: 404) }
            return HTTPResponse(status: 200, body: Data(body.utf8))
        }
    }

    var pageRequests: [String] { requested.withLock { $0.filter { !$0.contains("/oauth2/") } } }
}

private let accountsURL = "https://nerdio.example.com/rest-api/v1/accounts"

private func account(_ id: Int, _ name: String) -> String {
    #"{"id": \#(id), "name": "\#(name)", "tenantId": "tenant-\#(id)"}"#
}

private func syncError(_ fake: FakeNerdio) async -> NerdioSyncError? {
    do {
        _ = try await fake.client().fetchAccounts()
        return nil
    } catch {
        return error
    }
}

@Suite struct NerdioSyncPagingTests {
    @Test func bareArrayAndStringIds() async throws {
        let fake = FakeNerdio(pages: [
            accountsURL:
                #"[{"id": "007", "name": "Contoso", "tenantId": "t1", "domain": "contoso.com"}, \#(account(8, "Fabrikam"))]"#
        ])
        let accounts = try await fake.client().fetchAccounts()
        #expect(
            accounts == [
                NerdioAccount(id: "007", name: "Contoso", tenantID: "t1", domain: "contoso.com"),
                NerdioAccount(id: "8", name: "Fabrikam", tenantID: "tenant-8"),
            ])
    }

    @Test func followsNextLinksRelativeAndAbsolute() async throws {
        let fake = FakeNerdio(pages: [
            accountsURL: #"{"items": [\#(account(1, "A"))], "nextLink": "/rest-api/v1/accounts?skip=1"}"#,
            accountsURL + "?skip=1":
                #"{"value": [\#(account(2, "B"))], "@odata.nextLink": "https://nerdio.example.com/rest-api/v1/accounts?skip=2"}"#,
            accountsURL + "?skip=2": #"{"accounts": [\#(account(3, "C"))], "next": null}"#,
        ])
        let accounts = try await fake.client().fetchAccounts()
        #expect(accounts.map(\.name) == ["A", "B", "C"])
        #expect(fake.pageRequests.count == 3)
    }

    @Test func followsPageNumbers() async throws {
        let fake = FakeNerdio(pages: [
            accountsURL: #"{"data": [\#(account(1, "A"))], "page": 1, "totalPages": 3, "pageSize": 1}"#,
            accountsURL + "?page=2&pageSize=1":
                #"{"data": [\#(account(2, "B"))], "page": 2, "totalPages": 3, "pageSize": 1}"#,
            accountsURL + "?page=3&pageSize=1":
                #"{"data": [\#(account(3, "C"))], "page": 3, "totalPages": 3, "pageSize": 1}"#,
        ])
        #expect(try await fake.client().fetchAccounts().map(\.id) == ["1", "2", "3"])
    }

    @Test func followsZeroBasedPageNumbers() async throws {
        let fake = FakeNerdio(pages: [
            accountsURL: #"{"items": [\#(account(1, "A"))], "page": 0, "totalPages": 2}"#,
            accountsURL + "?page=1": #"{"items": [\#(account(2, "B"))], "page": 1, "totalPages": 2}"#,
        ])
        #expect(try await fake.client().fetchAccounts().map(\.id) == ["1", "2"])
    }

    @Test func aPaginationLoopIsRefused() async throws {
        let fake = FakeNerdio(pages: [
            accountsURL: #"{"items": [\#(account(1, "A"))], "nextLink": "\#(accountsURL)?skip=1"}"#,
            accountsURL + "?skip=1": #"{"items": [\#(account(2, "B"))], "nextLink": "\#(accountsURL)"}"#,
        ])
        let error = await syncError(fake)
        guard case .pagination(let message) = error else {
            Issue.record("expected a pagination error, got \(String(describing: error))")
            return
        }
        #expect(message.contains("already read"))
    }

    @Test func aPageNumberThatNeverAdvancesIsRefused() async throws {
        let fake = FakeNerdio { _ in #"{"items": [], "page": 1, "totalPages": 5}"# }
        guard case .pagination = await syncError(fake) else {
            Issue.record("expected a pagination error")
            return
        }
    }

    @Test func aNextLinkToAnotherHostIsRefused() async throws {
        let fake = FakeNerdio(pages: [
            accountsURL:
                #"{"items": [\#(account(1, "A"))], "nextLink": "https://evil.example.net/rest-api/v1/accounts?skip=1"}"#
        ])
        let error = await syncError(fake)
        guard case .nextPageElsewhere(let host, let origin) = error else {
            Issue.record("expected the next page elsewhere, got \(String(describing: error))")
            return
        }
        #expect(host == "evil.example.net" && origin == "nerdio.example.com")
        #expect(fake.pageRequests == [accountsURL])
    }

    @Test func moreThanAThousandPagesIsRefused() async throws {
        let fake = FakeNerdio { url in
            let skip =
                URLComponents(string: url)?.queryItems?.first { $0.name == "skip" }?.value.flatMap { Int($0) } ?? 0
            return #"{"items": [], "nextLink": "\#(accountsURL)?skip=\#(skip + 1)"}"#
        }
        let error = await syncError(fake)
        guard case .pagination(let message) = error else {
            Issue.record("expected a pagination error, got \(String(describing: error))")
            return
        }
        #expect(message.contains("1000"))
        #expect(fake.pageRequests.count == NerdioClient.maxPages)
    }

    @Test func anAccountWithoutANameIsNamedAndNothingIsApplied() async throws {
        let fake = FakeNerdio(pages: [accountsURL: #"[\#(account(1, "A")), {"id": 42, "tenantId": "t"}]"#])
        let error = await syncError(fake)
        guard case .invalidAccount(let message) = error else {
            Issue.record("expected an invalid account, got \(String(describing: error))")
            return
        }
        #expect(message.contains("42"))

        let noID = FakeNerdio(pages: [accountsURL: #"{"items": [{"name": "Nameless Corp"}]}"#])
        guard case .invalidAccount(let text) = await syncError(noID) else {
            Issue.record("expected an invalid account")
            return
        }
        #expect(text.contains("Nameless Corp"))
    }

    @Test func anObjectWithoutAListIsUnexpected() async throws {
        let fake = FakeNerdio(pages: [accountsURL: #"{"total": 3}"#])
        guard case .unexpectedResponse = await syncError(fake) else {
            Issue.record("expected an unexpected response")
            return
        }
    }

    @Test func plainHTTPToAnotherHostSendsNothing() async throws {
        let fake = FakeNerdio(pages: [:])
        do {
            _ = try await fake.client(url: "http://nerdio.example.com").fetchAccounts()
            Issue.record("expected an error")
        } catch {
            guard case .invalidSettings(let field, _) = error else {
                Issue.record("expected invalid settings, got \(error)")
                return
            }
            #expect(field == .url)
        }
        #expect(fake.requested.withLock { $0.isEmpty })
    }
}
