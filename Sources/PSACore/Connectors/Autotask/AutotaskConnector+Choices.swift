extension AutotaskConnector {
    /// Ticket fields read from `Tickets/entityInformation/fields` (psa-apis.md §2.3 (3)).
    static let ticketFieldNames: [(name: String, field: TicketField)] = [
        ("queueID", .queue), ("status", .status), ("priority", .priority), ("issueType", .issueType),
        ("subIssueType", .subIssueType), ("ticketType", .ticketType), ("ticketCategory", .category),
        ("source", .source),
    ]

    /// Autotask's picklists do not depend on earlier choices except sub-issue types, which carry
    /// their issue type as `parentID`; the context is therefore not needed. Every field marked
    /// `isRequired` is one Autotask refuses a ticket without; the user-defined fields come along.
    /// Both lists are read afresh: the admin asking for the choices (the wizard's reload, a
    /// `settings set`) must see a field made required since the process started, and creates
    /// then use what was read here.
    public func ticketChoices(for context: ChoiceContext) async throws(ConnectorError) -> TicketChoices {
        session.fields(of: "Tickets").forget()
        session.fields(of: Self.userFieldsEntity).forget()
        let fields = try await entityFields("Tickets")
        let complete = Self.completeStatus(in: fields)
        var choices = TicketChoices(userFields: Self.userFields(try await ticketUserFields()))
        for (name, ticketField) in Self.ticketFieldNames {
            guard let field = fields.first(where: { $0.name.lowercased() == name.lowercased() }) else { continue }
            if field.isRequired == true {
                choices.required.insert(ticketField)
                choices.requiredByPSA.insert(ticketField)
            }
            let values = (field.picklistValues ?? []).sorted { ($0.sortOrder ?? 0) < ($1.sortOrder ?? 0) }
            choices.values[ticketField] = values.map { value in
                Choice(
                    id: value.value.text, name: value.label ?? value.value.text,
                    isClosing: ticketField == .status && value.value.text == complete,
                    parentID: ticketField == .subIssueType ? value.parentValue?.text : nil,
                    isDefault: value.isDefaultValue ?? false, isActive: value.isActive ?? true)
            }
        }
        return choices
    }

    /// The status that completes a ticket: the entry labelled "Complete", preferring the
    /// system one. Its value is widely said to be 5, which no source confirms (UNCONFIRMED in
    /// psa-apis.md §2.3 (4)), so it is looked up rather than assumed.
    static func completeStatus(in fields: [AutotaskWire.Field]) -> String? {
        let statuses = fields.first { $0.name.lowercased() == "status" }?.picklistValues ?? []
        let complete = statuses.filter { $0.label?.trimmingCharacters(in: .whitespaces).lowercased() == "complete" }
        return (complete.first { $0.isSystem == true } ?? complete.first)?.value.text
    }
}
