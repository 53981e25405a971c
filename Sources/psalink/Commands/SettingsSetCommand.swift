import ArgumentParser
import Foundation
import PSACore

/// `psalink settings set NAME KEY=VALUE...`: resolves every ticket setting against the PSA's
/// choices, checks every integration setting, and saves all of them or none. A command of
/// integration settings alone makes no connector: the PSA is not asked.
struct SettingsSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Set ticket settings (by the PSA's id or name) and integration settings.",
        discussion: """
            Ticket settings: \(TicketSettingKey.allCases.map(\.rawValue).joined(separator: ", ")).
            board is ConnectWise only; queue, issue-type, sub-issue-type and source Autotask
            only; impact and urgency HaloPSA only; category HaloPSA and Autotask. udf.NAME sets
            the Autotask user-defined field NAME (a picklist value or label, or text).
            A value is the PSA's id or its exact name (case-insensitive); reopen-window is a
            duration such as 30m, 24h or 7d. ConnectWise statuses and types belong to the board,
            HaloPSA priorities to the ticket type, Autotask sub-issue types to the issue type:
            set those in the same command or before.

            A field the PSA requires on new tickets (a HaloPSA ticket type's impact or urgency,
            an Autotask field or user-defined field marked required) must be left with a value
            or a default of the PSA's own once the whole command is applied; otherwise the
            command names the key and saves nothing.

            Integration settings, saved without asking the PSA:
            rate-limit=N/SECONDS   at most N requests to the PSA in any SECONDS seconds, e.g.
                                   300/300. The default is the vendor's published limit
                                   (HaloPSA 300/300, Autotask 10000/3600; ConnectWise PSA
                                   publishes none, so 300/300). Integrations that reach the same
                                   PSA keep to the tightest limit any of them sets.
            storm=N/MINUTES|off    at most N new tickets per customer in any MINUTES minutes;
                                   the rest become notes on one parent ticket. Default 10/10.
            note-visibility=internal|public
                                   who sees psalink's notes: technicians only (the default) or
                                   the customer too; no PSA is asked to e-mail about a note.
            A ticket queue may set storm and note-visibility over these (psalink queue add).

            KEY= with no value clears a ticket setting or puts an integration setting back to
            its default. Every value is checked before any is saved: when one is refused,
            nothing is saved.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The integration's name.") var name: String
    @Argument(help: ArgumentHelp("The settings to change.", valueName: "key=value")) var assignments: [String]
    @Flag(help: "Print one JSON document.") var json = false

    func validate() throws {
        _ = try parsedAssignments()
    }

    func run() async throws {
        let parsed = try parsedAssignments()
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        var integration = try access.integration(named: name)
        let integrationSettings: [IntegrationSettingAssignment]
        do {
            integrationSettings = try parsed.integrationAssignments()
        } catch {
            throw CommandFailure("\(error.description); nothing was saved")
        }

        var ticketSettings: (updated: TicketSettings, reviews: [TicketSettingReview], userFields: [UserFieldReview])?
        if parsed.asksThePSA {
            let credentials: Credentials
            (integration, credentials) = try access.integrationWithCredentials(named: name)
            do throws(TicketSettingsError) {
                try TicketSettingAssignment.checkKeys(parsed.ticket, for: integration.system)
                if integration.system != .autotask, let first = parsed.userFields.first {
                    throw .userFieldsNotForSystem(name: first.name, integration.system)
                }
            } catch {
                throw CommandFailure(
                    "\(error.description) (\"\(integration.displayName)\" is \(integration.system.displayName))")
            }
            let integrationID = integration.id
            let stored = TicketSettings(
                stored: try access.run { try $0.ticketSettings(forIntegration: integrationID) })
            let editor = TicketSettingsEditor(connector: connection.connectors(for: access.store)(credentials))
            do {
                let (updated, resolver) = try await editor.applying(
                    parsed.ticket, userFields: parsed.userFields, to: stored)
                if let refusal = RequiredFieldRefusal.check(
                    updated, resolver: resolver, consequence: "nothing was saved")
                {
                    throw refusal
                }
                ticketSettings = (updated, resolver.review(updated), resolver.reviewUserFields(updated))
            } catch let error as TicketSettingsError {
                throw CommandFailure("\(error.description); nothing was saved")
            }
        }

        let integrationID = integration.id
        try access.run {
            try $0.saveSettings(
                ticket: ticketSettings?.updated.stored, integration: integrationSettings, forIntegration: integrationID)
        }
        let saved = integration
        let statuses = try access.run { try IntegrationSettingStatus.all(of: saved, in: $0) }
        let mark = try access.run { try $0.settingsReview(forIntegration: integrationID) }
        if !json {
            let ticketCount = parsed.ticket.count + parsed.userFields.count
            print("Saved \(Self.counted(ticket: ticketCount, integration: integrationSettings.count)).")
        }
        try SettingsReport(
            integration: integration, reviews: ticketSettings?.reviews, userFields: ticketSettings?.userFields ?? [],
            integrationSettings: statuses, reviewNeeded: mark
        ).print(json: json, warn: ticketSettings != nil)
    }

    /// "2 ticket settings and 1 integration setting".
    static func counted(ticket: Int, integration: Int) -> String {
        func count(_ number: Int, _ noun: String) -> String? {
            number == 0 ? nil : "\(number) \(noun) setting\(number == 1 ? "" : "s")"
        }
        return [count(ticket, "ticket"), count(integration, "integration")].compactMap { $0 }
            .joined(separator: " and ")
    }

    private func parsedAssignments() throws(ValidationError) -> SettingAssignments {
        do {
            return try SettingAssignments.parseAll(assignments)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
