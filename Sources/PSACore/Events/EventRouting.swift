/// Where one event's ticket goes, and why (DESIGN §3 and issue "ticket lifecycle", routing):
/// the event's queue picks the integration and the settings over the integration's own; no
/// queue means the default PSA system; the account's mapping picks the customer.
public struct RoutingDecision: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// A ticket for this PSA company; `viaFallback` when the account is unmapped and the admin
        /// chose to send such events to the MSP-level customer.
        case ticket(companyID: String, viaFallback: Bool)
        /// No ticket, for the recorded reason (a skipped account, an unmapped one without fallback).
        case skip(reason: String)
        /// Held in the outbox (state `held`) until the account is remapped or the policy changes:
        /// its company is gone, inactive or merged and the integration says `broken-mapping=hold`.
        case hold(companyID: String, reason: String)
    }

    public var integrationID: Int64
    public var queueID: Int64?
    /// The queue's name as stored (nil without a queue).
    public var queueName: String?
    /// The integration's settings with the queue's over them, `storm` and `note-visibility`
    /// included (`TicketSettings.stormLimit`, `.noteVisibility`).
    public var settings: TicketSettings
    public var outcome: Outcome
    /// Integration + account + condition id + target: the same key is the same ticket. Never the title.
    public var dedupeKey: String
    /// A paragraph the ticket's text starts with: why it is at the MSP-level customer rather
    /// than the account's company.
    public var notice: String?

    public init(
        integrationID: Int64, queueID: Int64?, queueName: String? = nil, settings: TicketSettings, outcome: Outcome,
        dedupeKey: String, notice: String? = nil
    ) {
        self.integrationID = integrationID
        self.queueID = queueID
        self.queueName = queueName
        self.settings = settings
        self.outcome = outcome
        self.dedupeKey = dedupeKey
        self.notice = notice
    }
}

/// Why an event cannot be routed at all: it is refused, not skipped.
public enum RoutingError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownQueue(String)
    case unknownAccount(String)
    case noIntegration
    case store(StoreError)

    public var description: String {
        switch self {
        case .unknownQueue(let name):
            return "queue: no ticket queue is named \(String(reflecting: name)) (psalink queue list shows them)"
        case .unknownAccount(let id):
            return "account: no Nerdio account has the id \(String(reflecting: id)); import or sync the accounts"
        case .noIntegration:
            return "no PSA integration is configured; add one first"
        case .store(let error):
            return error.description
        }
    }
}

/// Routes events with what the store holds.
public struct EventRouter: Sendable {
    let store: Store

    public init(store: Store) { self.store = store }

    /// `integrationID` sends the event to that integration's own settings whatever its queue
    /// (a test ticket); nil routes by queue, else to the default PSA system.
    public func route(_ event: NotificationEvent, toIntegration integrationID: Int64? = nil) throws(RoutingError)
        -> RoutingDecision
    {
        do {
            let (integrationID, queue) = try integrationID.map { ($0, nil) } ?? target(of: event)
            var settings = TicketSettings(stored: try store.ticketSettings(forIntegration: integrationID))
            // The integration's own storm and note-visibility, then the queue's rows over them.
            settings.overlay(
                try store.integrationSettings(forIntegration: integrationID).filter {
                    IntegrationSettingKey(rawValue: $0.key)?.appliesToQueues == true
                })
            settings.overlay(queue?.settings ?? [:])
            let (outcome, notice) = try customer(of: event, integration: integrationID)
            let key = [String(integrationID), event.accountID ?? "", event.condition.id, event.target]
                .map(Self.escapedKeyPart).joined(separator: "|")
            return RoutingDecision(
                integrationID: integrationID, queueID: queue?.id, queueName: queue?.name, settings: settings,
                outcome: outcome, dedupeKey: key, notice: notice)
        } catch let error as RoutingError {
            throw error
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .noIntegration
        }
    }

