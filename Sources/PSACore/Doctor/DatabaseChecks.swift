import Foundation

/// The checks of the database file: sound, private, writable, and a write-ahead log that
/// checkpoints keep small.
public enum DatabaseChecks {
    public static func all(_ facts: DatabaseFacts, thresholds: DoctorThresholds = DoctorThresholds()) -> [DoctorCheck] {
        [integrity(facts), permissions(facts), writeAheadLog(facts, thresholds: thresholds)]
    }

    public static func integrity(_ facts: DatabaseFacts) -> DoctorCheck {
        let name = "database"
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
        let open = files.compactMap { file in facts.modes[file].flatMap { $0 & 0o077 != 0 ? (file, $0) : nil } }
        if !open.isEmpty {
            let list = open.map { "\(($0.0 as NSString).lastPathComponent) \(DoctorWording.mode($0.1))" }
            return DoctorCheck(
                name: name, status: .warn,
                detail: "group or others can read the database, which holds secrets: \(list.joined(separator: ", "))",
                advice: [.restrictModes(paths: open.map(\.0))])
        }
        let tightened = files.compactMap { file in
            facts.modesBeforeOpen[file].flatMap { $0 & 0o077 != 0 ? (file, $0) : nil }
        }
        if !tightened.isEmpty {
            let list = tightened.map { "\(($0.0 as NSString).lastPathComponent) was \(DoctorWording.mode($0.1))" }
            return DoctorCheck(
                name: name, status: .warn,
                detail: "group or others could read the database until now (\(list.joined(separator: ", "))); "
                    + "psalink set it to 0600 on opening",
                advice: [.findWhatWidenedModes])
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
