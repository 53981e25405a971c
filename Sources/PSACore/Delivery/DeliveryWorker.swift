import Foundation
import Synchronization

/// Delivers the outbox (DESIGN §3): each pending event becomes its lifecycle step in the PSA,
/// in order per dedupe key and in parallel across keys.
///
/// Every step is recorded before and after its HTTP calls, so that a process killed at any
/// moment loses nothing: an event whose delivery was cut short is still pending and is
/// delivered again, and a create that may have reached the PSA is first looked up by its
/// external reference. A step that fails on a transient answer (`ConnectorError.isTransient`:
/// 429, any 5xx, timeouts, resets) is tried again with exponential back-off; one the PSA
/// refuses is kept as failed with its error at once. One whose attempts run out on transient
/// answers is failed but retryable: after the next successful request to its integration (a
/// delivered event, or a probe of the PSA while the integration has nothing else to do) it goes
/// back to the outbox, for at most `retryRounds` rounds, so that an outage longer than the
/// back-off loses nothing.
public final class DeliveryWorker: Sendable {
    public struct Options: Sendable {
        /// Deliveries in flight at once, across keys. Each connector keeps within its vendor's
        /// own limits (Autotask's three per endpoint) on top of this.
        public var concurrency: Int
        /// Attempts per event and round, the first included, before it is kept as failed (and,
        /// when they all met transient answers, retryable).
        public var maximumAttempts: Int
        /// The wait before the second attempt; it doubles for each further one, up to `maximumBackoff`.
        public var firstBackoff: TimeInterval
        public var maximumBackoff: TimeInterval
        /// How long a claimed event stays with this process if it stops answering.
        public var lease: TimeInterval
        /// A repeat firing reads the ticket from the PSA when psalink's knowledge of it was older
        /// than this when the repeat arrived, to see whether someone closed it. Within it, a burst
        /// of repeats costs one request each.
        public var stateCheckInterval: TimeInterval
        /// How long a create request can run: a create cut short by a crash is looked up in the
        /// PSA only after this, when it can no longer land after the lookup. Set it to the HTTP
        /// client's total timeout.
        public var createSettleTime: TimeInterval
        /// The same after a create that psalink saw fail without an answer (a timeout or a
        /// reset), when the PSA may still be finishing it.
        public var unansweredSettleTime: TimeInterval
        /// How often an event whose attempts ran out on transient answers goes back to the
        /// outbox after its PSA answers again; after that many rounds it stays failed.
        public var retryRounds: Int
        /// While an integration has retryable events and nothing else asks its PSA, the worker
        /// checks it (`validate()`, one cheap request) at most this often, counted from the
        /// last request that failed.
        public var probeInterval: TimeInterval
        /// How long a delivery waits for its PSA's rate budget before the event goes back to the
        /// outbox until the budget opens (which costs it no attempt).
        public var budgetWait: TimeInterval
        /// How often held events are routed again, to see whether their accounts were remapped,
        /// and storms, acknowledgements and maintenance windows are looked at (`NoiseControl`).
        public var heldCheckInterval: TimeInterval = 30
        /// Told of every attempt once its outcome is recorded (the metrics and log of `serve`).
        /// Called on the delivering task: it must be quick.
        public var onDelivery: (@Sendable (DeliveryReport) -> Void)?

        public init(
            concurrency: Int = 8, maximumAttempts: Int = 8, firstBackoff: TimeInterval = 2,
            maximumBackoff: TimeInterval = 300, lease: TimeInterval = 600, stateCheckInterval: TimeInterval = 60,
            createSettleTime: TimeInterval = 60, unansweredSettleTime: TimeInterval = 5, retryRounds: Int = 3,
            probeInterval: TimeInterval = 180, budgetWait: TimeInterval = 15
        ) {
            self.concurrency = concurrency
            self.maximumAttempts = maximumAttempts
            self.firstBackoff = firstBackoff
            self.maximumBackoff = maximumBackoff
            self.lease = lease
            self.stateCheckInterval = stateCheckInterval
            self.createSettleTime = createSettleTime
            self.unansweredSettleTime = unansweredSettleTime
            self.retryRounds = retryRounds
            self.probeInterval = probeInterval
            self.budgetWait = budgetWait
        }
    }

