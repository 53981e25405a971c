/// Ticket-setting choices from Halo's setup lists, fetched side by side.
extension HaloConnector {
    public func ticketChoices(for context: ChoiceContext) async throws(ConnectorError) -> TicketChoices {
        let ticketType = context.ticketType.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let statusQuery = ticketType.map { [("tickettype_id", String($0))] } ?? []
        async let types = Self.attempt { () throws(ConnectorError) in
            try await self.list("/TicketType", [("showall", "true")], key: "tickettypes")
        }
        async let statuses = Self.attempt { () throws(ConnectorError) in
            try await self.list("/Status", statusQuery, key: "statuses")
        }
        // The spec has no "closed" flag on a status; `excludeclosed` is how Halo tells them apart.
        async let openStatuses = Self.attempt { () throws(ConnectorError) in
            try await self.list("/Status", statusQuery + [("excludeclosed", "true")], key: "statuses")
        }
        async let categories = Self.attempt { () throws(ConnectorError) in
            try await self.list("/Category", [("type_id", "1")], key: "categories")
        }
        async let outcomes = Self.attempt { () throws(ConnectorError) in
            try await self.list("/Outcome", [], key: "outcomes")
        }
        async let lookups = Self.attempt { () throws(ConnectorError) in try await self.impactAndUrgency() }
        async let typeDetail = Self.attempt { () throws(ConnectorError) -> (HaloJSON, [Choice])? in
            guard let ticketType else { return nil }
            let detail = try await self.get("/TicketType/\(ticketType)", scope: "read:tickets")
            return (detail, try await self.priorities(slaOf: detail))
        }

        let typeInfo = try await typeDetail.get()
        let detail = typeInfo?.0
        let allStatuses = try await statuses.get()
        let openIDs = Set(try await openStatuses.get().compactMap { $0["id"]?.idText })
        var statusChoices = allStatuses.compactMap { row -> Choice? in
            guard let id = row["id"]?.idText else { return nil }
            return Choice(
                id: id, name: row["name"]?.string ?? id, isClosing: !openIDs.contains(id),
                isDefault: detail?["initial_status"]?.idText == id)
        }
        if statusChoices.allSatisfy(\.isClosing) || !statusChoices.contains(where: \.isClosing) {
            // The instance ignored excludeclosed: fall back to Halo's built-in "Closed".
            for index in statusChoices.indices {
                statusChoices[index].isClosing = statusChoices[index].name.lowercased() == "closed"
            }
        }
        let (impacts, urgencies) = try await lookups.get()
        let defaultCategory = detail?["default_category_1"]?.string
        let requirements = detail.map(HaloTypeRequirements.init)
        let defaultImpact = requirements?.defaultImpact
        let defaultUrgency = requirements?.defaultUrgency

        var values: [TicketField: [Choice]] = [:]
        values[.ticketType] = try await types.get().compactMap { row in Self.choice(row, name: "name") }
        values[.status] = statusChoices
        values[.priority] = typeInfo?.1 ?? []
        // Tickets carry the category's text (`category_1`), so the text is the choice's id.
        values[.category] = try await categories.get().compactMap { row -> Choice? in
            guard let value = row["value"]?.string else { return nil }
            return Choice(id: value, name: value, isDefault: value == defaultCategory)
        }
        values[.impact] = impacts.map { choice in
            var choice = choice
            choice.isDefault = choice.id == defaultImpact
            return choice
        }
        values[.urgency] = urgencies.map { choice in
            var choice = choice
            choice.isDefault = choice.id == defaultUrgency
            return choice
        }
        values[.outcome] = try await outcomes.get().compactMap { row in Self.choice(row, name: "outcome") }

        var required: Set<TicketField> = [.ticketType, .status, .outcome]
        if !(values[.priority]?.isEmpty ?? true) { required.insert(.priority) }
        return TicketChoices(values: values, required: required, requiredByPSA: requirements?.required ?? [])
    }

    /// The priorities of the SLA of a ticket type: its `/TicketType/{id}` names the SLA under
    /// one of several field names (by Halo version), then `/Priority?slaid=` lists the SLA's
    /// priorities, or `/SLA/{id}` does when that list is empty. A ticket's `priority_id` is a
    /// priority's `priorityid`.
    func priorities(slaOf detail: HaloJSON) async throws(ConnectorError) -> [Choice] {
        let slaID = ["default_sla", "default_sla_id", "sla_id", "slaid", "sla"].lazy
            .compactMap { detail[$0]?.int }.first { $0 > 0 }
        guard let slaID else { return [] }
        var policies = try await list("/Priority", [("slaid", String(slaID))], key: "priorities")
            .filter { ($0["slaid"]?.int).map { $0 == slaID } ?? true }
        if policies.isEmpty {
            policies = try await get("/SLA/\(slaID)", scope: "read:tickets")["priorities"]?.array ?? []
        }
        var seen = Set<String>()
        return policies.compactMap { policy -> Choice? in
            guard let id = (policy["priorityid"] ?? policy["id"])?.idText, seen.insert(id).inserted else { return nil }
            return Choice(id: id, name: policy["name"]?.string ?? id, isActive: !(policy["ishidden"]?.bool ?? false))
        }
    }

    /// Impact and urgency values: `lookupid=11` lists the lookup types; the ones named
    /// Impact and Urgency hold the values.
    func impactAndUrgency() async throws(ConnectorError) -> ([Choice], [Choice]) {
        let lookupTypes = try await list("/Lookup", [("lookupid", "11")], key: "lookup")
        let types = lookupTypes.map { (name: $0["name"]?.string?.lowercased() ?? "", id: $0["id"]?.int) }
        func lookupID(_ name: String) -> Int? {
            (types.first { $0.name == name } ?? types.first { $0.name.contains(name) })?.id
        }
        let impactID = lookupID("impact")
        let urgencyID = lookupID("urgency")
        async let impacts = Self.attempt { () throws(ConnectorError) -> [Choice] in
            guard let impactID else { return [] }
            return try await self.lookupValues(impactID)
        }
        async let urgencies = Self.attempt { () throws(ConnectorError) -> [Choice] in
            guard let urgencyID else { return [] }
            return try await self.lookupValues(urgencyID)
        }
        return (try await impacts.get(), try await urgencies.get())
    }

    private func lookupValues(_ lookupID: Int) async throws(ConnectorError) -> [Choice] {
        try await list("/Lookup", [("lookupid", String(lookupID))], key: "lookup").compactMap { row in
            Self.choice(row, name: "name")
        }
    }

    /// A setup list, bare or under `key`.
    func list(_ path: String, _ query: [(String, String)], key: String) async throws(ConnectorError) -> [HaloJSON] {
        try items(try await get(path, query: query, scope: "read:tickets"), key: key)
    }

    private static func choice(_ row: HaloJSON, name field: String) -> Choice? {
        guard let id = row["id"]?.idText else { return nil }
        let name = row[field]?.string ?? row["name"]?.string ?? row["buttonname"]?.string ?? id
        let inactive = row["inactive"]?.bool ?? row["hidden"]?.bool ?? false
        return Choice(id: id, name: name, isActive: !inactive)
    }

    /// Runs `body` to a `Result`, so that `async let` keeps the error's type.
    static func attempt<T: Sendable>(_ body: @Sendable () async throws(ConnectorError) -> T) async
        -> Result<T, ConnectorError>
    {
        do {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }
}
