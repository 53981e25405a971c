import PSACore
import PSASandbox
import Testing

@Suite("HaloPSA ticket choices")
struct HaloChoicesTests {
    @Test func choicesFollowTheTicketTypesSLA() async throws {
        try await withHaloSandbox { connector, _, _ in
            let choices = try await connector.ticketChoices(for: ChoiceContext(ticketType: "29"))
            #expect(choices[.ticketType].map(\.name) == ["Incident", "Service Request", "Alert", "Problem"])
            #expect(choices[.status].filter(\.isClosing).map(\.name) == ["Resolved", "Closed", "Cancelled"])
            #expect(choices[.status].first(where: \.isDefault)?.name == "In Progress")
            // Ticket type 29 names its SLA as sla_id (default_sla is 0): the Alert SLA.
            #expect(choices[.priority].map(\.id) == ["1", "2", "3", "6"])
            #expect(choices[.priority].map(\.name).first == "P1 - Outage")
            #expect(choices[.priority].filter { !$0.isActive }.map(\.id) == ["6"])
            #expect(choices[.category].map(\.id).contains("Alerts>Backup"))
            #expect(choices[.category].first(where: \.isDefault)?.id == "Alerts>Backup")
            #expect(choices[.impact].map(\.name) == ["Company Wide", "Multiple Users", "Single User"])
            #expect(choices[.impact].first(where: \.isDefault)?.id == "2")
            #expect(choices[.urgency].map(\.name) == ["High", "Medium", "Low"])
            #expect(choices[.outcome].contains { $0.id == "7" && $0.name == "Private Note" && $0.isActive })
            #expect(choices[.outcome].contains { $0.id == "12" && !$0.isActive })
            #expect(choices.required == [.ticketType, .status, .outcome, .priority])
            // Alert requires an impact and has a default for it (2).
            #expect(choices.requiredByPSA == [.impact])
        }
    }

    @Test func slaFieldNamesOfEveryVersionAreRead() async throws {
        try await withHaloSandbox { connector, _, _ in
            let incident = try await connector.ticketChoices(for: ChoiceContext(ticketType: "1"))
            #expect(incident[.priority].map(\.name) == ["Critical", "High", "Medium", "Low"])
            let request = try await connector.ticketChoices(for: ChoiceContext(ticketType: "3"))
            #expect(request[.priority].map(\.id) == ["3", "4", "5"])
            let problem = try await connector.ticketChoices(for: ChoiceContext(ticketType: "31"))
            #expect(problem[.priority].isEmpty)
            #expect(!problem.required.contains(.priority))
        }
    }

    @Test func withoutATicketTypeThereAreNoPriorities() async throws {
        try await withHaloSandbox { connector, sandbox, _ in
            let choices = try await connector.ticketChoices(for: ChoiceContext())
            #expect(choices[.priority].isEmpty)
            #expect(!choices[.status].isEmpty)
            #expect(sandbox.faults.requests(containing: "/api/TicketType/") == 0)
            #expect(sandbox.faults.requests(containing: "/api/Lookup?lookupid=11") == 1)
        }
    }
}
