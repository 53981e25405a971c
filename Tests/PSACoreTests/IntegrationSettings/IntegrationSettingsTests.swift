import Foundation
import GRDB
import Testing

@testable import PSACore

@Suite struct IntegrationSettingsTests {
    private func withIntegration<T>(_ body: (Store, Int64) throws -> T) throws -> T {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/psalink.sqlite")
            let id = try store.insert(NewIntegration(system: .halo, displayName: "Halo"), credentials: [:]).id
            return try body(store, id)
        }
    }

    @Test func rateLimitTakesTwoWholeNumbersOfAtLeastOne() throws {
        #expect(try IntegrationSettingAssignment(key: .rateLimit, value: " 300/300 ").value == "300/300")
        #expect(try IntegrationSettingAssignment(key: .rateLimit, value: "1/1").value == "1/1")
        #expect(try IntegrationSettingAssignment(key: .rateLimit, value: "060/60").value == "60/60")
        for bad in ["300", "0/60", "60/0", "-1/60", "1.5/60", "a/b", "60/60/60", "/60", "60/", "٣/60"] {
            #expect(throws: IntegrationSettingError.invalidValue(.rateLimit, value: bad)) {
                try IntegrationSettingAssignment(key: .rateLimit, value: bad)
            }
        }
        let error = IntegrationSettingError.invalidValue(.rateLimit, value: "0/60")
        #expect(error.description.hasPrefix("rate-limit: \"0/60\" is not valid; expected N/SECONDS"))
    }

    @Test func anEmptyValueResetsToTheDefault() throws {
        #expect(try IntegrationSettingAssignment(key: .rateLimit, value: "").value == nil)
        #expect(try IntegrationSettingAssignment(key: .rateLimit, value: nil).value == nil)
    }

    @Test func defaultsAreTheVendorsLimits() {
        #expect(IntegrationSettingKey.rateLimit.defaultValue(for: .halo).value == "300/300")
        #expect(IntegrationSettingKey.rateLimit.defaultValue(for: .halo).source == "HaloPSA's published limit")
        #expect(IntegrationSettingKey.rateLimit.defaultValue(for: .autotask).value == "10000/3600")
        #expect(IntegrationSettingKey.rateLimit.defaultValue(for: .connectwise).value == "300/300")
        #expect(!IntegrationSettingKey.rateLimit.appliesToQueues)
    }

    @Test func argumentsSplitIntoTicketAndIntegrationSettings() throws {
        let parsed = try SettingAssignments.parseAll(["open-status=New", "Rate-Limit=100/60", "board="])
        #expect(parsed.ticket == [.init(key: .openStatus, value: "New"), .init(key: .board, value: nil)])
        #expect(parsed.integration == [.init(key: .rateLimit, value: "100/60")])
        // Values are checked apart from the keys: a bad value is not a wrong usage.
        let bad = try SettingAssignments.parseAll(["rate-limit=fast"])
        #expect(throws: IntegrationSettingError.invalidValue(.rateLimit, value: "fast")) {
            try bad.integrationAssignments()
        }
        #expect(try SettingAssignments.parseAll(["rate-limit="]).integrationAssignments().map(\.value) == [nil])
    }

    @Test func unknownAndRepeatedKeysAreUsageErrors() {
        #expect(throws: TicketSettingsError.unknownSetting("colour")) {
            try SettingAssignments.parseAll(["colour=red"])
        }
        #expect(throws: TicketSettingsError.duplicateIntegrationSetting(.rateLimit)) {
            try SettingAssignments.parseAll(["rate-limit=1/1", "RATE-LIMIT=2/2"])
        }
        #expect(TicketSettingsError.unknownSetting("colour").description.contains("rate-limit"))
        #expect(TicketSettingsError.unknownSetting("colour").isUsageError)
    }

    @Test func aQueueNeverTakesAnIntegrationSetting() {
        #expect(throws: TicketSettingsError.integrationSetting(.rateLimit)) {
            try TicketSettingAssignment.parseAll(["board=1", "rate-limit=100/60"])
        }
        let error = TicketSettingsError.integrationSetting(.rateLimit)
        #expect(error.isUsageError)
        #expect(error.description == "rate-limit is a setting of the integration, not of a ticket queue")
    }

    @Test func savedValuesReadBackResetAndAreAudited() throws {
        try withIntegration { store, id in
            try store.saveIntegrationSettings(
                [try IntegrationSettingAssignment(key: .rateLimit, value: "100/60")], forIntegration: id)
            #expect(try store.integrationSettings(forIntegration: id) == ["rate-limit": "100/60"])
            #expect(try store.integrationSettingValues(forKey: "rate-limit") == [id: "100/60"])
            // The same value again changes nothing and logs nothing.
            try store.saveIntegrationSettings(
                [try IntegrationSettingAssignment(key: .rateLimit, value: "100/60")], forIntegration: id)
            try store.saveIntegrationSettings(
                [try IntegrationSettingAssignment(key: .rateLimit, value: "")], forIntegration: id)
            #expect(try store.integrationSettings(forIntegration: id) == [:])

            let entries = try store.auditLog().filter { $0.action == "settings.save" }
            #expect(entries.count == 2)
            #expect(entries.map(\.target) == ["Halo", "Halo"])
            #expect(entries.last?.oldValue == "rate-limit=default")
            #expect(entries.last?.newValue == "rate-limit=100/60")
            #expect(entries.first?.oldValue == "rate-limit=100/60")
            #expect(entries.first?.newValue == "rate-limit=default")
        }
    }

    @Test func bothKindsAreSavedInOneTransactionOrNotAtAll() throws {
        try withIntegration { store, id in
            try store.saveSettings(
                ticket: ["open-status": "1"], integration: [try .init(key: .rateLimit, value: "50/60")],
                forIntegration: id)
            #expect(try store.ticketSettings(forIntegration: id) == ["open-status": "1"])
            #expect(try store.integrationSettings(forIntegration: id) == ["rate-limit": "50/60"])
            // Another integration's id: nothing of either kind is written.
            #expect(throws: StoreError.integrationNotFound(id: 99)) {
                try store.saveSettings(
                    ticket: ["open-status": "2"], integration: [try .init(key: .rateLimit, value: "1/1")],
                    forIntegration: 99)
            }
            #expect(try store.integrationSettingValues(forKey: "rate-limit") == [id: "50/60"])
            // Ticket settings left alone when the command sets none.
            try store.saveSettings(
                ticket: nil, integration: [try .init(key: .rateLimit, value: "")], forIntegration: id)
            #expect(try store.ticketSettings(forIntegration: id) == ["open-status": "1"])
            #expect(try store.integrationSettings(forIntegration: id) == [:])
        }
    }

    @Test func theRateBudgetFollowsTheSetting() throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/psalink.sqlite")
            let credentials = Credentials.halo(
                .init(url: "https://x.halopsa.com", clientID: "app", clientSecret: Secret("s")))
            let id = try store.insert(
                NewIntegration(system: .halo, displayName: "Halo"), credentials: credentials.storedFields
            ).id
            let key = BudgetKey(credentials)
            #expect(RateBudgets(store: store).limit(of: key, system: .halo) == RateLimit(count: 300, seconds: 300))
            try store.saveIntegrationSettings([try .init(key: .rateLimit, value: "20/60")], forIntegration: id)
            #expect(RateBudgets(store: store).limit(of: key, system: .halo) == RateLimit(count: 20, seconds: 60))
        }
    }

    @Test func statusShowsTheDefaultAndTheTightestLimitOnTheSamePSA() throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: folder + "/psalink.sqlite")
            func halo(_ client: String) -> Credentials {
                .halo(.init(url: "https://x.halopsa.com/", clientID: client, clientSecret: Secret("s")))
            }
            let first = try store.insert(
                NewIntegration(system: .halo, displayName: "One"), credentials: halo("a").storedFields)
            let second = try store.insert(
                NewIntegration(system: .halo, displayName: "Two"), credentials: halo("b").storedFields)
            let untouched = try #require(try IntegrationSettingStatus.all(of: first, in: store).first)
            #expect(untouched.key == .rateLimit && untouched.value == nil)
            #expect(
                untouched.defaultValue
                    == IntegrationSettingDefault(value: "300/300", source: "HaloPSA's published limit"))
            #expect(untouched.effective == "300/300")

            try store.saveIntegrationSettings([try .init(key: .rateLimit, value: "100/300")], forIntegration: first.id)
            try store.saveIntegrationSettings([try .init(key: .rateLimit, value: "50/300")], forIntegration: second.id)
            let own = try #require(try IntegrationSettingStatus.all(of: first, in: store).first)
            #expect(own.value == "100/300" && own.own == "100/300")
            // Both reach one HaloPSA instance: the tighter limit holds for both.
            #expect(own.effective == "50/300")
        }
    }
}
