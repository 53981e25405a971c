import Testing

@testable import PSACore

@Suite struct TicketingUserFieldTests {
    static let choices = TicketChoices(
        userFields: [
            UserField(
                name: "Region", label: "Service region", isRequired: true,
                choices: [
                    Choice(id: "1", name: "EMEA"), Choice(id: "2", name: "APAC"),
                    Choice(id: "3", name: "LATAM", isActive: false),
                ]),
            UserField(name: "Cost Centre"),
        ])
    let autotask = TicketSettingsResolver(system: .autotask, choices: Self.choices)

    @Test func argumentsOfUserFieldsAreParsedApartFromTicketSettings() throws {
        let parsed = try SettingAssignments.parseAll(["UDF.Region=apac", "open-status=New", "udf.Cost Centre = 42 "])
        #expect(parsed.userFields == [.init(name: "Region", value: "apac"), .init(name: "Cost Centre", value: "42")])
        #expect(parsed.ticket == [.init(key: .openStatus, value: "New")])
        #expect(parsed.asksThePSA)
        #expect(UserFieldAssignment(parsing: "udf.Region=") == .init(name: "Region", value: nil))
        #expect(UserFieldAssignment(parsing: "udf.=x") == nil)
        #expect(throws: TicketSettingsError.duplicateUserField("region")) {
            try SettingAssignments.parseAll(["udf.Region=1", "udf.region=2"])
        }
    }

    @Test func aPicklistValueIsMatchedByValueOrLabelAndStoredAsTheValueUnderAutotasksName() throws {
        let settings = try autotask.applying(
            [.init(name: "region", value: "apac"), .init(name: "COST CENTRE", value: "Shared IT")],
            to: TicketSettings())
        #expect(settings.userFields == ["Region": "2", "Cost Centre": "Shared IT"])
        #expect(try autotask.resolveUserField("Region", "1") == ("Region", "1"))
        #expect(settings.stored["udf.Region"] == "2")
        let cleared = try autotask.applying([.init(name: "REGION", value: nil)], to: settings)
        #expect(cleared.userFields == ["Cost Centre": "Shared IT"])
    }

    @Test func unknownFieldsValuesAndOtherSystemsAreRefusedNamingTheKey() {
        #expect(throws: TicketSettingsError.unknownUserField("Colour", names: ["Region", "Cost Centre"], more: 0)) {
            try autotask.resolveUserField("Colour", "red")
        }
        let notFound = TicketSettingsError.userFieldValueNotFound(
            "Region", value: "Mars", validNames: ["EMEA", "APAC"], more: 0)
        #expect(throws: notFound) { try autotask.resolveUserField("region", "Mars") }
        #expect(
            notFound.description == "udf.Region: \"Mars\" is not in the field's picklist; choose one of: EMEA, APAC")
        #expect(throws: TicketSettingsError.inactiveUserFieldValue("Region", name: "LATAM")) {
            try autotask.resolveUserField("Region", "latam")
        }
        let halo = TicketSettingsResolver(system: .halo, choices: TicketChoices())
        #expect(throws: TicketSettingsError.userFieldsNotForSystem(name: "Region", .halo)) {
            try halo.resolveUserField("Region", "1")
        }
        #expect(
            TicketSettingsError.userFieldsNotForSystem(name: "Region", .halo).description
                == "udf.Region: user-defined fields are Datto Autotask PSA only, not HaloPSA")
    }

    @Test func reviewListsSetAndRequiredFieldsAndOnesThePSALost() {
        let settings = TicketSettings(userFields: ["Cost Centre": "42", "Old": "x"])
        #expect(
            autotask.reviewUserFields(settings) == [
                UserFieldReview(name: "Region", value: nil, label: nil, status: .unsetRequired),
                UserFieldReview(name: "Cost Centre", value: "42", label: "42", status: .ok),
                UserFieldReview(name: "Old", value: "x", label: nil, status: .missingInPSA),
            ])
        #expect(
            autotask.reviewUserFields(TicketSettings(userFields: ["region": "9"])).first
                == UserFieldReview(name: "Region", value: "9", label: nil, status: .missingInPSA))
    }
}
