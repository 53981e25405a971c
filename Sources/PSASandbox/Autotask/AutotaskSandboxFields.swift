import Foundation

/// The entity field information the emulated Autotask reports (`FieldInformationModel` with
/// `PickListValue` entries, camelCase as the live API sends it, AT2).
enum AutotaskSandboxFields {
    struct Pick {
        var value: Int
        var label: String
        var isDefault = false
        var isSystem = true
        var isActive = true
        var parent: Int?
    }

    struct Field {
        var name: String
        var dataType: String
        var isRequired = false
        var isReadOnly = false
        var picks: [Pick]?
        var parentField: String?
    }

    static let completeStatus = 5

    static let ticketFieldOrder = [
        "id", "ticketNumber", "companyID", "title", "description", "status", "priority", "queueID", "issueType",
        "subIssueType", "ticketType", "ticketCategory", "source", "dueDateTime", "externalID", "completedDate",
        "resolution", "createDate", "lastActivityDate", "assignedResourceID", "assignedResourceRoleID",
    ]

    static let ticket: [Field] = [
        Field(name: "id", dataType: "long", isReadOnly: true),
        Field(name: "ticketNumber", dataType: "string", isReadOnly: true),
        Field(name: "companyID", dataType: "integer", isRequired: true),
        Field(name: "title", dataType: "string", isRequired: true),
        Field(name: "description", dataType: "string"),
        Field(
            name: "status", dataType: "integer", isRequired: true,
            picks: [
                Pick(value: 1, label: "New", isDefault: true), Pick(value: 5, label: "Complete"),
                Pick(value: 7, label: "Waiting Customer"), Pick(value: 8, label: "In Progress"),
                Pick(value: 9, label: "Waiting Materials", isSystem: false),
                Pick(value: 12, label: "Waiting Vendor", isSystem: false),
                Pick(value: 14, label: "Cancelled", isSystem: false),
                Pick(value: 15, label: "Escalated", isSystem: false, isActive: false),
            ]),
        Field(
            name: "priority", dataType: "integer", isRequired: true,
            picks: [
                Pick(value: 4, label: "Critical"), Pick(value: 1, label: "High"),
                Pick(value: 2, label: "Medium", isDefault: true), Pick(value: 3, label: "Low"),
            ]),
        Field(
            name: "queueID", dataType: "integer",
            picks: [
                Pick(value: 29_682_833, label: "Client Portal"), Pick(value: 29_682_969, label: "Post Sale"),
                Pick(value: 29_683_354, label: "Monitoring Alert"),
                Pick(value: 29_683_481, label: "Level I Support", isDefault: true),
                Pick(value: 29_683_482, label: "Level II Support"),
            ]),
        Field(
            name: "issueType", dataType: "integer",
            picks: [
                Pick(value: 5, label: "Hardware"), Pick(value: 6, label: "Software"),
                Pick(value: 18, label: "Cloud Services"),
            ]),
        Field(
            name: "subIssueType", dataType: "integer",
            picks: [
                Pick(value: 210, label: "Server", parent: 5), Pick(value: 211, label: "Workstation", parent: 5),
                Pick(value: 220, label: "Microsoft 365", parent: 6),
                Pick(value: 221, label: "Line of Business App", parent: 6),
                Pick(value: 230, label: "Azure Virtual Desktop", parent: 18),
                Pick(value: 231, label: "Backup", parent: 18),
            ],
            parentField: "issueType"),
        Field(
            name: "ticketType", dataType: "integer",
            picks: [
                Pick(value: 1, label: "Service Request", isDefault: true), Pick(value: 2, label: "Incident"),
                Pick(value: 3, label: "Problem"), Pick(value: 4, label: "Change Request"),
                Pick(value: 5, label: "Alert"),
            ]),
        Field(
            name: "ticketCategory", dataType: "integer",
            picks: [
                Pick(value: 3, label: "Standard", isDefault: true), Pick(value: 4, label: "RMM Alert"),
                Pick(value: 5, label: "Cloud Alert", isSystem: false),
            ]),
        Field(
            name: "source", dataType: "integer",
            picks: [
                Pick(value: 2, label: "Phone"), Pick(value: 4, label: "Email"),
                Pick(value: 6, label: "Client Portal"), Pick(value: 8, label: "Monitoring Alert"),
            ]),
        Field(name: "dueDateTime", dataType: "datetime", isRequired: true),
        Field(name: "externalID", dataType: "string"),
        Field(name: "completedDate", dataType: "datetime", isReadOnly: true),
        Field(name: "resolution", dataType: "string"),
        Field(name: "createDate", dataType: "datetime", isReadOnly: true),
        Field(name: "lastActivityDate", dataType: "datetime", isReadOnly: true),
        Field(name: "assignedResourceID", dataType: "integer"),
        Field(name: "assignedResourceRoleID", dataType: "integer"),
    ]

