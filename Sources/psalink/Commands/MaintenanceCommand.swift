import ArgumentParser
import Foundation
import PSACore
import TerminalUI

/// `psalink maintenance add|list|remove`: times when firing events create no ticket and add
/// no note (DESIGN §6, noise control).
struct MaintenanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maintenance", abstract: "Add, list and remove maintenance windows.",
        discussion: """
            During a window, firing events for what it covers create no ticket and add no note; \
            they are recorded as suppressed. A window covers one account, one integration or \
            everything, once (--from/--until) or every week (--weekly in --tz).
            """,
        subcommands: [MaintenanceAddCommand.self, MaintenanceListCommand.self, MaintenanceRemoveCommand.self])
}

/// A window as `--json` prints it, with where it stands at the time of the listing.
struct MaintenanceDocument: Encodable {
    var id: Int64
    /// `all`, `integration` or `account`.
    var scope: String
    var integration: String?
    var accountId: String?
    var accountName: String?
    /// `once` or `weekly`.
    var schedule: String
    var from: String?
    var until: String?
    var weekly: String?
    var timeZone: String?
    var reason: String
    var createdAt: String
    var createdBy: String?
    var inForce: Bool
    /// The end of the occurrence in force, when one is.
    var inForceUntil: String?
    var nextFrom: String?
    var nextUntil: String?
    var overlaps: [Int64]

    init(_ status: MaintenanceStatus, names: MaintenanceNames) {
        let window = status.window
        id = window.id
        switch window.scope {
        case .all: scope = "all"
        case .integration(let integrationID):
            scope = "integration"
            integration = names.integrations[integrationID]
        case .account(let account):
            scope = "account"
            accountId = account
            accountName = names.accounts[account]
        }
        let zone = window.schedule.displayZone
        switch window.schedule {
        case .once(let interval):
            schedule = "once"
            from = OffsetTimestamp.format(interval.start)
            until = OffsetTimestamp.format(interval.end)
        case .weekly(let span, let timeZone):
            schedule = "weekly"
            weekly = span.description
            self.timeZone = timeZone.maintenanceName
        }
        reason = window.reason
        createdAt = OffsetTimestamp.format(window.createdAt)
        createdBy = window.createdBy
        inForce = status.isInForce
        inForceUntil = status.current.map { OffsetTimestamp.format($0.end, in: zone) }
        nextFrom = status.next.map { OffsetTimestamp.format($0.start, in: zone) }
        nextUntil = status.next.map { OffsetTimestamp.format($0.end, in: zone) }
        overlaps = status.overlaps
    }

    enum CodingKeys: String, CodingKey {
        case id, scope, integration, accountId, accountName, schedule, from, until, weekly, timeZone, reason
        case createdAt, createdBy, inForce, inForceUntil, nextFrom, nextUntil, overlaps
    }

    /// Absent values are written as null, so that scripts see every key.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(scope, forKey: .scope)
        try container.encode(integration, forKey: .integration)
        try container.encode(accountId, forKey: .accountId)
        try container.encode(accountName, forKey: .accountName)
        try container.encode(schedule, forKey: .schedule)
        try container.encode(from, forKey: .from)
        try container.encode(until, forKey: .until)
        try container.encode(weekly, forKey: .weekly)
        try container.encode(timeZone, forKey: .timeZone)
        try container.encode(reason, forKey: .reason)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(createdBy, forKey: .createdBy)
        try container.encode(inForce, forKey: .inForce)
        try container.encode(inForceUntil, forKey: .inForceUntil)
        try container.encode(nextFrom, forKey: .nextFrom)
        try container.encode(nextUntil, forKey: .nextUntil)
        try container.encode(overlaps, forKey: .overlaps)
    }
}

/// Integration and account names by id, for the listing.
struct MaintenanceNames {
    var integrations: [Int64: String] = [:]
    var accounts: [String: String] = [:]

