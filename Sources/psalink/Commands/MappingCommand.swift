import ArgumentParser
import Foundation
import PSACore
import TerminalUI

/// `psalink mapping ...`: which PSA customer each Nerdio account belongs to.
struct MappingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mapping", abstract: "Which PSA customer each Nerdio account belongs to.",
        subcommands: [
            MappingListCommand.self, MappingAutomatchCommand.self, MappingSetCommand.self,
            MappingMSPCustomerCommand.self,
        ])
}

struct MappingListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List every account with its PSA customer for an integration.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The integration's name.") var name: String
    @Option(help: ArgumentHelp("Show only the accounts with this status.", valueName: "status"))
    var status: MappingStatus?
    @Flag(help: "Print one JSON document.") var json = false

    func run() throws {
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let integration = try MappingTarget.integration(named: name, in: access)
        var mappings = try access.run { try $0.mappings(forIntegration: integration.id) }
        if let status { mappings = mappings.filter { $0.status == status } }
        if json {
            try JSONOutput.print(
                MappingListDocument(integration: integration.displayName, accounts: mappings.map(MappedAccount.init)))
            return
        }
        guard !mappings.isEmpty else {
            if let status {
                print("No account of \"\(integration.displayName)\" is \(status.rawValue).")
            } else {
                print("No accounts yet. Import them with: psalink accounts import FILE")
            }
            return
        }
        MappingTable.print(mappings)
    }
}

struct MappingListDocument: Encodable {
    var integration: String
    var accounts: [MappedAccount]
}

/// An account's mapping as `--json` prints it (DESIGN §4), absent values as null.
struct MappedAccount: Encodable {
    var mapping: AccountMapping

    init(_ mapping: AccountMapping) { self.mapping = mapping }

    enum CodingKeys: String, CodingKey {
        case accountId, accountName, enabled, companyId, companyName, method, confidence, status
        case reviewReason, accountMissing, appliedBy
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mapping.accountID, forKey: .accountId)
        try container.encode(mapping.accountName, forKey: .accountName)
        try container.encode(mapping.enabled, forKey: .enabled)
        try container.encode(mapping.companyID, forKey: .companyId)
        try container.encode(mapping.companyName, forKey: .companyName)
        try container.encode(mapping.method?.rawValue, forKey: .method)
        try container.encode(mapping.confidence, forKey: .confidence)
        try container.encode(mapping.status.rawValue, forKey: .status)
        try container.encode(mapping.reviewReason?.rawValue, forKey: .reviewReason)
        try container.encode(mapping.accountMissing, forKey: .accountMissing)
        try container.encode(mapping.appliedBy?.rawValue, forKey: .appliedBy)
    }
}

/// The human table of `mapping list` and `mapping set`.
enum MappingTable {
    static func print(_ mappings: [AccountMapping]) {
        let idWidth = width(of: mappings.map(\.accountID), header: "ID", limit: 36)
        let nameWidth = width(of: mappings.map(\.accountName), header: "ACCOUNT", limit: 40)
        let customerWidth = width(of: mappings.map(customer), header: "PSA CUSTOMER", limit: 48)
        printRow([
            TextFitting.padded("ID", to: idWidth), TextFitting.padded("ACCOUNT", to: nameWidth),
            TextFitting.padded("STATUS", to: 12), TextFitting.padded("PSA CUSTOMER", to: customerWidth),
            TextFitting.padded("METHOD", to: methodWidth), "NOTE",
        ])
        for mapping in mappings {
            var method = mapping.method?.rawValue ?? ""
            if let confidence = mapping.confidence { method += String(format: " %.2f", confidence) }
            printRow([
                TextFitting.padded(TerminalSafeText.escaped(mapping.accountID), to: idWidth),
                TextFitting.padded(TerminalSafeText.escaped(mapping.accountName), to: nameWidth),
                TextFitting.padded(mapping.status.rawValue, to: 12),
                TextFitting.padded(customer(mapping), to: customerWidth),
                TextFitting.padded(method, to: methodWidth), note(mapping),
            ])
        }
    }

    /// Room for the longest method with its confidence, "similar-name 0.85".
    private static let methodWidth = 17

    private static func printRow(_ cells: [String]) {
        var line = cells.joined(separator: "  ")
        while line.last == " " { line.removeLast() }
        Swift.print(line)
    }

    /// The company's name and id, escaped, or what is known when it is not cached.
    static func customer(_ mapping: AccountMapping) -> String {
        guard let companyID = mapping.companyID.map(TerminalSafeText.escaped) else { return "" }
        guard let name = mapping.companyName else { return "id \(companyID)" }
        return "\(TerminalSafeText.escaped(name)) (\(companyID))"
    }

    /// Why a mapping needs review, in words.
    static func explanation(of reason: MappingReviewReason) -> String {
        switch reason {
        case .companyNotInCache: return "company not among the cached PSA companies"
        case .companyInactive: return "company inactive"
        case .companyMerged: return "company merged into another"
        case .lowConfidence: return "low confidence"
        }
    }

    private static func note(_ mapping: AccountMapping) -> String {
        var notes: [String] = []
        if let reason = mapping.reviewReason {
            notes.append(
                explanation(of: reason)
                    + (reason == .companyMerged
                        ? " (id \(TerminalSafeText.escaped(mapping.companyMergedInto ?? "?")))" : ""))
        }
        if mapping.appliedBy == .sync { notes.append("applied by sync") }
        if mapping.accountMissing { notes.append("account missing from the last import") }
        return notes.joined(separator: "; ")
    }

    private static func width(of values: [String], header: String, limit: Int) -> Int {
        let widest = values.map { DisplayWidth.columns(of: TerminalSafeText.escaped($0)) }.max() ?? 0
        return min(limit, max(DisplayWidth.columns(of: header), widest))
    }
}

/// The integration a mapping command works on, found by display name.
enum MappingTarget {
    static func integration(named name: String, in access: StoreAccess) throws(CommandFailure) -> Integration {
        try access.integration(named: name)
    }

    /// Runs store work; a company missing from the cache says which command fills it.
    static func run<T>(_ access: StoreAccess, for integration: Integration, _ body: (Store) throws -> T)
        throws(CommandFailure) -> T
    {
        do {
            return try body(access.store)
        } catch StoreError.companyNotCached(let companyID, _) {
            throw CommandFailure(
                "company \(String(reflecting: companyID)) is not among the cached companies of "
                    + "\"\(integration.displayName)\"; run `psalink companies refresh \"\(integration.displayName)\"` "
                    + "first")
        } catch {
            throw CommandFailure(FlagWording.describe(error))
        }
    }
}

extension MappingStatus: ExpressibleByArgument {}