    let store: Store
    let options: Options
    let owner: String
    private let makeConnector: @Sendable (Credentials) -> any PSAConnector
    private let connectors = Mutex<[Int64: (credentials: Credentials, connector: any PSAConnector)]>([:])
    /// When each integration's PSA last failed a request of this worker (a delivery or a
    /// probe): a probe waits `probeInterval` after it.
    private let lastFailure = Mutex<[Int64: Date]>([:])
    private let wake = WakeSignal()
    private let stopping = Atomic<Bool>(false)

    public init(
        store: Store, options: Options = Options(), owner: String = DeliveryOwner.current,
        makeConnector: @escaping @Sendable (Credentials) -> any PSAConnector
    ) {
        self.store = store
        self.options = options
        self.owner = owner
        self.makeConnector = makeConnector
    }

    /// Delivers until nothing is pending, or what is pending is not due before `deadline`.
    public func drain(until deadline: Date) async {
        await loop(deadline: deadline)
    }

    /// Delivers until `stop()`, waiting for events between; `eventsArrived()` wakes it.
    public func run() async {
        await loop(deadline: nil)
    }

    /// New events are in the outbox.
    public func eventsArrived() { wake.signal() }

    /// Stops claiming events; `run` returns once the deliveries in flight have finished.
    public func stop() {
        stopping.store(true, ordering: .relaxed)
        wake.signal()
    }

    // MARK: - The loop

    private enum Finished: Sendable {
        case delivery
        case probe(Int64)
        case wake
    }

    private func loop(deadline: Date?) async {
        try? store.releaseLeases(ofOwnersWhere: DeliveryOwner.isGone)
        await withTaskGroup(of: Finished.self) { group in
            var running = 0
            var waiting = false
            // When the wait in the group ends by itself.
            var waitingUntil = Date.distantPast
            // Integrations being probed, the next probe known to be due, and when to look for
            // due probes again: no failure seen later than that look can make one due sooner
            // than `probeInterval` after it, so a busy outbox costs no extra reads.
            var probing = Set<Int64>()
            var nextProbe: Date?
            var nextProbeCheck = Date.distantPast
            var nextHeldCheck = Date.distantPast
            while true {
                let stop = stopping.load(ordering: .relaxed)
                if !stop, Date() >= nextHeldCheck {
                    // Held events whose account was remapped (or policy changed) go back first.
                    _ = try? HeldEvents(store: store).reconsider()
                    // Storms gone quiet, acknowledgements ended, maintenance windows over.
                    _ = try? NoiseControl(store: store).tick()
                    nextHeldCheck = Date().addingTimeInterval(options.heldCheckInterval)
                }
                if !stop, running < options.concurrency {
                    let due =
                        (try? store.claimDueEvents(
                            owner: owner, now: Date(), leaseFor: options.lease, limit: options.concurrency - running))
                        ?? []
                    for event in due {
                        running += 1
                        group.addTask {
                            await self.deliver(event)
                            return .delivery
                        }
                    }
                    let now = Date()
                    if running == probing.count || now >= nextProbeCheck {
                        let plan = probePlan(at: now, excluding: probing)
                        var launchedAll = true
                        for integrationID in plan.due {
                            guard running < options.concurrency else {
                                launchedAll = false
                                break
                            }
                            running += 1
                            probing.insert(integrationID)
                            group.addTask {
                                await self.probe(integrationID)
                                return .probe(integrationID)
                            }
                        }
                        nextProbe = plan.next
                        nextProbeCheck =
                            launchedAll
                            ? min(plan.next ?? .distantFuture, now.addingTimeInterval(options.probeInterval)) : now
                    }
                }
                if stop, running == 0 { break }
                var idle: TimeInterval = 2
                if running == 0, !stop {
                    // With nothing in flight the probe plan above was read just now.
                    let pending = try? store.pendingEvents()
                    var wakeAt = pending.flatMap { $0.count > 0 ? $0.nextDue : nil }
                    if let probe = nextProbe { wakeAt = min(wakeAt ?? probe, probe) }
                    if let deadline {
                        guard let wakeAt, wakeAt <= deadline else { break }
                        if Date() >= deadline { break }
                        idle = min(idle, deadline.timeIntervalSinceNow)
                    }
                    if let wakeAt { idle = min(idle, max(wakeAt.timeIntervalSinceNow, 0.05)) }
                    // A wait begun while deliveries ran may last longer than the back-off of the
                    // one that just failed: end it, and wait again for the right time.
                    if waiting, Date().addingTimeInterval(idle) < waitingUntil.addingTimeInterval(-0.01) {
                        wake.signal()
                    }
                }
                if !waiting, !stop {
                    waiting = true
                    waitingUntil = Date().addingTimeInterval(max(idle, 0.01))
                    let timeout = Duration.milliseconds(Int(max(idle, 0.01) * 1_000))
                    group.addTask {
                        await self.wake.wait(timeout: timeout)
                        return .wake
                    }
                }
                guard let finished = await group.next() else { break }
                switch finished {
                case .delivery: running -= 1
                case .probe(let integrationID):
                    running -= 1
                    probing.remove(integrationID)
                case .wake: waiting = false
                }
            }
            wake.signal()
            await group.waitForAll()
        }
    }

