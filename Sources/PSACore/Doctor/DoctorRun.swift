import Foundation

/// Gathers the facts `doctor` looks at and turns them into checks. The checks themselves are
/// pure functions of the facts (`DatabaseChecks`, `CredentialCheck`, ...); this is the only part
/// that touches the store and the network.
public struct DoctorRun: Sendable {
    let store: Store
    let makeConnector: @Sendable (Credentials) -> any PSAConnector
    /// For the host probes: the CA bundle and the per-request timeouts of the connectors' client.
    let probeConfiguration: HTTPClient.Configuration
    /// The most one integration's checks may take, whatever its PSA does.
    let limit: Duration
    let thresholds: DoctorThresholds

    public init(
        store: Store, probeConfiguration: HTTPClient.Configuration, limit: Duration,
        thresholds: DoctorThresholds = DoctorThresholds(),
        makeConnector: @escaping @Sendable (Credentials) -> any PSAConnector
    ) {
        self.store = store
        self.probeConfiguration = probeConfiguration
        self.limit = limit
        self.thresholds = thresholds
        self.makeConnector = makeConnector
    }

    /// The database facts, given the modes read before the store was opened.
    public func databaseFacts(modesBeforeOpen: [String: UInt32]) -> DatabaseFacts {
        let integrity: [String]
        do {
            integrity = try store.integrityCheck()
        } catch {
            integrity = [error.description]
        }
        return DatabaseFacts(
            path: store.path, modesBeforeOpen: modesBeforeOpen, modes: DatabaseFacts.modes(of: store.path),
            writable: DatabaseFacts.isWritable(store.path), walBytes: DatabaseFacts.walSize(of: store.path),
            integrity: integrity)
    }

    /// Every check but the database's: the integrations' (all at once), then the store's.
    public func checks(now: @escaping @Sendable () -> Date = { Date() }) async -> [DoctorCheck] {
        let integrations: [Integration]
        do {
            integrations = try store.integrations()
        } catch {
            return [DoctorCheck(name: "integrations", status: .fail, detail: error.description)]
        }
        async let serve = serveCheck()
        let perIntegration = await withTaskGroup(of: (Int, [DoctorCheck]).self) { group in
            for (index, integration) in integrations.enumerated() {
                group.addTask { (index, await self.checks(of: integration, now: now)) }
            }
            var results: [Int: [DoctorCheck]] = [:]
            for await (index, checks) in group { results[index] = checks }
            return integrations.indices.flatMap { results[$0] ?? [] }
        }
        let names = Dictionary(uniqueKeysWithValues: integrations.map { ($0.id, $0.displayName) })
        return perIntegration + storeChecks(integrationNames: names, now: now()) + [await serve]
    }

    /// The credentials (the check `integration validate` runs, which records the integration's
    /// health as validate does), the rate budget, the certificate and the clock of one integration.
    public func checks(of integration: Integration, now: @escaping @Sendable () -> Date = { Date() }) async
        -> [DoctorCheck]
    {
        let name = integration.displayName
        let credentials: Credentials
        do throws(CredentialsUnavailable) {
            credentials = try UsableCredentials.of(integration, in: store)
        } catch {
            return [CredentialCheck.evaluate(integration: name, outcome: .unusable(error), waited: limit)]
        }
        let url = PSAHost.baseURL(of: credentials)
        let validation = IntegrationValidation(store: store, now: now, makeConnector: makeConnector)
        // The validation's requests take their turn in the budget like any other; one held
        // back more than a few seconds is reported as not checked (the health stays as it was).
        // `within` is a backstop well above the requests' own timeouts: cutting a validation
        // short would record "cancelled" as the integration's health.
        let budgetWait = min(limit, .seconds(3))
        async let outcome = Self.within(limit) {
            await BudgetWait.$limit.withValue(budgetWait) { await validation.validate(integration) }
        }
        // One HEAD request to the base address, outside the rate budget: PSAs count API calls
        // per tenant and credentials, and this one carries none and reaches no API endpoint.
        // It is one request per integration and run, so budgeting it would only delay doctor.
        let configuration = probeConfiguration
        async let probe = Self.within(limit) { () -> HostProbeOutcome in
            do throws(HTTPError) {
                return .answered(try await HostProbe.probe(url, configuration: configuration))
            } catch {
                return .failed(error)
            }
        }
        let hostOutcome = await probe ?? .noAnswer(waited: limit)
        var checks = [CredentialCheck.evaluate(integration: name, outcome: await outcome, waited: limit)]
        do {
            let facts = try RateBudgetFacts.gather(for: credentials, in: store, at: now())
            checks.append(RateBudgetCheck.evaluate(integration: name, facts: facts, now: now(), thresholds: thresholds))
        } catch {
            checks.append(DoctorCheck(name: "rate budget", status: .fail, detail: error.description, integration: name))
        }
        checks.append(
            CertificateCheck.evaluate(
                integration: name, url: url, outcome: hostOutcome, now: now(), thresholds: thresholds))
        checks.append(ClockCheck.evaluate(integration: name, outcome: hostOutcome, thresholds: thresholds))
        do {
            checks.append(
                SyncChecks.integrationSync(
                    integration: name, state: try store.syncState(integration: integration.id), now: now(),
                    thresholds: thresholds))
            checks.append(
                SyncChecks.mappings(
                    integration: name, health: try store.recordedMappingHealth(forIntegration: integration.id)))
        } catch {
            checks.append(DoctorCheck(name: "sync", status: .fail, detail: error.description, integration: name))
        }
        return checks
    }

    /// The Nerdio sync, the outbox and the maintenance windows: the store alone.
    public func storeChecks(integrationNames: [Int64: String], now: Date = Date()) -> [DoctorCheck] {
        var checks: [DoctorCheck] = []
        do {
            checks.append(SyncChecks.nerdio(try store.nerdioSync(), now: now, thresholds: thresholds))
        } catch {
            checks.append(DoctorCheck(name: "nerdio sync", status: .fail, detail: error.description))
        }
        do {
            checks.append(OutboxCheck.evaluate(try store.outboxFacts(), now: now, thresholds: thresholds))
        } catch {
            checks.append(DoctorCheck(name: "outbox", status: .fail, detail: error.description))
        }
        do {
            checks.append(
                MaintenanceCheck.evaluate(try store.maintenanceWindows(), integrationNames: integrationNames, now: now))
        } catch {
            checks.append(DoctorCheck(name: "maintenance", status: .fail, detail: error.description))
        }
        return checks
    }

    public func serveCheck() async -> DoctorCheck {
        let instance: ServeInstance?
        do {
            instance = try store.serveInstance()
        } catch {
            return DoctorCheck(name: "serve", status: .fail, detail: error.description)
        }
        let answer: ServeAnswer?
        if let instance {
            answer = await ServeHealthProbe.ask(instance, timeout: min(limit, .seconds(3)))
        } else {
            answer = nil
        }
        return ServeCheck.evaluate(instance, answer: answer, thisHost: ProcessInfo.processInfo.hostName)
    }

    /// `body`'s result, or nil once `limit` has passed (`body` is then cancelled). The
    /// connectors' own timeouts are shorter: this is the backstop for a PSA that answers each
    /// request just in time, request after request.
    static func within<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async -> T) async -> T? {
        await withTaskGroup(of: T?.self) { group in
            group.addTask { await body() }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
