import Foundation
import PSASandbox
import Testing

@testable import PSACore

/// Events of an account whose company is gone, inactive or merged follow the integration's
/// `broken-mapping` policy; an event that finally cannot become a ticket raises one at the
/// MSP-level customer (DESIGN §6).
extension DeliveryWorkerTests {
    /// The sandbox's company at index 2, the MSP-level customer of these tests.
    static func mspCompanyID(for system: PSASystem) -> String {
        switch system {
        case .halo: return "14"
        case .connectwise: return "252"
        case .autotask: return "29683002"
        }
    }

    /// The account's company marked inactive in the cache, another company as the MSP-level
    /// customer, and `policy` set (nil keeps the default).
    func breakMapping(_ bed: DeliveryBed, policy: BrokenMappingPolicy?, msp: Bool = true) throws {
        let mspID = Self.mspCompanyID(for: bed.system)
        try bed.store.replaceCompanies(
            [PSACompany(id: bed.companyID, name: "Fabrikam", isActive: false), PSACompany(id: mspID, name: "Our MSP")],
            forIntegration: bed.integrationID)
        try MappingHealth(store: bed.store).review(integrationID: bed.integrationID)
        if msp {
            try bed.store.setMSPCustomer(integration: bed.integrationID, company: mspID, fallbackForUnmapped: false)
        }
        if let policy {
            try bed.store.saveIntegrationSettings(
                [try IntegrationSettingAssignment(key: .brokenMapping, value: policy.rawValue)],
                forIntegration: bed.integrationID)
        }
    }

    func ticket(of seq: Int64, _ bed: DeliveryBed) throws -> TrackedTicket {
        let row = try #require(try bed.stored(seq).ticketRow)
        return try #require(try bed.store.trackedTicket(row: row))
    }

