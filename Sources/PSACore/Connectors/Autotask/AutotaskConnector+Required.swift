/// The fields Autotask requires on a new ticket (`isRequired` in the entity information,
/// psa-apis.md §2.3 (3)) and its user-defined fields (`Tickets/entityInformation/
/// userDefinedFields`, the same shape). psalink fills a required field the draft leaves out
/// with Autotask's own default rather than counting on Autotask to apply it.
extension AutotaskConnector {
    /// The key of the user-defined fields' cached information.
    static let userFieldsEntity = "Tickets/userDefinedFields"

    /// `GET Tickets/entityInformation/userDefinedFields`, read once for the connector's lifetime
    /// through the same budgeted request path as every call. An instance that has no such list
    /// (a 404) has no user-defined fields.
    func ticketUserFields() async throws(ConnectorError) -> [AutotaskWire.Field] {
        try await session.fields(of: Self.userFieldsEntity).value { () async throws(ConnectorError) in
            do throws(ConnectorError) {
                let response = try await call(.get, "Tickets/entityInformation/userDefinedFields", endpoint: "Tickets")
                return try decode(AutotaskWire.FieldsResult.self, from: response).fields
            } catch .notFound {
                return []
            }
        }
    }

    /// The user-defined fields as settings see them: active ones only, picklists sorted.
    static func userFields(_ fields: [AutotaskWire.Field]) -> [UserField] {
        fields.filter { $0.isActive ?? true }.map { field in
            let picks = field.isPickList == true || !(field.picklistValues ?? []).isEmpty
            let choices = (field.picklistValues ?? []).sorted { ($0.sortOrder ?? 0) < ($1.sortOrder ?? 0) }.map {
                Choice(
                    id: $0.value.text, name: $0.label ?? $0.value.text, isDefault: $0.isDefaultValue ?? false,
                    isActive: $0.isActive ?? true)
            }
            return UserField(
                name: field.name, label: field.label.flatMap { $0.isEmpty ? nil : $0 },
                isRequired: field.isRequired ?? false,
                choices: picks ? choices : nil, defaultValue: userFieldDefault(field))
        }
    }

    /// The field's own default, else its picklist's active default.
    static func userFieldDefault(_ field: AutotaskWire.Field) -> String? {
        if let own = field.defaultValue?.text, !own.isEmpty { return own }
        return field.picklistValues?.first { $0.isDefaultValue == true && ($0.isActive ?? true) }?.value.text
    }

    /// Every required picklist field the body leaves out, with its active default; a sub-issue
    /// type's default must belong to the body's issue type, so issue types are filled first
    /// (`ticketFieldNames` has them first).
    func fillRequiredDefaults(_ body: inout [String: Any]) async throws(ConnectorError) {
        let fields = try await entityFields("Tickets")
        for (name, ticketField) in Self.ticketFieldNames where body[name] == nil {
            guard let field = fields.first(where: { $0.name.lowercased() == name.lowercased() }),
                field.isRequired == true
            else { continue }
            let parent = ticketField == .subIssueType ? body["issueType"].map { "\($0)" } : nil
            if ticketField == .subIssueType, parent == nil { continue }
            let fallback = field.picklistValues?.first { value in
                value.isDefaultValue == true && (value.isActive ?? true)
                    && (parent == nil || value.parentValue?.text == parent)
            }
            if let fallback { body[name] = Self.jsonValue(fallback.value.text) }
        }
    }

    /// `userDefinedFields: [{"name","value"}]`: the draft's values under Autotask's spelling of
    /// each name, and each required field the draft leaves out with its default.
    func userDefinedFieldsBody(for draft: TicketDraft) async throws(ConnectorError) -> [[String: String]] {
        let fields = try await ticketUserFields()
        var values: [String: String] = [:]
        for (name, value) in draft.userFields where !value.isEmpty {
            let known = fields.first { $0.name == name } ?? fields.first { $0.name.lowercased() == name.lowercased() }
            values[known?.name ?? name] = value
        }
        for field in fields where field.isRequired == true && (field.isActive ?? true) && values[field.name] == nil {
            if let fallback = Self.userFieldDefault(field) { values[field.name] = fallback }
        }
        return values.sorted { $0.key < $1.key }.map { ["name": $0.key, "value": $0.value] }
    }
}