    init(_ access: StoreAccess) throws(CommandFailure) {
        let (integrations, accounts) = try access.run { store in (try store.integrations(), try store.accounts()) }
        self.integrations = Dictionary(integrations.map { ($0.id, $0.displayName) }, uniquingKeysWith: { a, _ in a })
        self.accounts = Dictionary(accounts.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    func scope(_ scope: MaintenanceWindow.Scope) -> String {
        switch scope {
        case .all: return "all integrations and accounts"
        case .integration(let id): return "integration \"\(integrations[id] ?? "#\(id)")\""
        case .account(let id): return "account \(id)" + (accounts[id].map { " (\($0))" } ?? "")
        }
    }
}

/// The text listing, each window in lines of at most 80 columns.
enum MaintenanceText {
    static let width = 80

    static func lines(_ status: MaintenanceStatus, names: MaintenanceNames) -> [String] {
        let window = status.window
        let zone = window.schedule.displayZone
        var state: String
        if let current = status.current {
            state = "IN FORCE until \(OffsetTimestamp.format(current.end, in: zone))"
        } else if let next = status.next {
            state =
                "next \(OffsetTimestamp.format(next.start, in: zone)) to \(OffsetTimestamp.format(next.end, in: zone))"
        } else {
            state = "ended"
        }
        if !status.overlaps.isEmpty {
            state += ", overlaps " + status.overlaps.map { "#\($0)" }.joined(separator: ", ")
        }
        var lines = [fit("#\(window.id)  \(TerminalSafeText.escaped(names.scope(window.scope)))")]
        lines += wrap(window.schedule.summary, indent: "    ")
        lines += wrap(state, indent: "    ")
        lines += wrap("reason: " + TerminalSafeText.escaped(window.reason), indent: "    ")
        return lines
    }

    /// Words over as many lines as they need; a word longer than a line is cut.
    static func wrap(_ text: String, indent: String) -> [String] {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            let candidate = line == indent ? line + word : line + " " + word
            if DisplayWidth.columns(of: candidate) <= width || line == indent {
                line = candidate
            } else {
                lines.append(fit(line))
                line = indent + word
            }
        }
        lines.append(fit(line))
        return lines
    }

    static func fit(_ line: String) -> String {
        guard DisplayWidth.columns(of: line) > width else { return line }
        var cut = ""
        for character in line {
            if DisplayWidth.columns(of: cut) + DisplayWidth.columns(of: character) > width - 1 { break }
            cut.append(character)
        }
        return cut + "…"
    }
}

struct MaintenanceAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a maintenance window.",
        discussion: """
            Give one of --account, --integration or --all, and either --from and --until (ISO 8601 \
            with a UTC offset, e.g. 2026-12-12T22:00:00+01:00) or --weekly (e.g. \
            "Sat 22:00-Sun 04:00", which may wrap past Sunday) with --tz (an IANA zone such as \
            Europe/London; UTC when left out). Weekly times follow the zone's daylight saving: a \
            time that does not exist on the day the clocks go forward moves forward to the first \
            that does, and a time that happens twice when they go back is the first of the two. \
            Windows may overlap; psalink maintenance list shows where they do.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Only this Nerdio account's events.", valueName: "id")) var account: String?
    @Option(help: ArgumentHelp("Only the events that go to this integration.", valueName: "name"))
    var integration: String?
    @Flag(help: "Every event.") var all = false
    @Option(help: ArgumentHelp("The start of a one-off window.", valueName: "iso")) var from: String?
    @Option(help: ArgumentHelp("The end of a one-off window.", valueName: "iso")) var until: String?
    @Option(help: ArgumentHelp("A weekly span, e.g. \"Sat 22:00-Sun 04:00\".", valueName: "span")) var weekly: String?
    @Option(help: ArgumentHelp("The weekly span's time zone (default UTC).", valueName: "zone")) var tz: String?
    @Option(help: ArgumentHelp("Why, e.g. \"patch night\".", valueName: "text")) var reason: String
    @Flag(help: "Print one JSON document.") var json = false

    /// PSACore names the fields; these are their flags.
    static func flag(_ field: MaintenanceField) -> String {
        switch field {
        case .from: return "--from"
        case .until: return "--until"
        case .weekly: return "--weekly"
        case .timeZone: return "--tz"
        case .reason: return "--reason"
        }
    }

    func validate() throws {
        let scopes = [account != nil, integration != nil, all].filter { $0 }.count
        if scopes != 1 {
            throw ValidationError(
                scopes == 0
                    ? "say what the window covers: --account ID, --integration NAME or --all"
                    : "give only one of --account, --integration and --all")
        }
        if weekly != nil, from != nil || until != nil {
            throw ValidationError("give either --from and --until or --weekly, not both")
        }
        if weekly == nil {
            if from == nil, until == nil {
                throw ValidationError("say when: --from ISO --until ISO, or --weekly \"Sat 22:00-Sun 04:00\"")
            }
            if from == nil { throw ValidationError("--until needs --from") }
            if until == nil { throw ValidationError("--from needs --until") }
            if tz != nil { throw ValidationError("--tz is for --weekly; give --from and --until with their offsets") }
        }
    }

    func run() throws {
        let checkedReason: String
        let schedule: MaintenanceWindow.Schedule
        do throws(MaintenanceInputError) {
            checkedReason = try MaintenanceInput.reason(reason)
            if let weekly {
                schedule = try MaintenanceInput.weekly(weekly, timeZone: tz ?? "UTC")
            } else {
                schedule = try MaintenanceInput.once(from: from ?? "", until: until ?? "")
            }
        } catch {
            throw CommandFailure("\(Self.flag(error.field)): \(error.message)")
        }
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let scope: MaintenanceWindow.Scope
        if let integration {
            guard let found = try access.run({ try $0.integration(named: integration) }) else {
                throw CommandFailure(
                    "--integration: no integration is named \"\(integration)\" (psalink integration list shows them)")
            }
            scope = .integration(found.id)
        } else if let account {
            scope = .account(account.trimmingCharacters(in: .whitespaces))
        } else {
            scope = .all
        }
        let window: MaintenanceWindow
        do {
            window = try access.store.addMaintenanceWindow(scope: scope, schedule: schedule, reason: checkedReason)
        } catch .accountNotFound(let id) {
            throw CommandFailure("--account: \(StoreError.accountNotFound(id: id).description)")
        } catch {
            throw CommandFailure(FlagWording.describe(error))
        }
        let now = Date()
        let statuses = MaintenanceStatus.of(try access.run { try $0.maintenanceWindows() }, at: now)
        let status = statuses.first { $0.window.id == window.id } ?? MaintenanceStatus.of([window], at: now)[0]
        let names = try MaintenanceNames(access)
        if json {
            try JSONOutput.print(["window": MaintenanceDocument(status, names: names)])
            return
        }
        print("Added maintenance window #\(window.id).")
        for line in MaintenanceText.lines(status, names: names) { print(line) }
    }
}

struct MaintenanceListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List maintenance windows, whether each is in force, and overlaps.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print one JSON document.") var json = false

    func run() throws {
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let statuses = MaintenanceStatus.of(try access.run { try $0.maintenanceWindows() }, at: Date())
        let names = try MaintenanceNames(access)
        if json {
            try JSONOutput.print(["windows": statuses.map { MaintenanceDocument($0, names: names) }])
            return
        }
        guard !statuses.isEmpty else {
            print(
                "No maintenance windows. Add one with: psalink maintenance add --all --weekly \"Sat 22:00-Sun 04:00\"")
            print("    --tz Europe/London --reason \"patch night\"")
            return
        }
        for (index, status) in statuses.enumerated() {
            if index > 0 { print("") }
            for line in MaintenanceText.lines(status, names: names) { print(line) }
        }
    }
}

struct MaintenanceRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a maintenance window.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The window's id, as psalink maintenance list shows it (#ID).") var id: String
    @Flag(help: "Print one JSON document.") var json = false

    func validate() throws {
        if windowID == nil { throw ValidationError("\(String(reflecting: id)) is not a window id such as 3 or #3") }
    }

    private var windowID: Int64? {
        Int64(id.hasPrefix("#") ? String(id.dropFirst()) : id)
    }

    func run() throws {
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let removed = try access.run { try $0.removeMaintenanceWindow(id: windowID ?? 0) }
        let names = try MaintenanceNames(access)
        if json {
            let status = MaintenanceStatus.of([removed], at: Date())[0]
            try JSONOutput.print(["removed": MaintenanceDocument(status, names: names)])
            return
        }
        print("Removed maintenance window #\(removed.id):")
        for line in [TerminalSafeText.escaped(names.scope(removed.scope)), removed.schedule.summary] {
            print(MaintenanceText.fit("    " + line))
        }
        for line in MaintenanceText.wrap("reason: " + TerminalSafeText.escaped(removed.reason), indent: "    ") {
            print(line)
        }
    }
}
