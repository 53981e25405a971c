import Foundation

/// The checks of the database file: sound, private, writable, and a write-ahead log that
/// checkpoints keep small.
public enum DatabaseChecks {
    public static func all(_ facts: DatabaseFacts, thresholds: DoctorThresholds = DoctorThresholds()) -> [DoctorCheck] {
        [integrity(facts), permissions(facts), writeAheadLog(facts, thresholds: thresholds)]
    }

    public static func integrity(_ facts: DatabaseFacts) -> DoctorCheck {
        let name = "database"
        guard facts.exists else {
            return DoctorCheck(
                name: name, status: .fail, detail: "no database at \(facts.path)",
                advice: [.checkDatabaseLocation(path: facts.path)])
        }
        if let openError = facts.openError {
            return DoctorCheck(
                name: name, status: .fail, detail: openError,
                advice: [.checkDatabaseLocation(path: facts.path), .restoreFromBackup(path: facts.path)])
        }
        guard let rows = facts.integrity else {
            return DoctorCheck(name: name, status: .fail, detail: "the integrity check could not run")
        }
        if rows == ["ok"] {
            return DoctorCheck(name: name, status: .ok, detail: "integrity ok: \(facts.path)")
        }
        let shown = rows.prefix(3).joined(separator: "; ") + (rows.count > 3 ? " (+\(rows.count - 3) more)" : "")
        return DoctorCheck(
            name: name, status: .fail, detail: "integrity check failed: \(shown)",
            advice: [.restoreFromBackup(path: facts.path)])
    }

    public static func permissions(_ facts: DatabaseFacts) -> DoctorCheck {
        let name = "permissions"
        guard facts.writable else {
            return DoctorCheck(
                name: name, status: .fail, detail: "\(facts.path) or its folder is not writable by this user",
                advice: [.runAsDatabaseOwner])
        }
        let files = DatabaseFacts.files(of: facts.path)
        func readable(_ modes: [String: UInt32]) -> [(path: String, mode: UInt32)] {
            files.compactMap { file in modes[file].flatMap { $0 & 0o077 != 0 ? (file, $0) : nil } }
        }
        func fileName(_ path: String) -> String { (path as NSString).lastPathComponent }
        let open = readable(facts.modes)
        // Tightened by this very opening (Store.open): no longer open, but it was until now.
        let tightened = readable(facts.modesBeforeOpen).filter { was in !open.contains { $0.path == was.path } }
        var found: [String] = []
        var advice: [DoctorAdvice] = []
        if !open.isEmpty {
            let list = open.map { "\(fileName($0.path)) \(DoctorWording.mode($0.mode))" }
            found.append("group or others can read the database's files now: \(list.joined(separator: ", "))")
            advice.append(.restrictModes(paths: open.map(\.path)))
        }
        if !tightened.isEmpty {
            let list = tightened.map { "\(fileName($0.path)) was \(DoctorWording.mode($0.mode))" }
            found.append("\(list.joined(separator: ", ")) until psalink set it to 0600 on opening")
            advice.append(.findWhatWidenedModes)
        }
        if !found.isEmpty {
            return DoctorCheck(
                name: name, status: .warn, detail: "the database holds secrets; " + found.joined(separator: "; "),
                advice: advice)
        }
        return DoctorCheck(name: name, status: .ok, detail: "only this user can read or write the database")
    }

    public static func writeAheadLog(_ facts: DatabaseFacts, thresholds: DoctorThresholds = DoctorThresholds())
        -> DoctorCheck
    {
        let name = "wal"
        guard let bytes = facts.walBytes else {
            return DoctorCheck(name: name, status: .ok, detail: "no write-ahead log at the moment")
        }
        guard bytes > thresholds.walBytes else {
            return DoctorCheck(name: name, status: .ok, detail: "write-ahead log \(DoctorWording.size(bytes))")
        }
        return DoctorCheck(
            name: name, status: .warn,
            detail: "write-ahead log \(DoctorWording.size(bytes)), above \(DoctorWording.size(thresholds.walBytes)): "
                + "a long-running reader keeps checkpoints from resetting it",
            advice: [.checkpointWriteAheadLog(path: facts.path)])
    }
}
