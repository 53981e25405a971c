import Foundation
import PSACore
import TerminalUI

/// What the Tickets screen shows of one integration, read from the store in one go.
struct TicketsSnapshot: Sendable {
    var tickets: [TrackedTicket]
    /// The integration's queue names, in the store's order.
    var queues: [String]
    /// Company names from the cache, by company id.
    var companyNames: [String: String]
    var accounts: [NerdioAccount]
    /// When it was read; the ages are counted from it.
    var now: Date
    /// Keys whose next events wait for the PSA's rate budget, with until when.
    var budgetWaits: [String: Date] = [:]
    /// The integration's keys that maintenance suppresses now.
    var suppressed: [SuppressedKey] = []
}

/// How a test ticket's event went: delivered to the PSA with this ticket.
public struct TestTicketResult: Sendable, Equatable {
    /// The firing event, kept so that its closing event can be sent.
    public var firing: NotificationEvent
    public var ticketNumber: String?
    public var ticketID: String?
    /// The `ticket` row psalink keeps for it.
    public var ticketRow: Int64?

    /// The PSA's number when known, else its id, safe to show.
    public var label: String { TerminalSafeText.escaped(ticketNumber ?? ticketID ?? "?") }
}

/// The Tickets screen's reads (fast, on the UI thread) and deliveries (slow, off it).
extension WizardServices {
    /// How long a retry or a test ticket keeps delivering before it answers.
    static let deliveryWait: TimeInterval = 30

    /// The most tickets the screen lists, newest change first.
    static let ticketLimit = 10_000

    /// The integration's tickets, queues, company names and the Nerdio accounts.
    func ticketsSnapshot(integrationID: Int64) -> Result<TicketsSnapshot, WizardFailure> {
        do throws(StoreError) {
            let tickets = try store.trackedTickets(
                Store.TicketFilter(integrationID: integrationID), limit: Self.ticketLimit)
            let queues = try store.queues(forIntegration: integrationID).map(\.name)
            let names = Dictionary(
                try store.companies(forIntegration: integrationID).map { ($0.id, $0.name) },
                uniquingKeysWith: { first, _ in first })
            let now = now()
            return .success(
                TicketsSnapshot(
                    tickets: tickets, queues: queues, companyNames: names, accounts: try store.accounts(), now: now,
                    budgetWaits: try store.budgetWaits(ofIntegration: integrationID, at: now),
                    suppressed: try store.suppressedKeys(at: now).filter { $0.integrationID == integrationID }))
        } catch {
            return .failure(WizardFailure(error.description))
        }
    }

    /// A ticket as it now is, with the events that made or changed it, oldest first; for the
    /// latest ticket of its key, then the key's events still waiting for a ticket (their turn,
    /// their next attempt, or the PSA's rate budget).
    func ticketHistory(row: Int64) -> Result<(TrackedTicket, [StoredEvent]), WizardFailure> {
        do throws(StoreError) {
            guard let ticket = try store.trackedTicket(row: row) else {
                return .failure(WizardFailure("the ticket is no longer in the database"))
            }
            var events = try store.events(ofTicket: row)
            if try store.latestTicket(forKey: ticket.dedupeKey).latest?.row == row {
                let known = Set(events.map(\.seq))
                events += try store.unattachedPendingEvents(ofKey: ticket.dedupeKey).filter { !known.contains($0.seq) }
                events.sort { $0.seq < $1.seq }
            }
            return .success((ticket, events))
        } catch {
            return .failure(WizardFailure(error.description))
        }
    }

    /// Acknowledges the ticket until `until` as typed (a duration from now or an ISO time with
    /// its offset), as the OS user; the refusal names the field at fault.
    func acknowledge(ticketRow: Int64, until: String, reason: String) -> Result<TicketAcknowledgement, AckFailure> {
        let now = now()
        let end: Date
        do {
            end = try AcknowledgementEnd.parse(until, now: now)
        } catch {
            return .failure(AckFailure(field: .until, message: "Give a duration (30m, 4h, 2d) or a time with offset"))
        }
        do throws(StoreError) {
            try store.acknowledge(ticketRow: ticketRow, until: end, reason: reason, by: Store.actor, at: now)
            guard let saved = try store.trackedTicket(row: ticketRow)?.acknowledgement else {
                return .failure(AckFailure(field: .ticket, message: "the ticket is no longer in the database"))
            }
            return .success(saved)
        } catch {
            return .failure(Self.ackFailure(error))
        }
    }

