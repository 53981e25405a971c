import ArgumentParser
import Foundation
import PSACore
import TerminalUI

/// `psalink queue add|list|remove`: named routing targets inside an integration, each with
/// the ticket settings it sets over the integration's (DESIGN §1 step 4).
struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue", abstract: "Add, list and remove ticket queues.",
        subcommands: [QueueAddCommand.self, QueueListCommand.self, QueueRemoveCommand.self])
}

/// A queue as `--json` prints it: its settings by key, as stored (PSA ids).
struct QueueDocument: Encodable {
    var name: String
    var integration: String
    var settings: [String: String]

    init(_ queue: TicketQueue, integration: String) {
        name = queue.name
        self.integration = integration
        settings = queue.settings
    }
}

struct QueueAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a ticket queue to an integration.",
        discussion: """
            Each KEY=VALUE sets a ticket setting for the queue's tickets over the integration's
            own (the ticket settings of psalink settings set), checked against the PSA the same
            way (udf.NAME included, for Autotask). A field the PSA requires on new tickets must
            keep a value or a PSA default in the queue's settings over the integration's, or
            the queue is not added. storm=N/MINUTES|off and note-visibility=internal|public
            set the integration's own over this queue's tickets, checked without the PSA; the
            other integration settings (rate-limit, broken-mapping, fallback-ticket) belong
            to the integration only: set them with psalink settings set. An
            event whose "queue" names the queue goes to this integration with these settings.
            Queue names are unique across integrations.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The integration's name.") var name: String
    @Option(help: "The queue's name, as events give it.") var queueName: String
    @Argument(help: ArgumentHelp("Settings of the queue.", valueName: "key=value")) var assignments: [String] = []
    @Flag(help: "Print one JSON document.") var json = false

    func validate() throws {
        if queueName.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--queue-name: is empty") }
        _ = try parsedAssignments()
    }

    /// The ticket settings, user-defined fields and the integration settings a queue may set
    /// (`appliesToQueues`); any other integration setting is refused as a wrong usage, with
    /// where it belongs.
    private func parsedAssignments() throws(ValidationError) -> SettingAssignments {
        let parsed: SettingAssignments
        do {
            parsed = try SettingAssignments.parseAll(assignments)
        } catch .unknownSetting(let key) {
            throw ValidationError(TicketSettingsError.unknownKey(key).description)
        } catch {
            throw ValidationError(error.description)
        }
        if let key = parsed.integration.first(where: { !$0.key.appliesToQueues })?.key {
            throw ValidationError(
                "\(TicketSettingsError.integrationSetting(key).description); set it with psalink settings set "
                    + "\(name) \(key.rawValue)=\(key.valueForm)")
        }
        return parsed
    }

    func run() async throws {
        let parsed = try parsedAssignments()
        let assignments = parsed.ticket
        // Checked before anything else, as `settings set` does: a bad value adds no queue.
        let overrides: [IntegrationSettingAssignment]
        do {
            overrides = try parsed.integrationAssignments()
        } catch {
            throw CommandFailure("\(error.description); the queue was not added")
        }
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let (integration, credentials) = try access.integrationWithCredentials(named: name)
        let integrationID = integration.id
        if let existing = try access.run({ try $0.queue(named: queueName) }) {
            let owner = try access.run { try $0.integration(id: existing.integrationID) }?.displayName ?? "?"
            throw CommandFailure(StoreError.duplicateQueueName(existing.name, integration: owner).description)
        }
        // Never sent to the PSA: they steer psalink, not the ticket. `KEY=` sets nothing, so
        // that the integration's value holds, as for a ticket setting.
        var queueSettings: [String: String] = [:]
        for override in overrides {
            if let value = override.value { queueSettings[override.key.rawValue] = value }
        }
        if parsed.asksThePSA {
            do throws(TicketSettingsError) {
                try TicketSettingAssignment.checkKeys(assignments, for: integration.system)
                if integration.system != .autotask, let first = parsed.userFields.first {
                    throw .userFieldsNotForSystem(name: first.name, integration.system)
                }
            } catch {
                throw CommandFailure(
                    "\(error.description) (\"\(integration.displayName)\" is \(integration.system.displayName))")
            }
            // Checked over the integration's own settings, so that a status is judged against
            // the board the queue's tickets will really have.
            let own = TicketSettings(stored: try access.run { try $0.ticketSettings(forIntegration: integrationID) })
            let editor = TicketSettingsEditor(connector: connection.connectors(for: access.store)(credentials))
            let updated: TicketSettings
            do {
                let resolver: TicketSettingsResolver
                (updated, resolver) = try await editor.applying(assignments, userFields: parsed.userFields, to: own)
                // The queue's tickets carry the integration's settings under the queue's.
                if let refusal = RequiredFieldRefusal.check(
                    updated, resolver: resolver, consequence: "the queue was not added")
                {
                    throw refusal
                }
            } catch let error as TicketSettingsError {
                throw CommandFailure("\(error.description); the queue was not added")
            }
            for assignment in assignments {
                if let value = updated[assignment.key] { queueSettings[assignment.key.rawValue] = value }
            }
            for assignment in parsed.userFields {
                let folded = assignment.name.lowercased()
                for (name, value) in updated.userFields where name.lowercased() == folded {
                    queueSettings[TicketSettings.userFieldKey(name)] = value
                }
            }
        }
        let queue = try access.run {
            try $0.addQueue(named: queueName, integration: integrationID, settings: queueSettings)
        }
        if json {
            try JSONOutput.print(["queue": QueueDocument(queue, integration: integration.displayName)])
            return
        }
        let settings = queue.settings.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        print(
            "Added ticket queue \"\(TerminalSafeText.escaped(queue.name))\" to \"\(TerminalSafeText.escaped(integration.displayName))\""
                + (settings.isEmpty ? " (the integration's settings apply)." : ": " + settings.joined(separator: ", ")))
    }
}

struct QueueListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List ticket queues.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Only the queues of this integration.") var name: String?
    @Flag(help: "Print one JSON document.") var json = false

    func run() throws {
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        var integrationID: Int64?
        if let name { integrationID = try access.integrationWithCredentials(named: name).0.id }
        let (queues, integrations) = try access.run { store in
            (try store.queues(forIntegration: integrationID), try store.integrations())
        }
        let names = Dictionary(
            integrations.map { ($0.id, $0.displayName) }, uniquingKeysWith: { a, _ in a })
        if json {
            try JSONOutput.print([
                "queues": queues.map { QueueDocument($0, integration: names[$0.integrationID] ?? "") }
            ])
            return
        }
        guard !queues.isEmpty else {
            print("No ticket queues yet. Add one with: psalink queue add NAME --queue-name Q [KEY=VALUE...]")
            return
        }
        for queue in queues {
            let settings = queue.settings.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            print(
                "\(TerminalSafeText.escaped(queue.name))  (\(TerminalSafeText.escaped(names[queue.integrationID] ?? "")))"
                    + (settings.isEmpty ? "" : "  " + TerminalSafeText.escaped(settings.joined(separator: " "))))
        }
    }
}

struct QueueRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a ticket queue.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The integration's name.") var name: String
    @Option(help: "The queue's name.") var queueName: String
    @Flag(help: "Remove it even when open tickets use it.") var yes = false

    func run() throws {
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let integration = try access.integrationWithCredentials(named: name).0
        guard let queue = try access.run({ try $0.queue(named: queueName) }), queue.integrationID == integration.id
        else {
            throw CommandFailure(
                "\"\(integration.displayName)\" has no ticket queue named \"\(queueName)\" (psalink queue list shows them)"
            )
        }
        let open = try access.run {
            try $0.trackedTickets(.init(integrationID: integration.id, queueName: queue.name, state: .open)).count
        }
        if open > 0, !yes {
            throw CommandFailure(
                "\(open) open ticket\(open == 1 ? " uses" : "s use") the queue \"\(queue.name)\"; their later events "
                    + "would go to the default integration's settings. Add --yes to remove it anyway")
        }
        try access.run { try $0.removeQueue(named: queue.name) }
        print(
            "Removed ticket queue \"\(TerminalSafeText.escaped(queue.name))\" from \"\(TerminalSafeText.escaped(integration.displayName))\"."
        )
    }
}