    // MARK: - One event

    private func deliver(_ event: StoredEvent) async {
        let recorder = PSARequestRecorder()
        let clock = ContinuousClock()
        let start = clock.now
        let (outcome, ticket) = await PSARequestRecorder.$current.withValue(recorder) {
            await BudgetWait.$limit.withValue(.milliseconds(Int64(options.budgetWait * 1_000))) {
                await attempt(event)
            }
        }
        do {
            try store.finishDelivery(of: event.seq, outcome, ticket: ticket)
        } catch {
            // The step is done in the PSA but not recorded; the lease runs out and the event is
            // delivered again: at worst a second note, never a second ticket (the create is
            // looked up first).
            return
        }
        // The ticket's request log; a failure to keep it must not change the delivery.
        let requests = recorder.records
        if !requests.isEmpty {
            try? store.saveRequests(
                requests, ofEvent: event.seq, ticketRow: ticket?.row, integrationID: event.integrationID)
        }
        options.onDelivery?(
            DeliveryReport(
                event: event, outcome: outcome, ticket: ticket, system: system(of: event),
                requests: requests, duration: clock.now - start, finishedAt: Date()))
        // The end of the road for this event: a ticket about it at the MSP-level customer. A
        // delivery cut short by a cancel (psalink stopping) is no answer of the PSA's.
        if outcome.state == .failed, !outcome.retryable, !Task.isCancelled {
            if ticket?.ticketID == nil { await recheckCompany(of: event) }
            let raised = try? FallbackTicket(store: store).raise(
                for: event, outcome.exhausted ? .exhausted : .refusal, reason: outcome.error ?? "no answer recorded")
            if raised == true { wake.signal() }
        }
    }

    /// A create the PSA refused may be refused because of its company: the company is read
    /// again, and one gone, inactive or merged updates the cache and the mapping's health
    /// (audited), so that the account's next events follow the `broken-mapping` policy. A read
    /// that fails tells nothing and changes nothing.
    private func recheckCompany(of event: StoredEvent) async {
        guard let integrationID = event.integrationID, let companyID = event.companyID,
            let connector = try? connector(for: integrationID)
        else { return }
        let company: PSACompany?
        do {
            company = try await connector.company(id: companyID)
        } catch {
            return
        }
        guard (try? store.updateCachedCompany(companyID, to: company, forIntegration: integrationID)) == true else {
            return
        }
        _ = try? MappingHealth(store: store).review(integrationID: integrationID)
    }

    private enum AttemptError: Error {
        case connector(ConnectorError, ticket: TrackedTicket?)
        case store(StoreError)
        case unroutable(String)
    }

    private func attempt(_ event: StoredEvent) async -> (Store.DeliveryOutcome, TrackedTicket?) {
        do {
            return try await step(event)
        } catch {
            switch error {
            case .connector(let error, let ticket): return outcome(of: error, event: event, ticket: ticket)
            case .store(let error): return (retryLater(event, error: error.description), nil)
            case .unroutable(let reason): return (Store.DeliveryOutcome(state: .failed, error: reason), nil)
            }
        }
    }

