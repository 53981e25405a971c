import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#endif

/// One configuration change: who made it (the OS user), what, when, and the values before
/// and after, secrets masked.
public struct AuditEntry: Sendable, Equatable {
    public var id: Int64
    public var at: Date
    public var actor: String
    /// What was done, e.g. "integration.add", "mapping.set", "settings.save".
    public var action: String
    /// What it was done to, e.g. the integration's name or "Contoso CW / acc-123".
    public var target: String?
    public var oldValue: String?
    public var newValue: String?

    public init(
        id: Int64, at: Date, actor: String, action: String, target: String?, oldValue: String?, newValue: String?
    ) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.oldValue = oldValue
        self.newValue = newValue
    }
}

extension Store {
    /// The newest changes first.
    public func auditLog(limit: Int = 1_000) throws(StoreError) -> [AuditEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", arguments: [limit]).map {
                AuditEntry(
                    id: $0["id"], at: $0["at"], actor: $0["actor"], action: $0["action"], target: $0["target"],
                    oldValue: $0["old_value"], newValue: $0["new_value"])
            }
        }
    }

    /// Records a change inside the transaction that makes it, so that the log and the
    /// configuration never disagree. Callers pass values with secrets already masked.
    static func audit(
        _ db: Database, _ action: String, target: String?, old: String? = nil, new: String? = nil, at now: Date = Date()
    ) throws {
        try db.execute(
            sql: "INSERT INTO audit_log (at, actor, action, target, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [now, AuditActor.current, action, target, old, new])
    }

    /// Stored credential or sync fields as the log shows them: secret values replaced by
    /// `<secret>`, or `<secret, changed>` when `old` had a different one.
    static func auditFields(_ fields: [String: String], comparedWith old: [String: String]? = nil) -> String {
        fields.keys.sorted().map { key in
            guard Credentials.secretFieldNames.contains(key) else { return "\(key)=\(fields[key]!)" }
            let changed = old.map { $0[key] != fields[key] } ?? false
            return "\(key)=\(changed ? "<secret, changed>" : "<secret>")"
        }.joined(separator: " ")
    }
}

/// The OS user running psalink.
enum AuditActor {
    static let current: String = {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "uid \(geteuid())"
    }()
}
