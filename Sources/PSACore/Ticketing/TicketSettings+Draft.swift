extension TicketSettings {
    /// The draft's fields: the routed board, queue, type, category and impact, with the step's
    /// status and priority.
    func ticketFields(status: String?, priority: String?) -> [TicketField: String] {
        var fields: [TicketField: String] = [:]
        let carried: [(TicketSettingKey, TicketField)] = [
            (.board, .board), (.queue, .queue), (.ticketType, .ticketType), (.category, .category), (.impact, .impact),
        ]
        for (key, field) in carried { fields[field] = self[key] }
        fields[.status] = status
        fields[.priority] = priority
        return fields
    }
}
