import ArgumentParser
import Foundation
import PSACore
import TerminalUI

/// `psalink audit`: who changed the configuration, what and when (secrets masked).
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Show the configuration changes, newest first.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "At most this many entries.") var limit: Int = 200
    @Flag(help: "Print one JSON document.") var json = false

    struct Listed: Encodable {
        var at: String
        var actor: String
        var action: String
        var target: String?
        var oldValue: String?
        var newValue: String?

        enum CodingKeys: String, CodingKey { case at, actor, action, target, oldValue, newValue }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(at, forKey: .at)
            try container.encode(actor, forKey: .actor)
            try container.encode(action, forKey: .action)
            try container.encode(target, forKey: .target)
            try container.encode(oldValue, forKey: .oldValue)
            try container.encode(newValue, forKey: .newValue)
        }
    }

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let entries = try access.run { try $0.auditLog(limit: limit) }
        let formatter = ISO8601DateFormatter()
        let listed = entries.map {
            Listed(
                at: formatter.string(from: $0.at), actor: $0.actor, action: $0.action, target: $0.target,
                oldValue: $0.oldValue, newValue: $0.newValue)
        }
        if json {
            try JSONOutput.print(["entries": listed])
            return
        }
        guard !listed.isEmpty else {
            print("No configuration changes recorded yet.")
            return
        }
        for entry in listed {
            let safe = TerminalSafeText.escaped
            print("\(entry.at)  \(safe(entry.actor))  \(entry.action)" + (entry.target.map { "  \(safe($0))" } ?? ""))
            if let old = entry.oldValue { print("    was: \(safe(old))") }
            if let new = entry.newValue { print("    now: \(safe(new))") }
        }
    }
}
