import Foundation
import Testing

@testable import PSACore

/// `storm` and `note-visibility`: their values, their defaults, and how a queue sets them over
/// its integration's on the way to a routed event's settings.
@Suite struct NoiseSettingsTests {
    @Test func stormTakesTwoWholeNumbersOfAtLeastOneOrOff() throws {
        #expect(StormLimit(parsing: "10/10") == StormLimit.standard)
        #expect(StormLimit(parsing: " 05/30 ") == StormLimit(tickets: 5, minutes: 30))
        #expect(StormLimit(tickets: 5, minutes: 30).description == "5/30")
        #expect(StormLimit(tickets: 3, minutes: 15).window == 900)
        for bad in ["0/5", "5/0", "x", "off", "5", "5/", "/5", "-1/5", "1.5/5", "5/5/5", "+5/5", "٣/5", ""] {
            #expect(StormLimit(parsing: bad) == nil, "\(bad)")
        }
        #expect(try IntegrationSettingAssignment(key: .storm, value: "05/30").value == "5/30")
        #expect(try IntegrationSettingAssignment(key: .storm, value: "OFF").value == "off")
        #expect(try IntegrationSettingAssignment(key: .storm, value: "").value == nil)
        for bad in ["0/5", "5/0", "x", "on"] {
            #expect(throws: IntegrationSettingError.invalidValue(.storm, value: bad)) {
                try IntegrationSettingAssignment(key: .storm, value: bad)
            }
        }
        let refusal = IntegrationSettingError.invalidValue(.storm, value: "0/5").description
        #expect(refusal.hasPrefix("storm: \"0/5\" is not valid; expected N/MINUTES"))
    }

    @Test func noteVisibilityIsInternalOrPublic() throws {
        #expect(try IntegrationSettingAssignment(key: .noteVisibility, value: "Public").value == "public")
        #expect(try IntegrationSettingAssignment(key: .noteVisibility, value: "internal").value == "internal")
        #expect(throws: IntegrationSettingError.invalidValue(.noteVisibility, value: "private")) {
            try IntegrationSettingAssignment(key: .noteVisibility, value: "private")
        }
    }

    @Test func bothHaveDefaultsAndOnlyTheyApplyToQueues() {
        #expect(IntegrationSettingKey.storm.defaultValue(for: .halo).value == "10/10")
        #expect(IntegrationSettingKey.storm.defaultValue(for: .autotask).source.contains("10 new tickets per customer"))
        #expect(IntegrationSettingKey.noteVisibility.defaultValue(for: .connectwise).value == "internal")
        #expect(
            IntegrationSettingKey.allCases.filter(\.appliesToQueues) == [.storm, .noteVisibility])
    }

    @Test func ticketSettingsGiveDefaultsOffAndTheStoredValues() {
        let none = TicketSettings()
        #expect(none.stormLimit == .standard)
        #expect(none.noteVisibility == .internal)
        let set = TicketSettings(stored: ["storm": "5/30", "note-visibility": "public", "board": "1"])
        #expect(set.stormLimit == StormLimit(tickets: 5, minutes: 30))
        #expect(set.noteVisibility == .public)
        #expect(TicketSettings(stored: ["storm": "off"]).stormLimit == nil)
    }

    /// The routed settings are stored as JSON with each event and read back by delivery; the two
    /// values come back, and neither becomes a field of the ticket sent to the PSA.
    @Test func theValuesRoundTripThroughTheStoredFormAndAreNoTicketFields() throws {
        let settings = TicketSettings(stored: ["storm": "off", "note-visibility": "public", "queue": "7"])
        let json = Store.settingsJSON(settings)
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String])
        let back = TicketSettings(stored: object)
        #expect(back == settings)
        #expect(back.stormLimit == nil && back.noteVisibility == .public)
        #expect(back.unknownKeys.isEmpty)
        let fields = back.ticketFields(status: "1", priority: nil)
        #expect(fields.settings == [.queue: "7", .status: "1"])
        #expect(fields.userFields.isEmpty)
    }

    /// Halo (default) and Autotask, with the queues "Alerts" (setting both) and "Quiet" (setting none).
    private func withStore(_ body: (Store, Int64, Int64) throws -> Void) throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/db.sqlite")
            let halo = try store.insert(NewIntegration(system: .halo, displayName: "Halo"), credentials: [:]).id
            let autotask = try store.insert(NewIntegration(system: .autotask, displayName: "AT"), credentials: [:]).id
            try store.importAccounts([NerdioAccount(id: "a1", name: "a1", tenantID: "t")])
            for id in [halo, autotask] {
                try store.replaceCompanies([PSACompany(id: "101", name: "Contoso")], forIntegration: id)
                try store.setMapping(integration: id, account: "a1", company: "101")
            }
            try store.addQueue(
                named: "Alerts", integration: autotask,
                settings: ["queue": "7", "storm": "3/5", "note-visibility": "internal"])
            try store.addQueue(named: "Quiet", integration: autotask, settings: ["queue": "8"])
            try body(store, halo, autotask)
        }
    }

    private func event(queue: String?) -> NotificationEvent {
        NotificationEvent(
            id: "e", accountID: "a1", condition: .init(id: "c", type: .task), severity: nil, state: .firing,
            target: "hostpool/hp-1", title: "t", queue: queue)
    }

    @Test func aQueuesValuesWinOverItsIntegrationsWhichWinOverTheDefaults() throws {
        try withStore { store, halo, autotask in
            let router = EventRouter(store: store)
            let plain = try router.route(event(queue: nil))
            #expect(plain.integrationID == halo)
            #expect(plain.settings.stormLimit == .standard && plain.settings.noteVisibility == .internal)

            try store.saveIntegrationSettings(
                [
                    try IntegrationSettingAssignment(key: .storm, value: "off"),
                    try IntegrationSettingAssignment(key: .noteVisibility, value: "public"),
                    try IntegrationSettingAssignment(key: .rateLimit, value: "100/60"),
                ], forIntegration: autotask)
            let quiet = try router.route(event(queue: "Quiet")).settings
            #expect(quiet.stormLimit == nil && quiet.noteVisibility == .public)
            // Only the keys a queue may set travel with the event.
            #expect(quiet.unknownKeys.isEmpty && quiet.stored["rate-limit"] == nil)

            let alerts = try router.route(event(queue: "Alerts")).settings
            #expect(alerts.stormLimit == StormLimit(tickets: 3, minutes: 5))
            #expect(alerts.noteVisibility == .internal)
            #expect(alerts[.queue] == "7")

            // A test ticket goes to the integration's own settings, whatever the queue.
            let own = try router.route(event(queue: "Alerts"), toIntegration: autotask).settings
            #expect(own.stormLimit == nil && own.noteVisibility == .public)
            // Another integration's values are not this one's.
            #expect(try router.route(event(queue: nil)).settings.noteVisibility == .internal)
        }
    }

    /// Export and import carry both, at the integration and in a queue; an import checks a
    /// queue's values as `settings set` does, and stores them in their stored form.
    @Test func exportAndImportCarryThemAtBothLevels() throws {
        try withTemporaryFolder { folder in
            let source = try Store.open(at: folder + "/source.sqlite")
            let halo = try source.insert(
                NewIntegration(system: .halo, displayName: "Halo"),
                credentials: ["url": "https://h.example.com", "clientId": "i", "clientSecret": "s"]
            ).id
            try source.saveIntegrationSettings(
                [try IntegrationSettingAssignment(key: .noteVisibility, value: "public")], forIntegration: halo)
            try source.addQueue(
                named: "Noisy", integration: halo, settings: ["storm": "off", "note-visibility": "internal"])
            var document = try source.exportConfiguration(includeSecrets: true)
            let entry = try #require(document.integrations.first)
            #expect(entry.integrationSettings == ["note-visibility": "public"])
            #expect(entry.queues == [.init(name: "Noisy", settings: ["storm": "off", "note-visibility": "internal"])])

            let target = try Store.open(at: folder + "/target.sqlite")
            document.integrations[0].queues[0].settings["storm"] = " 05/30 "
            try target.importConfiguration(try ConfigurationDocument.decode(try document.encoded()), source: nil)
            let imported = try #require(try target.queue(named: "noisy"))
            #expect(imported.settings == ["storm": "5/30", "note-visibility": "internal"])
            let routed = TicketSettings(stored: imported.settings)
            #expect(routed.stormLimit == StormLimit(tickets: 5, minutes: 30))

            for (key, bad) in [("storm", "0/5"), ("note-visibility", "everyone")] {
                var refused = document
                refused.integrations[0].queues[0].settings[key] = bad
                let other = try Store.open(at: folder + "/other-\(key).sqlite")
                #expect {
                    try other.importConfiguration(refused, source: nil)
                } throws: { error in
                    (error as? ConfigurationError)?.description.contains(
                        "integration \"Halo\", queue \"Noisy\": \(key): \"\(bad)\" is not valid") == true
                }
                #expect(try other.integrations().isEmpty)
            }
        }
    }
}