    @Test(
        "by default an inactive company's events open tickets at the MSP-level customer, with a note why",
        arguments: PSASystem.allCases)
    func brokenMappingGoesToTheMSP(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            try breakMapping(bed, policy: nil)
            let seqs = try bed.accept([bed.event("e1")])
            await bed.deliver()
            let event = try bed.stored(seqs[0])
            #expect(event.state == .delivered && event.operation == .create, "\(event.lastError ?? "")")
            #expect(event.companyID == Self.mspCompanyID(for: system))
            #expect(event.event.details.hasPrefix("Nerdio account Account One (a1) is mapped to company #"))
            #expect(event.event.details.contains("inactive in the PSA"))
            #expect(try ticket(of: seqs[0], bed).companyID == Self.mspCompanyID(for: system))
            let audit = try bed.store.auditLog().filter { $0.action == "mapping.health" }
            #expect(audit.first?.newValue == "company-inactive" && audit.first?.oldValue == "ok")
        }
    }

    @Test("skip records why and opens nothing; send opens at the company as before", arguments: PSASystem.allCases)
    func skipAndSend(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            try breakMapping(bed, policy: .skip)
            let skipped = try EventIntake(store: bed.store).accept([bed.event("e1")])
            guard case .accepted(.stored(let seq, .skipped)) = skipped[0] else {
                Issue.record("not skipped: \(skipped)")
                return
            }
            #expect(try bed.stored(seq).reason?.contains("broken-mapping=skip") == true)
            #expect(try bed.stored(seq).reason?.contains("is inactive in the PSA") == true)

            try bed.store.saveIntegrationSettings(
                [try IntegrationSettingAssignment(key: .brokenMapping, value: "send")],
                forIntegration: bed.integrationID)
            let sent = try bed.accept([bed.event("e2")])
            await bed.deliver()
            #expect(try bed.stored(sent[0]).state == .delivered)
            #expect(try ticket(of: sent[0], bed).companyID == bed.companyID)
        }
    }

    @Test(
        "hold keeps the events until the account is remapped, then delivers them in order",
        arguments: PSASystem.allCases)
    func holdUntilRemapped(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            try breakMapping(bed, policy: .hold)
            let results = try EventIntake(store: bed.store).accept([
                bed.event("e1"), bed.event("e2", .resolved),
            ])
            let seqs = results.compactMap { result -> Int64? in
                guard case .accepted(.stored(let seq, .held)) = result else { return nil }
                return seq
            }
            #expect(seqs.count == 2)
            await bed.deliver()
            #expect(try bed.stored(seqs).allSatisfy { $0.state == .held && $0.heldSince != nil })
            #expect(try bed.store.heldEventCounts()[bed.integrationID] == 2)

            // The admin maps the account to the company that carries on.
            let mspID = Self.mspCompanyID(for: system)
            try bed.store.setMapping(integration: bed.integrationID, account: "a1", company: mspID)
            await bed.deliver()
            let delivered = try bed.stored(seqs)
            #expect(delivered.map(\.state) == [.delivered, .delivered], "\(delivered.map(\.lastError))")
            #expect(delivered.map(\.operation) == [.create, .resolve])
            #expect(try ticket(of: seqs[0], bed).companyID == mspID)
        }
    }

    @Test("an event held for more than a day raises one ticket at the MSP-level customer")
    func heldForADayRaisesAFallback() async throws {
        try await withDeliveryBed(.halo) { bed in
            try breakMapping(bed, policy: .hold)
            _ = try EventIntake(store: bed.store).accept([bed.event("e1")])
            try HeldEvents(store: bed.store).reconsider(now: Date().addingTimeInterval(3_600))
            #expect(try bed.store.heldEvents().first?.fallbackEvent == nil)
            try HeldEvents(store: bed.store).reconsider(now: Date().addingTimeInterval(FallbackTicket.heldFor + 60))
            try HeldEvents(store: bed.store).reconsider(now: Date().addingTimeInterval(FallbackTicket.heldFor + 120))
            let held = try #require(try bed.store.heldEvents().first)
            #expect(held.fallbackEvent == "psalink-fallback-e1")
            await bed.deliver()
            let all = try bed.store.events(seqs: Array(1...10))
            let fallback = try #require(all.first { $0.fallbackFor == "e1" })
            #expect(fallback.state == .delivered && fallback.operation == .create)
            #expect(fallback.event.title == "psalink could not open a ticket for Fabrikam")
            #expect(fallback.event.details.contains("held for more than a day"))
            #expect(all.filter { $0.fallbackFor != nil }.count == 1)
        }
    }

    @Test(
        "a refused ticket raises one at the MSP-level customer; a second refusal adds a note to it",
        arguments: PSASystem.allCases)
    func refusalRaisesAFallbackTicket(system: PSASystem) async throws {
        try await withDeliveryBed(system) { bed in
            // A company the PSA does not have: the PSA refuses the ticket, not psalink.
            try bed.store.replaceCompanies(
                [
                    PSACompany(id: "777777", name: "Gone Ltd"),
                    PSACompany(id: Self.mspCompanyID(for: system), name: "MSP"),
                ],
                forIntegration: bed.integrationID)
            try bed.store.setMapping(integration: bed.integrationID, account: "a1", company: "777777")
            try bed.store.setMSPCustomer(
                integration: bed.integrationID, company: Self.mspCompanyID(for: system), fallbackForUnmapped: false)
            let seqs = try bed.accept([bed.event("e1"), bed.event("e2", target: "hostpool/hp-2")])
            await bed.deliver()
            let refused = try bed.stored(seqs)
            #expect(refused.allSatisfy { $0.state == .failed && !$0.retryable })
            #expect(refused.map(\.fallbackEvent) == ["psalink-fallback-e1", "psalink-fallback-e2"])
            let raised = try bed.store.events(seqs: Array((seqs[1] + 1)...(seqs[1] + 2)))
            #expect(raised.map(\.state) == [.delivered, .delivered], "\(raised.map(\.lastError))")
            // Both were delivered at once: either may have opened the ticket.
            #expect(Set(raised.compactMap(\.operation)) == [.create, .note])
            #expect(raised.allSatisfy { $0.event.details.contains("the PSA refused it") })
            #expect(raised.contains { $0.event.details.contains("\"id\":\"e1\"") })
            #expect(try ticket(of: raised[0].seq, bed).companyID == Self.mspCompanyID(for: system))
            #expect(try ticket(of: raised[0].seq, bed).row == ticket(of: raised[1].seq, bed).row)
            #expect(try bed.store.unreportedFailures()[bed.integrationID] == nil)
        }
    }

    /// What a technician does to a company in the PSA (`POST /sandbox/companies`).
    func changeCompany(_ bed: DeliveryBed, _ action: String) async throws {
        let body = try JSONSerialization.data(withJSONObject: [
            "action": action, "psa": bed.system.rawValue, "company": bed.companyID,
        ])
        let response = try await HTTPClient().send(
            HTTPRequest(
                method: .post, url: bed.endpoints.baseURL + "/sandbox/companies",
                headers: ["Content-Type": "application/json"], body: body))
        #expect(response.status == 200)
    }

    @Test(
        "a create refused because the company was deleted or deactivated marks the mapping and reroutes what follows",
        arguments: [
            (PSASystem.halo, "delete"), (.connectwise, "delete"), (.connectwise, "deactivate"),
            (.autotask, "deactivate"),
        ])
    func aRefusalBecauseOfTheCompanyMarksTheMapping(system: PSASystem, action: String) async throws {
        try await withDeliveryBed(system) { bed in
            let mspID = Self.mspCompanyID(for: system)
            try bed.store.replaceCompanies(
                [PSACompany(id: bed.companyID, name: "Fabrikam"), PSACompany(id: mspID, name: "Our MSP")],
                forIntegration: bed.integrationID)
            try bed.store.setMSPCustomer(integration: bed.integrationID, company: mspID, fallbackForUnmapped: false)
            try await changeCompany(bed, action)
            // The cache still says the company is fine: the PSA's refusal is the first news of it.
            let first = try bed.accept([bed.event("e1")])
            // Autotask refuses with a 500, which psalink retries: its attempts run out here at once.
            await bed.worker(maximumAttempts: 2, retryRounds: 0).drain(until: Date().addingTimeInterval(20))
            #expect(try bed.stored(first[0]).state == .failed)
            let mapping = try #require(try bed.store.mapping(account: "a1", integration: bed.integrationID))
            let expected: MappingReviewReason = action == "delete" ? .companyNotInCache : .companyInactive
            let refusal = try bed.stored(first[0]).lastError ?? ""
            #expect(mapping.reviewReason == expected, "\(refusal)")
            #expect(
                try bed.store.auditLog().contains { $0.action == "mapping.health" && $0.newValue == expected.rawValue })
            // The alert itself reached the MSP as a fallback ticket; the next one goes there by policy.
            #expect(try bed.stored(first[0]).fallbackEvent == "psalink-fallback-e1")
            let next = try bed.accept([bed.event("e2", target: "hostpool/hp-2")])
            await bed.deliver()
            let delivered = try bed.stored(next[0])
            #expect(delivered.state == .delivered && delivered.companyID == mspID, "\(delivered.lastError ?? "")")
            #expect(delivered.event.details.contains("Nerdio account Account One (a1) is mapped to company #"))
        }
    }

    @Test("a fallback ticket's own failure raises none; without an MSP-level customer the failures are counted")
    func noFallbackForAFallback() async throws {
        // A priority no sandbox has: every ticket of the integration is refused, the fallback too.
        try await withDeliveryBed(.connectwise, settings: ["priority.default": "9999"]) { bed in
            try bed.store.replaceCompanies(
                [
                    PSACompany(id: bed.companyID, name: "Fabrikam"),
                    PSACompany(id: Self.mspCompanyID(for: .connectwise), name: "MSP"),
                ],
                forIntegration: bed.integrationID)
            try bed.store.setMSPCustomer(
                integration: bed.integrationID, company: Self.mspCompanyID(for: .connectwise),
                fallbackForUnmapped: false)
            let seqs = try bed.accept([bed.event("e1")])
            await bed.deliver()
            let all = try bed.store.events(seqs: Array(seqs[0]...(seqs[0] + 5)))
            #expect(all.count == 2)
            #expect(all.map(\.state) == [.failed, .failed])
            #expect(all[1].fallbackFor == "e1" && all[1].fallbackEvent == nil)
            #expect(try bed.store.unreportedFailures()[bed.integrationID] == nil)
        }
        try await withDeliveryBed(.halo, settings: ["priority.default": "9999"]) { bed in
            let seqs = try bed.accept([bed.event("e1")])
            await bed.deliver()
            #expect(try bed.stored(seqs[0]).fallbackEvent == nil)
            #expect(try bed.store.unreportedFailures()[bed.integrationID] == 1)
            try bed.store.replaceCompanies(
                [
                    PSACompany(id: bed.companyID, name: "Fabrikam"),
                    PSACompany(id: Self.mspCompanyID(for: .halo), name: "MSP"),
                ],
                forIntegration: bed.integrationID)
            try bed.store.setMSPCustomer(
                integration: bed.integrationID, company: Self.mspCompanyID(for: .halo), fallbackForUnmapped: false)
            try bed.store.saveIntegrationSettings(
                [try IntegrationSettingAssignment(key: .fallbackTicket, value: "off")],
                forIntegration: bed.integrationID)
            let second = try bed.accept([bed.event("e2")])
            await bed.deliver()
            #expect(try bed.stored(second[0]).fallbackEvent == nil)
            #expect(try bed.store.unreportedFailures()[bed.integrationID] == 2)
        }
    }
}