    private func step(_ stored: StoredEvent) async throws(AttemptError) -> (Store.DeliveryOutcome, TrackedTicket?) {
        guard let key = stored.dedupeKey, let integrationID = stored.integrationID, let companyID = stored.companyID
        else { throw .unroutable("the event has no ticket route") }
        let connector = try connector(for: integrationID)
        let (latest, knownIDs): (TrackedTicket?, Set<String>)
        do {
            (latest, knownIDs) = try store.latestTicket(forKey: key)
        } catch {
            throw .store(error)
        }
        // Opening and closing tickets go before notes when the PSA's budget is short.
        let priority: RequestPriority =
            stored.event.state == .firing && latest?.state == .open ? .routine : .essential
        let result = await RequestPriority.$current.withValue(priority) {
            () async -> Result<(Store.DeliveryOutcome, TrackedTicket?), AttemptError> in
            do throws(AttemptError) {
                return .success(
                    try await step(
                        stored, key: key, integrationID: integrationID, companyID: companyID, latest: latest,
                        knownIDs: knownIDs, connector: connector))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private func step(
        _ stored: StoredEvent, key: String, integrationID: Int64, companyID: String, latest: TrackedTicket?,
        knownIDs: Set<String>, connector: any PSAConnector
    ) async throws(AttemptError) -> (Store.DeliveryOutcome, TrackedTicket?) {
        var ticket = latest
        var learned: String?
        let now = Date()
        do {
            if var unconfirmed = ticket, unconfirmed.state == .creating {
                // An earlier attempt sent the create and did not see the answer.
                if let settled = unconfirmed.lookupAfter, settled > now {
                    return (
                        Store.DeliveryOutcome(
                            state: .pending, error: stored.lastError, nextAttemptAt: settled, countsAsAttempt: false),
                        nil
                    )
                }
                if let found = try await connector.findTicket(
                    externalReference: unconfirmed.externalReference, companyID: unconfirmed.companyID),
                    !knownIDs.contains(found.id)
                {
                    unconfirmed.adopt(found, at: now)
                    if unconfirmed.createdByEvent == stored.seq {
                        return (Store.DeliveryOutcome(state: .delivered, operation: .create), unconfirmed)
                    }
                    ticket = unconfirmed
                }
            }
            if stored.event.state == .firing, let known = ticket, known.state == .open, known.ticketID != nil,
                known.checkedAt.map({ needsStateCheck(checkedAt: $0, received: stored.receivedAt, now: now) }) ?? true
            {
                let observed = try await TicketDrift.observe(known, with: connector, at: now)
                learned = TicketDrift.learned(from: known, to: observed)
                ticket = observed
            }
        } catch {
            // The row keeps the error: a create that may not exist must not look open.
            throw .connector(error, ticket: ticket)
        }
        do {
            return try await act(
                stored, key: key, integrationID: integrationID, companyID: companyID, ticket: ticket,
                learned: learned, connector: connector)
        } catch {
            // A refusal on a ticket psalink opened may mean the ticket changed in the PSA:
            // deleted, merged or closed by a technician. Read it, and decide again once.
            guard case .connector(let refusal, _) = error, TicketDrift.mayExplain(refusal), let known = ticket,
                known.record != nil
            else { throw error }
            let observed: TrackedTicket
            do {
                observed = try await TicketDrift.observe(known, with: connector, at: Date())
            } catch {
                // A failed read that may pass is worth a retry; otherwise the refusal says more.
                throw .connector(error.isTransient ? error : refusal, ticket: known)
            }
            let failedStep = TicketLifecycle.step(
                for: stored.event, existing: known.record, settings: stored.settings, now: now)
            // A 500 after the step's own status change landed is the PSA failing the note: the
            // step is tried again as it was (a final refusal is decided anew either way).
            guard TicketDrift.changed(from: known, to: observed),
                !(refusal.isTransient && TicketDrift.isOwnChange(failedStep, from: known, to: observed))
            else { throw error }
            return try await act(
                stored, key: key, integrationID: integrationID, companyID: companyID, ticket: observed,
                learned: [learned, TicketDrift.learned(from: known, to: observed)].compactMap { $0 }.last,
                connector: connector)
        }
    }

    /// The event's lifecycle step on what psalink knows of its key's ticket, carried out.
    private func act(
        _ stored: StoredEvent, key: String, integrationID: Int64, companyID: String, ticket: TrackedTicket?,
        learned: String?, connector: any PSAConnector
    ) async throws(AttemptError) -> (Store.DeliveryOutcome, TrackedTicket?) {
        if let noise = try noiseControl(stored, key: key, ticket: ticket) { return noise }
        let lifecycle = TicketLifecycle.step(
            for: stored.event, existing: ticket?.record, settings: stored.settings, now: Date())
        if let noise = try await breakStorm(lifecycle, of: stored, key: key, companyID: companyID) { return noise }
        if let acknowledged = acknowledged(lifecycle, of: stored, ticket: ticket) { return (acknowledged, ticket) }
        var (outcome, updated) = try await carryOut(
            lifecycle, of: stored, key: key, integrationID: integrationID, companyID: companyID, ticket: ticket,
            connector: connector)
        outcome.reason = TicketDrift.reason(learned: learned, step: lifecycle, ticket: ticket) ?? outcome.reason
        return (outcome, updated)
    }

    /// psalink's own note (on the key's ticket while it is open), and a resolve of a key folded
    /// into a storm (on the storm's parent): steps that are not the lifecycle's.
    private func noiseControl(_ stored: StoredEvent, key: String, ticket: TrackedTicket?) throws(AttemptError)
        -> (Store.DeliveryOutcome, TrackedTicket?)?
    {
        if stored.origin == .note {
            guard let record = ticket?.record, !record.isClosed else {
                return (
                    Store.DeliveryOutcome(
                        state: .skipped, operation: DeliveryOperation.none, reason: "its ticket is no longer open"),
                    ticket
                )
            }
            return nil
        }
        guard stored.origin == nil, stored.event.state != .firing, ticket?.record.map(\.isClosed) ?? true else {
            return nil
        }
        do {
            guard try store.foldResolution(stored, key: key) != nil else { return nil }
        } catch {
            throw .store(error)
        }
        wake.signal()
        return (Store.DeliveryOutcome(state: .folded, operation: DeliveryOperation.none), nil)
    }

    /// A ticket that would open (a create or a reopen) while its customer is in a storm, or
    /// that would start one, is folded into the storm's parent instead.
    private func breakStorm(_ lifecycle: LifecycleStep, of stored: StoredEvent, key: String, companyID: String)
        async throws(AttemptError) -> (Store.DeliveryOutcome, TrackedTicket?)?
    {
        switch lifecycle {
        case .create, .reopen: break
        default: return nil
        }
        guard StormBreaker.counts(stored), let limit = stored.settings.stormLimit,
            let integrationID = stored.integrationID
        else { return nil }
        let admission: Store.StormAdmission
        do {
            let customer = try store.stormCustomer(
                integrationID: integrationID, companyID: companyID, accountID: stored.event.accountID)
            admission = try store.admitNewTicket(stored, key: key, customer: customer, limit: limit)
        } catch {
            throw .store(error)
        }
        switch admission {
        case .open: return nil
        case .folded: wake.signal()
        case .repeatFolded: break
        }
        return (Store.DeliveryOutcome(state: .folded, operation: DeliveryOperation.none), nil)
    }

    /// A repeat of an acknowledged ticket adds no note until the acknowledgement ends: it is
    /// counted, and summed in one note then. A rise in severity still gets its note and priority.
    private func acknowledged(_ lifecycle: LifecycleStep, of stored: StoredEvent, ticket: TrackedTicket?)
        -> Store.DeliveryOutcome?
    {
        guard case .addNote(_, nil) = lifecycle, stored.origin == nil, let acknowledgement = ticket?.acknowledgement,
            stored.receivedAt < acknowledgement.until
        else { return nil }
        return Store.DeliveryOutcome(
            state: .acknowledged, operation: DeliveryOperation.none,
            reason: "acknowledged by \(acknowledgement.by) until \(acknowledgement.until.ISO8601Format())")
    }

    private func carryOut(
        _ lifecycle: LifecycleStep, of stored: StoredEvent, key: String, integrationID: Int64, companyID: String,
        ticket: TrackedTicket?, connector: any PSAConnector
    ) async throws(AttemptError) -> (Store.DeliveryOutcome, TrackedTicket?) {
        let now = Date()
        let event = stored.event
        switch lifecycle {
        case .create(let status, let priority):
            var row =
                ticket.flatMap { $0.state == .creating || $0.state == .failed ? $0 : nil }
                ?? TrackedTicket(
                    row: 0, integrationID: integrationID, dedupeKey: key,
                    externalReference: ExternalReference.forKey(key),
                    queueName: stored.queueName, accountID: event.accountID, companyID: companyID, ticketID: nil,
                    ticketNumber: nil, title: event.title, isTest: TestTicket.isTest(event), state: .creating,
                    severity: nil,
                    closedAt: nil, checkedAt: nil, createdByEvent: nil, lastError: nil, createdAt: now, updatedAt: now)
            row.createdByEvent = stored.seq
            row.title = event.title
            row.companyID = companyID
            row.severity = event.severity
            row.lastError = nil
            row.lookupAfter = now.addingTimeInterval(options.createSettleTime)
            let replaced = ticket.flatMap { $0.gone == nil ? nil : $0 }
            if let replaced { row.replaces = row.replaces ?? replaced.reference }
            do {
                // The gone ticket is recorded first: after a crash the key's newest row says so.
                if let replaced { try store.saveTicket(replaced) }
                row = try store.beginCreate(row)
            } catch {
                throw .store(error)
            }
            var details = TicketText.details(for: event, reference: row.externalReference)
            if let earlier = row.replaces { details = TicketText.replacing(earlier) + "\n\n" + details }
            let draft = TicketDraft(
                companyID: companyID, title: event.title,
                details: details,
                externalReference: row.externalReference,
                settings: stored.settings.ticketFields(status: status, priority: priority))
            do {
                row.adopt(try await connector.createTicket(draft), at: now)
            } catch {
                // An answer (429, 5xx, a refusal) ends the request: the PSA can be asked at
                // once. Without one, it may still be finishing the create.
                let answered: Bool
                if case .transport = error { answered = false } else { answered = true }
                row.lookupAfter = answered ? nil : Date().addingTimeInterval(options.unansweredSettleTime)
                throw .connector(error, ticket: row)
            }
            return (Store.DeliveryOutcome(state: .delivered, operation: .create), row)
        case .addNote(let id, let raise):
            // Repeats that waited behind this one for the budget ride on its note.
            let repeats =
                stored.throttledUntil == nil
                ? [] : ((try? store.waitingRepeats(after: stored.seq, key: key)) ?? [])
            guard !repeats.isEmpty else {
                return try await change(
                    ticket, id: id, TicketChange(priorityID: raise), event: event, operation: .note,
                    connector: connector, of: stored)
            }
            var strongest = event
            strongest.severity = ([event] + repeats.map(\.event)).compactMap(\.severity).max()
            var coalescedRaise = raise
            if case .addNote(_, let higher) = TicketLifecycle.step(
                for: strongest, existing: ticket?.record, settings: stored.settings, now: now)
            {
                coalescedRaise = higher
            }
            var (outcome, updated) = try await change(
                ticket, id: id, TicketChange(priorityID: coalescedRaise), event: strongest, operation: .note,
                connector: connector, of: stored,
                // psalink's own notes keep each text; an alert's repeats are summed.
                extra: stored.origin == nil
                    ? TicketText.coalesced(repeats.map(\.event), since: stored.receivedAt)
                    : repeats.flatMap { ["", $0.event.details] })
            outcome.coalesced = repeats.map(\.seq)
            return (outcome, updated)
        case .reopen(let id, let status, let raise):
            return try await change(
                ticket, id: id, TicketChange(statusID: status, priorityID: raise), event: event, operation: .reopen,
                connector: connector, of: stored)
        case .resolve(let id, let status):
            return try await change(
                ticket, id: id, TicketChange(statusID: status), event: event, operation: .resolve, connector: connector,
                of: stored)
        case .cancel(let id, let status):
            return try await change(
                ticket, id: id, TicketChange(statusID: status), event: event, operation: .cancel, connector: connector,
                of: stored)
        case .nothing(let reason):
            return (Store.DeliveryOutcome(state: .skipped, operation: DeliveryOperation.none, reason: reason), ticket)
        case .refused(let reason):
            return (Store.DeliveryOutcome(state: .failed, error: reason), ticket)
        }
    }

    /// Whether a repeat reads its ticket first, to see whether someone closed it. What counts is
    /// how old psalink's knowledge was when the alert came, not how long the repeat then waited
    /// for the PSA's budget: a burst of repeats queued behind their creates needs no reads, which
    /// a throttled PSA would pay for. A repeat that waited longer than `staleAfterWaiting` reads
    /// anyway.
    private func needsStateCheck(checkedAt: Date, received: Date, now: Date) -> Bool {
        received.timeIntervalSince(checkedAt) > options.stateCheckInterval
            || now.timeIntervalSince(checkedAt) > Self.staleAfterWaiting
    }

    /// How old psalink's knowledge of a ticket may be at a note, however it came to wait.
    static let staleAfterWaiting: TimeInterval = 600

    /// A step on an existing ticket: the change with its note, then what psalink now knows.
    private func change(
        _ ticket: TrackedTicket?, id: String, _ change: TicketChange, event: NotificationEvent,
        operation: DeliveryOperation, connector: any PSAConnector, of stored: StoredEvent, extra: [String] = []
    ) async throws(AttemptError) -> (Store.DeliveryOutcome, TrackedTicket?) {
        var change = change
        // psalink's own work carries its note as written.
        let text = stored.origin == nil ? TicketText.note(for: event, operation: operation) : event.details
        var extra = extra
        let endsAcknowledgement = (operation == .resolve || operation == .cancel) && ticket?.acknowledgement != nil
        if endsAcknowledgement, let acknowledgement = ticket?.acknowledgement, acknowledgement.repeats > 0 {
            extra += ["", TicketText.acknowledgedRepeats(acknowledgement)]
        }
        change.note = TicketNote(
            text: extra.isEmpty ? text : text + "\n\n" + extra.joined(separator: "\n"),
            isInternal: stored.settings.noteVisibility == .internal)
        do {
            try await connector.updateTicket(id, change)
        } catch {
            throw .connector(error, ticket: ticket)
        }
        guard var updated = ticket else {
            return (Store.DeliveryOutcome(state: .delivered, operation: operation), nil)
        }
        var outcome = Store.DeliveryOutcome(state: .delivered, operation: operation)
        outcome.endsAcknowledgement = endsAcknowledgement
        let now = Date()
        updated.lastError = nil
        if let severity = event.severity, updated.severity.map({ severity > $0 }) ?? true {
            updated.severity = severity
        }
        switch operation {
        case .reopen:
            updated.state = .open
            updated.closedAt = nil
            updated.checkedAt = now
        case .resolve, .cancel:
            updated.state = .closed
            updated.closedAt = now
            updated.checkedAt = now
        case .create, .note, .none:
            break
        }
        return (outcome, updated)
    }

    // MARK: - Failures

    private func outcome(of error: ConnectorError, event: StoredEvent, ticket: TrackedTicket?)
        -> (Store.DeliveryOutcome, TrackedTicket?)
    {
        // Waiting for the PSA's budget is not a failed attempt: the event goes back until the
        // budget opens. Nothing was sent, so a create in progress is not in the PSA.
        if let until = error.throttledUntil {
            var kept = ticket
            if kept?.state == .creating { kept?.state = .failed }
            return (
                Store.DeliveryOutcome(
                    state: .pending, error: error.description, nextAttemptAt: until, countsAsAttempt: false,
                    throttledUntil: until),
                kept
            )
        }
        // A cancellation is neither transient nor a refusal: it ends the event as failed, as
        // it always has.
        let transient = error.isTransient && !error.isCancellation
        if transient {
            if let integrationID = event.integrationID {
                lastFailure.withLock { $0[integrationID] = Date() }
            }
            if event.attempts < options.maximumAttempts { return (retryLater(event, error: error.description), ticket) }
        }
        // A create that may have reached the PSA stays `creating`: the event's next round, or
        // the key's next event, looks it up before creating.
        var kept = ticket
        kept?.lastError = error.description
        if kept?.state == .creating, !Self.mayHaveCreated(error) { kept?.state = .failed }
        return (
            Store.DeliveryOutcome(
                state: .failed, error: error.description, exhausted: transient,
                retryable: transient && event.rounds < options.retryRounds),
            kept
        )
    }

    private func retryLater(_ event: StoredEvent, error: String) -> Store.DeliveryOutcome {
        let exponent = Double(max(event.attempts - 1, 0))
        let cap = min(options.firstBackoff * pow(2, exponent), options.maximumBackoff)
        // Jitter keeps many events that failed together from returning together.
        let delay = cap * Double.random(in: 0.5...1)
        return Store.DeliveryOutcome(state: .pending, error: error, nextAttemptAt: Date().addingTimeInterval(delay))
    }

    /// Whether a failed create may still have made the ticket: only a refusal proves it did not.
    static func mayHaveCreated(_ error: ConnectorError) -> Bool {
        switch error {
        case .unauthorized, .forbidden, .notFound, .rejected, .invalidCredentials, .rateLimited, .throttled,
            .budgetUnavailable:
            return false
        case .server, .transport, .unexpectedResponse: return true
        }
    }

    // MARK: - Probes

    /// The integrations (of those not being probed) whose retryable events wait for a probe
    /// now, and when the next one is due.
    private func probePlan(at now: Date, excluding probing: Set<Int64>) -> (due: [Int64], next: Date?) {
        guard let failures = try? store.retryableFailures(), !failures.isEmpty else { return ([], nil) }
        let failed = lastFailure.withLock { $0 }
        var due: [Int64] = []
        var next: Date?
        for (integrationID, failedAt) in failures where !probing.contains(integrationID) {
            let at = max(failedAt, failed[integrationID] ?? .distantPast).addingTimeInterval(options.probeInterval)
            if at <= now {
                due.append(integrationID)
            } else {
                next = min(next ?? at, at)
            }
        }
        return (due.sorted(), next)
    }

    /// One cheap request to the integration's PSA; when it succeeds the PSA answers again and
    /// the integration's retryable events go back to the outbox. An integration that is gone
    /// or cannot be used sends them back too: their delivery then fails at once with the reason.
    private func probe(_ integrationID: Int64) async {
        let connector: any PSAConnector
        do {
            connector = try self.connector(for: integrationID)
        } catch {
            switch error {
            case .unroutable: _ = try? store.requeueRetryableEvents(ofIntegration: integrationID)
            case .store, .connector: lastFailure.withLock { $0[integrationID] = Date() }
            }
            return
        }
        do {
            try await connector.validate()
        } catch {
            lastFailure.withLock { $0[integrationID] = Date() }
            return
        }
        _ = try? store.requeueRetryableEvents(ofIntegration: integrationID)
    }

    // MARK: - Connectors

    /// The PSA of the event's integration, as its cached connector knows it.
    private func system(of event: StoredEvent) -> PSASystem? {
        guard let integrationID = event.integrationID else { return nil }
        return connectors.withLock { $0[integrationID]?.credentials.system }
    }

    /// One connector per integration, kept while its credentials stay the same, so that tokens
    /// and Autotask's zone and concurrency limits are shared by all deliveries.

    private func connector(for integrationID: Int64) throws(AttemptError) -> any PSAConnector {
        let credentials: Credentials
        do {
            (_, credentials) = try UsableCredentials.ofIntegration(id: integrationID, in: store)
        } catch {
            switch error {
            case .unreadable(let error): throw .store(error)
            case .removed:
                throw .unroutable("integration #\(integrationID), which this event was routed to, has been removed")
            case .incomplete: throw .unroutable(error.description)
            }
        }
        return connectors.withLock { cache in
            if let cached = cache[integrationID], cached.credentials == credentials { return cached.connector }
            let made = makeConnector(credentials)
            cache[integrationID] = (credentials, made)
            return made
        }
    }
}

extension TrackedTicket {
    /// Takes the PSA's ticket as this row's.
    mutating func adopt(_ psa: PSATicket, at now: Date) {
        lookupAfter = nil
        ticketID = psa.id
        ticketNumber = psa.number ?? ticketNumber
        state = psa.isClosed ? .closed : .open
        closedAt = psa.isClosed ? now : nil
        checkedAt = now
        lastError = nil
    }
}