    private func target(of event: NotificationEvent) throws -> (Int64, TicketQueue?) {
        if let name = event.queue {
            guard let queue = try store.queue(named: name) else { throw RoutingError.unknownQueue(name) }
            return (queue.integrationID, queue)
        }
        guard let integration = try store.integrations().first(where: \.isDefault) else {
            throw RoutingError.noIntegration
        }
        return (integration.id, nil)
    }

    private func customer(of event: NotificationEvent, integration id: Int64) throws
        -> (RoutingDecision.Outcome, notice: String?)
    {
        let msp = try store.mspCustomer(forIntegration: id)
        guard let accountID = event.accountID else {
            guard let msp else {
                return (.skip(reason: "an MSP-level event, and no MSP-level customer is chosen"), nil)
            }
            return (.ticket(companyID: msp.companyID, viaFallback: false), nil)
        }
        guard let mapping = try store.mapping(account: accountID, integration: id) else {
            throw RoutingError.unknownAccount(accountID)
        }
        guard mapping.enabled else {
            return (.skip(reason: "account \(accountID) is skipped for this integration"), nil)
        }
        if let companyID = mapping.companyID {
            guard let broken = mapping.reviewReason, broken.isBrokenCompany else {
                return (.ticket(companyID: companyID, viaFallback: false), nil)
            }
            return try brokenMapping(mapping, companyID: companyID, reason: broken, msp: msp, integration: id)
        }
        guard let msp, msp.fallbackForUnmapped else {
            return (
                .skip(reason: "account \(accountID) has no PSA customer, and unmapped accounts get no tickets"), nil
            )
        }
        return (.ticket(companyID: msp.companyID, viaFallback: true), nil)
    }

    /// An account whose company is gone, inactive or merged: the integration's `broken-mapping`
    /// policy decides. `msp` without an MSP-level customer sends to the company as before, so
    /// that the alert still reaches the PSA.
    private func brokenMapping(
        _ mapping: AccountMapping, companyID: String, reason: MappingReviewReason, msp: MSPCustomer?,
        integration id: Int64
    ) throws -> (RoutingDecision.Outcome, notice: String?) {
        let stored = try store.integrationSettings(forIntegration: id)[IntegrationSettingKey.brokenMapping.rawValue]
        let policy = stored.flatMap(BrokenMappingPolicy.init(rawValue:)) ?? .msp
        let (company, state) = Self.brokenCompany(mapping, companyID: companyID, reason: reason)
        let why = "account \(mapping.accountID)'s company \(company) is \(state)"
        switch policy {
        case .send:
            return (.ticket(companyID: companyID, viaFallback: false), nil)
        case .skip:
            return (.skip(reason: why + "; no ticket (broken-mapping=skip)"), nil)
        case .hold:
            return (.hold(companyID: companyID, reason: why + "; held until the account is remapped"), nil)
        case .msp:
            guard let msp else { return (.ticket(companyID: companyID, viaFallback: false), nil) }
            let notice =
                "Nerdio account \(mapping.accountName) (\(mapping.accountID)) is mapped to company \(company), which is "
                + "\(state); psalink opened this ticket at the MSP-level customer instead. Remap the account in psalink."
            return (.ticket(companyID: msp.companyID, viaFallback: true), notice)
        }
    }

    /// The company as named in messages ("#12 (Contoso)") and what became of it ("inactive in the PSA").
    static func brokenCompany(_ mapping: AccountMapping, companyID: String, reason: MappingReviewReason)
        -> (company: String, state: String)
    {
        let company = "#\(companyID)" + (mapping.companyName.map { " (\($0))" } ?? "")
        let state: String
        switch reason {
        case .companyNotInCache: state = "no longer in the PSA"
        case .companyInactive: state = "inactive in the PSA"
        case .companyMerged: state = "merged into #\(mapping.companyMergedInto ?? "?") in the PSA"
        case .lowConfidence: state = "an unsure match"
        }
        return (company, state)
    }

    /// Parts of the key may hold any text; `|` and `\` are escaped so that two keys never meet.
    private static func escapedKeyPart(_ part: String) -> String {
        part.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
    }
}
