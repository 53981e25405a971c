import Foundation
import Synchronization
import Testing

@testable import PSACore

/// `doctor`'s checks as pure functions of their facts: thresholds, statuses and advice.
@Suite struct DoctorTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let path = "/data/psalink.sqlite"

    private func database(
        before: [String: UInt32]? = nil, after: [String: UInt32]? = nil, writable: Bool = true, wal: Int64? = nil,
        integrity: [String]? = ["ok"]
    ) -> DatabaseFacts {
        let modes = after ?? [path: 0o600]
        return DatabaseFacts(
            path: path, modesBeforeOpen: before ?? modes, modes: modes, writable: writable, walBytes: wal,
            integrity: integrity)
    }

    // MARK: report

    @Test func theReportIsItsWorstCheckAndOnlyAFailFailsIt() {
        let ok = DoctorCheck(name: "a", status: .ok, detail: "")
        let warn = DoctorCheck(name: "b", status: .warn, detail: "")
        let fail = DoctorCheck(name: "c", status: .fail, detail: "")
        #expect(DoctorReport(checks: []).status == .ok)
        #expect(DoctorReport(checks: [ok, warn]).status == .warn)
        #expect(DoctorReport(checks: [ok, warn]).passes)
        #expect(DoctorReport(checks: [fail, ok, warn]).status == .fail)
        #expect(!DoctorReport(checks: [ok, fail]).passes)
    }

    @Test func anOkCheckCarriesNoAdvice() {
        let check = DoctorCheck(name: "x", status: .ok, detail: "", advice: [.startServe])
        #expect(check.advice.isEmpty)
    }

    // MARK: database

    @Test func integrityIsOkOnlyWhenSQLiteSaysOk() {
        #expect(DatabaseChecks.integrity(database()).status == .ok)
        let damaged = DatabaseChecks.integrity(database(integrity: ["row 4 missing from index x", "page 9 bad"]))
        #expect(damaged.status == .fail)
        #expect(damaged.detail.contains("row 4 missing from index x"))
        #expect(damaged.advice == [.restoreFromBackup(path: path)])
        var unopened = database(integrity: nil)
        unopened.openError = "not a psalink database"
        #expect(DatabaseChecks.integrity(unopened).status == .fail)
        #expect(DatabaseChecks.integrity(unopened).detail == "not a psalink database")
        var missing = database(integrity: nil)
        missing.exists = false
        #expect(DatabaseChecks.integrity(missing).status == .fail)
        #expect(DatabaseChecks.integrity(missing).detail == "no database at \(path)")
        #expect(DatabaseChecks.integrity(missing).advice == [.checkDatabaseLocation(path: path)])
    }

    @Test func permissionsWarnWhenOthersCanReadAnyOfTheFiles() {
        #expect(DatabaseChecks.permissions(database()).status == .ok)
        let wal = path + "-wal"
        let open = DatabaseChecks.permissions(database(after: [path: 0o600, wal: 0o644]))
        #expect(open.status == .warn)
        #expect(open.detail.contains("psalink.sqlite-wal 0644"))
        #expect(!open.detail.contains("psalink.sqlite 0600"))
        #expect(open.advice == [.restrictModes(paths: [wal])])
        let groupOnly = DatabaseChecks.permissions(database(after: [path: 0o640]))
        #expect(groupOnly.status == .warn)
    }

    @Test func aModeTightenedOnOpeningIsStillReported() {
        let check = DatabaseChecks.permissions(database(before: [path: 0o644], after: [path: 0o600]))
        #expect(check.status == .warn)
        #expect(check.detail.contains("was 0644"))
        #expect(check.advice == [.findWhatWidenedModes])
    }

    @Test func companionsCreatedBeforeTheTighteningAreReportedWithIt() {
        let wal = path + "-wal"
        let check = DatabaseChecks.permissions(
            database(before: [path: 0o644, wal: 0o644], after: [path: 0o600, wal: 0o644]))
        #expect(check.status == .warn)
        #expect(check.detail.contains("psalink.sqlite-wal 0644"))
        #expect(check.detail.contains("psalink.sqlite was 0644"))
        #expect(check.advice == [.restrictModes(paths: [wal]), .findWhatWidenedModes])
    }

    @Test func anUnwritableDatabaseFails() {
        let check = DatabaseChecks.permissions(database(writable: false))
        #expect(check.status == .fail)
        #expect(check.advice == [.runAsDatabaseOwner])
    }

    @Test func aLargeWriteAheadLogWarns() {
        var thresholds = DoctorThresholds()
        thresholds.walBytes = 1_000
        #expect(DatabaseChecks.writeAheadLog(database(wal: nil), thresholds: thresholds).status == .ok)
        #expect(DatabaseChecks.writeAheadLog(database(wal: 1_000), thresholds: thresholds).status == .ok)
        let large = DatabaseChecks.writeAheadLog(database(wal: 1_001), thresholds: thresholds)
        #expect(large.status == .warn)
        #expect(large.advice == [.checkpointWriteAheadLog(path: path)])
        #expect(DatabaseChecks.writeAheadLog(database(wal: 65 << 20)).status == .warn)
        #expect(DatabaseChecks.writeAheadLog(database(wal: 63 << 20)).status == .ok)
    }

    // MARK: credentials

    @Test func credentialsFollowTheValidationOutcome() {
        let health = Health.healthy(checkedAt: now)
        #expect(
            CredentialCheck.evaluate(integration: "Halo", outcome: .valid(health: health), waited: .seconds(5)).status
                == .ok)
        let refused = CredentialCheck.evaluate(
            integration: "Halo", outcome: .refused(.unauthorized("invalid_client"), health: health),
            waited: .seconds(5))
        #expect(refused.status == .fail)
        #expect(refused.integration == "Halo")
        #expect(refused.detail.contains("invalid_client"))
        #expect(refused.advice == [.fixCredentials(integration: "Halo")])
        let down = CredentialCheck.evaluate(
            integration: "Halo", outcome: .refused(.transport(.timedOut), health: health), waited: .seconds(5))
        #expect(down.status == .fail)
        #expect(down.advice == [.validateLater(integration: "Halo")])
        let held = CredentialCheck.evaluate(
            integration: "Halo", outcome: .notChecked(.throttled(until: now)), waited: .seconds(5))
        #expect(held.status == .warn)
        let silent = CredentialCheck.evaluate(integration: "Halo", outcome: nil, waited: .seconds(16))
        #expect(silent.status == .fail)
        #expect(silent.detail.contains("16 s"))
    }

    // MARK: rate budget

    @Test func theBudgetWarnsNearItsLimitAndWhileThePSAHoldsBack() {
        let limit = RateLimit(count: 300, seconds: 300)
        func check(_ used: Int, paused: Date? = nil, usage: (Int, Int)? = nil) -> DoctorCheck {
            RateBudgetCheck.evaluate(
                integration: "CW",
                facts: RateBudgetFacts(limit: limit, usedInWindow: used, pausedUntil: paused, reportedUsage: usage),
                now: now)
        }
        #expect(check(10).status == .ok)
        #expect(check(10).detail == "10 of 300 requests in the last 300 s")
        #expect(check(239).status == .ok)
        #expect(check(240).status == .warn)
        let paused = check(3, paused: now.addingTimeInterval(120))
        #expect(paused.status == .warn)
        #expect(paused.advice == [.lowerRateLimitIfRecurring(integration: "CW")])
        #expect(check(3, paused: now.addingTimeInterval(-1)).status == .ok)
        #expect(check(3, usage: (9_000, 10_000)).status == .warn)
        #expect(check(3, usage: (9_000, 10_000)).advice == [.sharedAutotaskUsage])
        #expect(check(3, usage: (4_000, 10_000)).status == .ok)
    }

    // MARK: certificate and clock

    private func probed(tls: Bool = true, expiry: Date? = nil, serverDate: Date? = nil) -> HostProbeOutcome {
        .answered(HostProbeResult(usesTLS: tls, certificateExpiry: expiry, serverDate: serverDate, localDate: now))
    }

    @Test func theCertificateWarnsUnderThreeWeeksAndFailsOnceExpired() {
        let url = "https://contoso.halopsa.com"
        func check(_ outcome: HostProbeOutcome) -> DoctorCheck {
            CertificateCheck.evaluate(integration: "Halo", url: url, outcome: outcome, now: now)
        }
        let day: TimeInterval = 86_400
        #expect(check(probed(expiry: now.addingTimeInterval(90 * day))).status == .ok)
        #expect(check(probed(expiry: now.addingTimeInterval(21 * day + 60))).status == .ok)
        let soon = check(probed(expiry: now.addingTimeInterval(20 * day)))
        #expect(soon.status == .warn)
        #expect(soon.advice == [.renewCertificateSoon])
        #expect(check(probed(expiry: now.addingTimeInterval(-60))).status == .fail)
        let refused = check(.failed(.tlsFailure("SSL certificate problem: certificate has expired")))
        #expect(refused.status == .fail)
        #expect(refused.detail.contains("certificate has expired"))
        #expect(refused.advice == [.renewCertificateOrTrustCA])
        #expect(check(.failed(.cannotConnect("contoso.halopsa.com"))).status == .warn)
        #expect(check(.noAnswer(waited: .seconds(5))).status == .warn)
        let plain = check(probed(tls: false))
        #expect(plain.status == .ok)
        #expect(plain.detail.contains("not TLS"))
        #expect(check(probed(expiry: nil)).status == .ok)
    }

    @Test func theClockWarnsAboveAMinuteOfSkewEitherWay() {
        func check(_ skew: TimeInterval?) -> DoctorCheck {
            ClockCheck.evaluate(integration: "AT", outcome: probed(serverDate: skew.map { now.addingTimeInterval($0) }))
        }
        #expect(check(0).status == .ok)
        #expect(check(0).detail.contains("agrees"))
        #expect(check(-45).status == .ok)
        #expect(check(-45).detail.contains("45 s behind"))
        #expect(check(61).status == .warn)
        #expect(check(61).detail.contains("ahead of"))
        #expect(check(-600).status == .warn)
        #expect(check(-600).advice == [.checkTimeSync])
        #expect(check(nil).status == .ok)
        #expect(ClockCheck.evaluate(integration: "AT", outcome: .failed(.timedOut)).status == .warn)
    }

    @Test func curlsExpireDatesAreReadInBothForms() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let expected = calendar.date(from: DateComponents(year: 2027, month: 3, day: 4, hour: 12, minute: 5, second: 9))
        #expect(CertificateExpiry.parse("Mar  4 12:05:09 2027 GMT") == expected)
        #expect(CertificateExpiry.parse("Mar 4 12:05:09 2027 GMT") == expected)
        #expect(CertificateExpiry.parse("2027-03-04 12:05:09 GMT") == expected)
        #expect(CertificateExpiry.parse("2027-03-04 12:05:09") == expected)
        #expect(CertificateExpiry.parse("Mar  4 12:05:09 2027 PST") == nil)
        #expect(CertificateExpiry.parse("Foo  4 12:05:09 2027 GMT") == nil)
        #expect(CertificateExpiry.parse("2027-13-04 12:05:09 GMT") == nil)
        #expect(CertificateExpiry.parse("") == nil)
    }

    @Test func theProbeReadsTheDateHeaderOverLoopback() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.respond(to: "/", with: .status(404, headers: [("Date", "Sun, 06 Nov 1994 08:49:37 GMT")]))
        let before = Date()
        let result = try await HostProbe.probe("http://127.0.0.1:\(server.port)", configuration: .init())
        let after = Date()
        #expect(!result.usesTLS)
        #expect(result.certificateExpiry == nil)
        #expect(result.serverDate == Date(timeIntervalSince1970: 784_111_777))
        // Our clock when the answer came, to set beside the PSA's.
        #expect(before <= result.localDate && result.localDate <= after)
    }

    // MARK: sync and mappings

    @Test func theNerdioSyncWarnsWhenStale() {
        #expect(SyncChecks.nerdio(nil, now: now).status == .ok)
        let settings = NerdioSyncSettings(
            url: "https://nmm.example", tenant: "t", clientID: "c", clientSecret: Secret("s"), scope: "x")
        let fresh = NerdioSyncRecord(
            settings: settings, lastSyncedAt: now.addingTimeInterval(-3_600), lastResult: "2 added", updatedAt: now)
        #expect(SyncChecks.nerdio(fresh, now: now).status == .ok)
        #expect(SyncChecks.nerdio(fresh, now: now).detail.contains("2 added"))
        var stale = fresh
        stale.lastSyncedAt = now.addingTimeInterval(-25 * 3_600)
        #expect(SyncChecks.nerdio(stale, now: now).status == .warn)
        #expect(SyncChecks.nerdio(stale, now: now).advice == [.runSync(integration: nil)])
        var damaged = fresh
        damaged.settings = nil
        #expect(SyncChecks.nerdio(damaged, now: now).status == .fail)
    }

    @Test func anIntegrationsSyncWarnsWhenNeverRunFailedOrStale() {
        func check(_ state: SyncStateRecord?) -> DoctorCheck {
            SyncChecks.integrationSync(integration: "Halo", state: state, now: now)
        }
        #expect(check(nil).status == .warn)
        #expect(check(nil).advice == [.runSync(integration: "Halo")])
        let recent = SyncStateRecord(
            integrationID: 1, startedAt: now.addingTimeInterval(-3_700), finishedAt: now.addingTimeInterval(-3_600),
            summary: "{}", error: nil)
        #expect(check(recent).status == .ok)
        var failed = recent
        failed.error = "companies: the PSA answered 500"
        #expect(check(failed).status == .warn)
        #expect(check(failed).detail.contains("answered 500"))
        var old = recent
        old.finishedAt = now.addingTimeInterval(-30 * 3_600)
        #expect(check(old).status == .warn)
        var running = recent
        running.finishedAt = nil
        #expect(check(running).status == .ok)
        running.startedAt = now.addingTimeInterval(-30 * 3_600)
        #expect(check(running).status == .warn)
    }

    @Test func brokenMappingsWarnButUnsureOnesDoNot() {
        #expect(SyncChecks.mappings(integration: "Halo", health: [:]).status == .ok)
        #expect(SyncChecks.mappings(integration: "Halo", health: ["a": .lowConfidence]).status == .ok)
        let broken = SyncChecks.mappings(
            integration: "Halo", health: ["a": .companyMerged, "b": .companyInactive, "c": .lowConfidence])
        #expect(broken.status == .warn)
        #expect(broken.detail.hasPrefix("2 mapping(s)"))
        #expect(broken.advice == [.reviewMappings(integration: "Halo")])
    }

    // MARK: outbox, maintenance, serve

    @Test func theOutboxWarnsOnOldEventsAndOnFailuresNobodyWillRetry() {
        func check(_ pending: Int, since: TimeInterval?, failed: Int = 0, retryable: Int = 0) -> DoctorCheck {
            OutboxCheck.evaluate(
                OutboxFacts(
                    pending: pending, oldestPendingSince: since.map { now.addingTimeInterval(-$0) }, failed: failed,
                    failedRetryable: retryable, held: 0), now: now)
        }
        #expect(check(0, since: nil).status == .ok)
        #expect(check(3, since: 60).status == .ok)
        #expect(check(3, since: 16 * 60).status == .warn)
        #expect(check(3, since: 16 * 60).advice == [.checkDelivery])
        #expect(check(0, since: nil, failed: 2, retryable: 2).status == .ok)
        let failed = check(0, since: nil, failed: 3, retryable: 1)
        #expect(failed.status == .warn)
        #expect(failed.detail.contains("3 failed (1 retried later)"))
        #expect(failed.advice == [.inspectFailedEvents])
    }

    @Test func maintenanceInForceIsListedAndOk() {
        let window = MaintenanceWindow(
            id: 7, scope: .integration(2),
            schedule: .once(DateInterval(start: now.addingTimeInterval(-60), end: now.addingTimeInterval(3_600))),
            reason: "patching", createdAt: now)
        let later = MaintenanceWindow(
            id: 8, scope: .all,
            schedule: .once(DateInterval(start: now.addingTimeInterval(7_200), end: now.addingTimeInterval(9_000))),
            reason: "later", createdAt: now)
        let check = MaintenanceCheck.evaluate([window, later], integrationNames: [2: "CW"], now: now)
        #expect(check.status == .ok)
        #expect(check.detail.hasPrefix("1 in force"))
        #expect(check.detail.contains("#7 \"CW\" until"))
        #expect(!check.detail.contains("#8"))
        #expect(MaintenanceCheck.evaluate([later], integrationNames: [:], now: now).detail == "no window in force")
    }

    @Test func serveIsOkOnlyWhenItsRecordedAddressAnswers() {
        let instance = ServeInstance(listenURL: "http://127.0.0.1:8088", pid: 42, hostName: "box", startedAt: now)
        let none = ServeCheck.evaluate(nil, answer: nil, thisHost: "box")
        #expect(none.status == .warn)
        #expect(none.advice == [.startServe])
        #expect(ServeCheck.evaluate(instance, answer: .answered(status: 200), thisHost: "box").status == .ok)
        let gone = ServeCheck.evaluate(instance, answer: .failed(.cannotConnect("127.0.0.1")), thisHost: "box")
        #expect(gone.status == .fail)
        #expect(gone.detail.contains("pid 42"))
        #expect(gone.advice == [.checkServeService, .startServe])
        #expect(ServeCheck.evaluate(instance, answer: .answered(status: 404), thisHost: "box").status == .fail)
        #expect(
            ServeCheck.evaluate(instance, answer: .answered(status: 200), thisHost: "other").detail.contains("on box"))
    }

    @Test func aWildcardListenAddressIsAskedOnLoopback() {
        #expect(ServeHealthProbe.healthURL(listenURL: "http://0.0.0.0:8088") == "http://127.0.0.1:8088/health")
        #expect(ServeHealthProbe.healthURL(listenURL: "http://[::]:8088") == "http://[::1]:8088/health")
        #expect(ServeHealthProbe.healthURL(listenURL: "http://10.1.2.3:8088") == "http://10.1.2.3:8088/health")
    }

    @Test func theLimitCutsAnAnswerThatTakesTooLong() async {
        // No wall-clock bound (the machine may be loaded): the slow body is cancelled rather
        // than awaited, and its answer is not taken.
        let cancelled = Mutex(false)
        let late: Int? = await DoctorRun.within(.milliseconds(100)) {
            try? await Task.sleep(for: .seconds(30))
            cancelled.withLock { $0 = Task.isCancelled }
            return 1
        }
        #expect(late == nil)
        #expect(cancelled.withLock { $0 })
        let quick: Int? = await DoctorRun.within(.seconds(30)) { 2 }
        #expect(quick == 2)
    }

    // MARK: store

    @Test func serveRecordsItsStartAndClearsOnlyItsOwnRecord() throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/psalink.sqlite")
            #expect(try store.serveInstance() == nil)
            let started = Date(timeIntervalSince1970: 1_800_000_000)
            let first = ServeInstance(listenURL: "http://127.0.0.1:8088", pid: 100, hostName: "box", startedAt: started)
            try store.recordServeStart(first)
            #expect(try store.serveInstance() == first)
            let second = ServeInstance(
                listenURL: "http://127.0.0.1:9099", pid: 200, hostName: "box", startedAt: started.addingTimeInterval(5))
            try store.recordServeStart(second)
            #expect(try store.serveInstance() == second)
            // The first one stopping later leaves the second's record alone.
            #expect(try !store.clearServeInstance(pid: 100, hostName: "box"))
            #expect(try !store.clearServeInstance(pid: 200, hostName: "other-box"))
            #expect(try store.serveInstance() == second)
            #expect(try store.clearServeInstance(pid: 200, hostName: "box"))
            #expect(try store.serveInstance() == nil)
        }
    }

    @Test func aFreshStoreIsSoundWithAnEmptyOutbox() throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/psalink.sqlite")
            #expect(try store.integrityCheck() == ["ok"])
            #expect(
                try store.outboxFacts()
                    == OutboxFacts(pending: 0, oldestPendingSince: nil, failed: 0, failedRetryable: 0, held: 0))
            let key = BudgetKey(rawValue: "halo https://x t")
            #expect(try store.budgetRequests(of: key, since: .distantPast) == 0)
            _ = try store.takeFromBudget(
                key, limit: RateLimit(count: 10, seconds: 60), priority: .essential, usagePaced: false)
            #expect(try store.budgetRequests(of: key, since: Date().addingTimeInterval(-60)) == 1)
            #expect(try store.budgetRequests(of: key, since: Date().addingTimeInterval(60)) == 0)
        }
    }
}