    /// Ends the ticket's acknowledgement now; answers how many repeats are left to be summed.
    func unacknowledge(ticketRow: Int64) -> Result<Int, AckFailure> {
        do throws(StoreError) {
            let repeats = try store.trackedTicket(row: ticketRow)?.acknowledgement?.repeats ?? 0
            try store.unacknowledge(ticketRow: ticketRow, by: Store.actor, at: now())
            return .success(repeats)
        } catch {
            return .failure(Self.ackFailure(error))
        }
    }

    /// Short enough to fit under the prompt's field.
    private static func ackFailure(_ error: StoreError) -> AckFailure {
        switch error {
        case .acknowledgementNotInFuture: return AckFailure(field: .until, message: "That time has passed")
        case .emptyAcknowledgementReason: return AckFailure(field: .reason, message: "Say why repeats may wait")
        default: return AckFailure(field: .ticket, message: TerminalSafeText.escaped(error.description))
        }
    }

    /// A worker over the outbox that uses `connector`, so that tests can substitute theirs.
    /// A worker stops once its delivery has answered, so each delivery has its own; the
    /// connectors behind `connector` are the process's, so a test ticket or a retry does not
    /// look up the zone, codebase or token again.
    func deliveryWorker() -> DeliveryWorker {
        DeliveryWorker(store: store, makeConnector: connector)
    }

    /// Puts the failed event `seq` back in the outbox and delivers for up to `deliveryWait`
    /// seconds; answers with the event as it then is.
    func retryAndDeliver(seq: Int64) async -> Result<StoredEvent, WizardFailure> {
        let receipt: EventReceipt
        do throws(StoreError) {
            receipt = try await EventSubmission(store: store).retry(
                seq, with: deliveryWorker(), within: Self.deliveryWait)
        } catch .eventNotRetryable {
            return .failure(WizardFailure("event \(seq) is not a failed event that can be tried again"))
        } catch {
            return .failure(WizardFailure(error.description))
        }
        guard let event = receipt.stored else {
            return .failure(WizardFailure("event \(seq) is no longer in the database"))
        }
        return .success(event)
    }

    /// Sends `event` (a test ticket's firing or closing) to the integration through the
    /// routing, the outbox and a delivery of up to `deliveryWait` seconds. Succeeds only when
    /// the event reached the PSA; otherwise the failure says why (the routing's reason for a
    /// skip, the PSA's error for a failure).
    func sendTestEvent(_ event: NotificationEvent, integrationID: Int64, firing: NotificationEvent) async -> Result<
        TestTicketResult, WizardFailure
    > {
        let submission = EventSubmission(store: store)
        let submitted: EventReceipt
        do throws(StoreError) {
            submitted = try submission.submit(event, toIntegration: integrationID)
        } catch {
            return .failure(WizardFailure(error.description))
        }
        if case .rejected(let reason) = submitted.status { return .failure(WizardFailure(reason)) }
        if submitted.status != .stored(.skipped), let seq = submitted.seq {
            await submission.deliver(seq, with: deliveryWorker(), within: Self.deliveryWait)
        }
        let stored: StoredEvent
        let ticket: TrackedTicket?
        do throws(StoreError) {
            let receipt = try submission.readBack([submitted])[0]
            guard let event = receipt.stored else {
                return .failure(WizardFailure("the event is no longer in the database"))
            }
            (stored, ticket) = (event, receipt.ticket)
        } catch {
            return .failure(WizardFailure(error.description))
        }
        switch stored.state {
        case .delivered:
            return .success(
                TestTicketResult(
                    firing: firing, ticketNumber: ticket?.ticketNumber, ticketID: ticket?.ticketID,
                    ticketRow: stored.ticketRow))
        case .skipped:
            return .failure(WizardFailure("skipped: " + (stored.reason ?? "no reason recorded")))
        case .held, .suppressed, .folded, .acknowledged:
            return .failure(WizardFailure("\(stored.state.rawValue): " + (stored.reason ?? "no reason recorded")))
        case .failed:
            return .failure(WizardFailure(stored.lastError ?? "the delivery failed"))
        case .pending:
            let why = stored.lastError.map { ": \($0)" } ?? ""
            return .failure(
                WizardFailure(
                    "not delivered within \(Int(Self.deliveryWait)) seconds; it stays in the outbox and is tried "
                        + "again\(why)"))
        }
    }
}
