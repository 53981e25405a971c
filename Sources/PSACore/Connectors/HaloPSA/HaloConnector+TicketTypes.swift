import Synchronization

/// What a HaloPSA ticket type requires of a new ticket, from its `GET /TicketType/{id}`:
/// `requireimpact`/`requireurgency` and the `defaultimpact`/`defaulturgency` that stand in
/// for them (psa-apis.md §3.3 (3), HA10). A default of 0 is Halo's "none".
struct HaloTypeRequirements: Sendable, Equatable {
    var required: Set<TicketField>
    var defaultImpact: String?
    var defaultUrgency: String?

    init(_ detail: HaloJSON) {
        required = []
        if detail["requireimpact"]?.bool == true { required.insert(.impact) }
        if detail["requireurgency"]?.bool == true { required.insert(.urgency) }
        func chosen(_ names: String...) -> String? {
            names.lazy.compactMap { detail[$0]?.int }.first.flatMap { $0 > 0 ? String($0) : nil }
        }
        defaultImpact = chosen("defaultimpact", "default_impact")
        defaultUrgency = chosen("defaulturgency", "default_urgency")
    }

    /// The type's default for `field` (impact or urgency).
    func defaultValue(for field: TicketField) -> String? {
        switch field {
        case .impact: return defaultImpact
        case .urgency: return defaultUrgency
        default: return nil
        }
    }
}

/// Each ticket type's requirements, read once per connector and type however many creates
/// need them at a time.
final class HaloTypeCache: Sendable {
    private let lookups = Mutex<[Int: SharedLookup<HaloTypeRequirements>]>([:])

    func lookup(_ type: Int) -> SharedLookup<HaloTypeRequirements> {
        lookups.withLock { known in
            if let lookup = known[type] { return lookup }
            let lookup = SharedLookup<HaloTypeRequirements>()
            known[type] = lookup
            return lookup
        }
    }
}

extension HaloConnector {
    func typeRequirements(_ type: Int) async throws(ConnectorError) -> HaloTypeRequirements {
        try await ticketTypes.lookup(type).value { () async throws(ConnectorError) in
            HaloTypeRequirements(try await get("/TicketType/\(type)", scope: "read:tickets"))
        }
    }

    /// The impact and urgency the draft's ticket type requires and the draft leaves out,
    /// filled from the type's defaults: psalink does not count on Halo applying them. A type
    /// that requires one without a default gets nothing, and Halo's refusal is the answer; so
    /// does a type Halo does not know, whose create Halo refuses in its own words.
    func requiredDefaults(for draft: TicketDraft) async throws(ConnectorError) -> [TicketField: String] {
        let missing: [TicketField] = [.impact, .urgency].filter { draft.settings[$0] == nil }
        guard !missing.isEmpty, let type = draft.settings[.ticketType].flatMap({ Int($0) }) else { return [:] }
        let requirements: HaloTypeRequirements
        do {
            requirements = try await typeRequirements(type)
        } catch .notFound {
            return [:]
        }
        var filled: [TicketField: String] = [:]
        for field in missing where requirements.required.contains(field) {
            filled[field] = requirements.defaultValue(for: field)
        }
        return filled
    }
}
