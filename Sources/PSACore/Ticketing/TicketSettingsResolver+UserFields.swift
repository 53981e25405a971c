/// Autotask's user-defined fields as ticket settings (`udf.NAME`): the name matched to the
/// PSA's field regardless of case and stored as Autotask spells it; a picklist value matched
/// by value, then by label regardless of case, and stored as the value; text taken as typed.
extension TicketSettingsResolver {
    /// The field's name as Autotask spells it, and the value to store.
    public func resolveUserField(_ name: String, _ value: String) throws(TicketSettingsError)
        -> (name: String, value: String)
    {
        let field = try userField(name)
        guard let picklist = field.choices else { return (field.name, value) }
        let folded = value.lowercased()
        let choice =
            picklist.first { $0.id == value } ?? picklist.first { $0.name.lowercased() == folded }
            ?? picklist.first { $0.id.lowercased() == folded }
        guard let choice else {
            let names = picklist.filter(\.isActive).map(\.name)
            throw .userFieldValueNotFound(
                field.name, value: value, validNames: Array(names.prefix(Self.namesShown)),
                more: max(0, names.count - Self.namesShown))
        }
        guard choice.isActive else { throw .inactiveUserFieldValue(field.name, name: choice.name) }
        return (field.name, choice.id)
    }

    /// `settings` with every assignment applied, all or none; an empty value clears the field
    /// under whatever case it was stored.
    public func applying(_ assignments: [UserFieldAssignment], to settings: TicketSettings)
        throws(TicketSettingsError) -> TicketSettings
    {
        var updated = settings
        for assignment in assignments {
            guard let value = assignment.value else {
                guard system == .autotask else { throw .userFieldsNotForSystem(name: assignment.name, system) }
                let folded = assignment.name.lowercased()
                for stored in updated.userFields.keys where stored.lowercased() == folded {
                    updated.userFields[stored] = nil
                }
                continue
            }
            let (name, stored) = try resolveUserField(assignment.name, value)
            for old in updated.userFields.keys where old.lowercased() == name.lowercased() {
                updated.userFields[old] = nil
            }
            updated.userFields[name] = stored
        }
        return updated
    }

    /// Every user-defined field that is set or required, in the PSA's order, then any stored
    /// one the PSA no longer has.
    public func reviewUserFields(_ settings: TicketSettings) -> [UserFieldReview] {
        let unmet = Set(
            RequiredFieldCheck.problems(in: settings, resolver: self).map(\.key).compactMap(
                TicketSettings.userFieldName))
        var reviews: [UserFieldReview] = []
        var seen = Set<String>()
        for field in choices.userFields {
            let stored = settings.userFields.first { $0.key.lowercased() == field.name.lowercased() }
            guard stored != nil || field.isRequired else { continue }
            if let stored { seen.insert(stored.key) }
            guard let value = stored?.value else {
                reviews.append(
                    UserFieldReview(
                        name: field.name, value: nil, label: nil,
                        status: unmet.contains(field.name) ? .unsetRequired : .unset))
                continue
            }
            guard let picklist = field.choices else {
                reviews.append(UserFieldReview(name: field.name, value: value, label: value, status: .ok))
                continue
            }
            let label = picklist.first { $0.id == value }?.name
            reviews.append(
                UserFieldReview(
                    name: field.name, value: value, label: label, status: label == nil ? .missingInPSA : .ok))
        }
        for (name, value) in settings.userFields.sorted(by: { $0.key < $1.key }) where !seen.contains(name) {
            reviews.append(UserFieldReview(name: name, value: value, label: nil, status: .missingInPSA))
        }
        return reviews
    }

    private func userField(_ name: String) throws(TicketSettingsError) -> UserField {
        guard system == .autotask else { throw .userFieldsNotForSystem(name: name, system) }
        guard let field = choices.userField(named: name) else {
            let names = choices.userFields.map(\.name)
            throw .unknownUserField(
                name, names: Array(names.prefix(Self.namesShown)), more: max(0, names.count - Self.namesShown))
        }
        return field
    }
}