@Suite struct SecretsKeyCheckTests {
    @Test func aKeyBesideTheDatabaseWarnsThatBackupsHoldBoth() {
        let beside = SecretKeyLocation(path: "/var/lib/psalink/psalink.key", origin: .besideDatabase)
        let check = SecretsKeyCheck.evaluate(location: beside, sealedWith: "0a1b2c3d4e5f6071")
        #expect(check.status == .warn)
        #expect(check.detail.contains("0a1b2c3d4e5f6071") && check.detail.contains(beside.path))
        #expect(check.advice == [.keepSecretsKeyApart(path: beside.path)])
    }

    @Test func aKeyKeptElsewhereIsOk() {
        for origin in [SecretKeyLocation.Origin.environment, .systemdCredential] {
            let check = SecretsKeyCheck.evaluate(
                location: SecretKeyLocation(path: "/srv/k/psalink.key", origin: origin), sealedWith: "0a1b2c3d4e5f6071")
            #expect(check.status == .ok)
            #expect(check.advice.isEmpty)
        }
    }

    @Test func noSecretYetIsOkAndSaysWhereTheKeyWillBe() {
        let check = SecretsKeyCheck.evaluate(
            location: SecretKeyLocation(path: "/d/psalink.key", origin: .besideDatabase), sealedWith: nil)
        #expect(check.status == .ok && check.detail.contains("/d/psalink.key"))
    }

    @Test func aRefusedKeyFailsWithTheStoresWords() {
        let problem = SecretKeyProblem.tooOpen(path: "/d/psalink.key", mode: 0o644)
        let check = SecretsKeyCheck.refused(problem)
        #expect(check.status == .fail && check.detail == problem.description)
        #expect(check.advice == [.restoreSecretsKey])
    }
}
