extension TicketSettings {
    /// The draft's fields: the routed board, queue, type, classification (category, impact,
    /// urgency, issue and sub-issue type, source) and user-defined fields, with the step's
    /// status and priority.
    func ticketFields(status: String?, priority: String?) -> TicketDraft.Fields {
        var fields: [TicketField: String] = [:]
        let carried: [(TicketSettingKey, TicketField)] = [
            (.board, .board), (.queue, .queue), (.ticketType, .ticketType), (.category, .category), (.impact, .impact),
            (.urgency, .urgency), (.issueType, .issueType), (.subIssueType, .subIssueType), (.source, .source),
        ]
        for (key, field) in carried { fields[field] = self[key] }
        fields[.status] = status
        fields[.priority] = priority
        return TicketDraft.Fields(settings: fields, userFields: userFields)
    }
}