    static let companyTypes: [(type: String, value: Int)] = [
        ("Customer", 1), ("Lead", 2), ("Prospect", 3), ("Dead", 4), ("Cancellation", 6), ("Vendor", 7),
        ("Partner", 8),
    ]

    static let company: [Field] = [
        Field(name: "id", dataType: "long", isReadOnly: true),
        Field(name: "companyName", dataType: "string", isRequired: true),
        Field(name: "companyNumber", dataType: "string"),
        Field(name: "webAddress", dataType: "string"),
        Field(
            name: "companyType", dataType: "integer", isRequired: true,
            picks: companyTypes.map { Pick(value: $0.value, label: $0.type, isDefault: $0.value == 1) }),
        Field(name: "isActive", dataType: "boolean"),
    ]

    static let ticketNote: [Field] = [
        Field(name: "id", dataType: "long", isReadOnly: true),
        Field(name: "ticketID", dataType: "integer", isRequired: true),
        Field(name: "title", dataType: "string", isRequired: true),
        Field(name: "description", dataType: "string", isRequired: true),
        Field(
            name: "noteType", dataType: "integer", isRequired: true,
            picks: [
                Pick(value: 1, label: "Task Notes", isDefault: true), Pick(value: 2, label: "Task Detail"),
                Pick(value: 3, label: "Task Summary"),
            ]),
        Field(
            name: "publish", dataType: "integer", isRequired: true,
            picks: [
                Pick(value: 1, label: "All Autotask Users", isDefault: true), Pick(value: 2, label: "Internal Only"),
            ]),
        Field(name: "createDateTime", dataType: "datetime", isReadOnly: true),
    ]

    /// The ticket fields with `requirements` applied: each named field required, and its
    /// default, when one is given, the only picklist value marked default.
    static func ticket(with requirements: AutotaskSandboxRequirements) -> [Field] {
        ticket.map { field in
            guard let required = requirements.fields[field.name] else { return field }
            var field = field
            field.isRequired = true
            if let value = required.defaultValue {
                field.picks = field.picks?.map { pick in
                    var pick = pick
                    pick.isDefault = pick.value == value
                    return pick
                }
            }
            return field
        }
    }

    /// The ticket fields that `/sandbox/required` may make required.
    static let requirableTicketFields = [
        "issueType", "subIssueType", "source", "ticketCategory", "queueID", "ticketType",
    ]

    static func field(_ name: String, in fields: [Field]) -> Field? {
        fields.first { $0.name.lowercased() == name.lowercased() }
    }

    static func isPicklistValue(_ value: Int, of name: String, in fields: [Field]) -> Bool {
        field(name, in: fields)?.picks?.contains { $0.value == value && $0.isActive } ?? false
    }

    static func json(_ fields: [Field]) -> [String: Any] {
        ["fields": fields.map(json)]
    }

    /// `entityInformation/userDefinedFields`: the spec's `Field` model. The spec names the data
    /// type `type` where the standard fields call it `dataType`; both are given.
    static func json(_ fields: [AutotaskSandboxRequirements.UserDefinedField]) -> [String: Any] {
        [
            "fields": fields.map { field -> [String: Any] in
                let picks = (field.picklist ?? []).enumerated().map { index, value -> [String: Any] in
                    [
                        "value": value, "label": value, "isDefaultValue": value == field.defaultValue,
                        "sortOrder": index + 1, "parentValue": "", "isActive": true, "isSystem": false,
                    ]
                }
                return [
                    "name": field.name, "label": field.name, "type": "string", "dataType": "string", "length": 8000,
                    "description": "", "isRequired": true, "isReadOnly": false, "isQueryable": true,
                    "isReference": false, "referenceEntityType": "", "isPickList": field.picklist != nil,
                    "picklistValues": picks, "picklistParentValueField": "",
                    "defaultValue": field.defaultValue.map { $0 as Any } ?? NSNull(), "isSupportedWebhookField": false,
                ]
            }
        ]
    }

    private static func json(_ field: Field) -> [String: Any] {
        var sortOrder = 0
        let picks: [[String: Any]] = (field.picks ?? []).map { pick in
            sortOrder += 1
            return [
                "value": String(pick.value), "label": pick.label, "isDefaultValue": pick.isDefault,
                "sortOrder": sortOrder, "parentValue": pick.parent.map { String($0) as Any } ?? "",
                "isActive": pick.isActive, "isSystem": pick.isSystem,
            ]
        }
        return [
            "name": field.name, "dataType": field.dataType, "length": field.dataType == "string" ? 8000 : 0,
            "isRequired": field.isRequired, "isReadOnly": field.isReadOnly, "isQueryable": true,
            "isReference": field.name == "companyID", "referenceEntityType": field.name == "companyID" ? "Company" : "",
            "isPickList": field.picks != nil, "picklistValues": picks,
            "picklistParentValueField": field.parentField ?? "", "isSupportedWebhookField": false,
        ]
    }
}
