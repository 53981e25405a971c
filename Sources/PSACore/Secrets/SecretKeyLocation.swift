import Foundation

/// Where the secrets key is looked for, first match wins: the file `PSALINK_KEY_FILE` names,
/// then the `key` credential systemd passes the service (`LoadCredential=key:…`), then a file
/// beside the database (`psalink.key` for `psalink.sqlite`).
public struct SecretKeyLocation: Sendable, Equatable {
    public enum Origin: String, Sendable {
        case environment = "PSALINK_KEY_FILE"
        case systemdCredential = "the systemd credential"
        case besideDatabase = "beside the database"
    }

    public var path: String
    public var origin: Origin

    /// A new key may be created here while the database has no sealed secret; systemd's
    /// credential directory is read-only and its files come from the unit.
    public var mayCreate: Bool { origin != .systemdCredential }

    public static let environmentVariable = "PSALINK_KEY_FILE"
    static let credentialName = "key"

    public static func resolve(databasePath: String, environment: [String: String]) -> SecretKeyLocation {
        if let named = environment[environmentVariable], !named.isEmpty {
            return SecretKeyLocation(path: DatabaseFile.absolute(named), origin: .environment)
        }
        if let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty {
            let path = (directory as NSString).appendingPathComponent(credentialName)
            if FileManager.default.fileExists(atPath: path) {
                return SecretKeyLocation(path: path, origin: .systemdCredential)
            }
        }
        return SecretKeyLocation(path: besideDatabase(databasePath), origin: .besideDatabase)
    }

    /// `/var/lib/psalink/psalink.sqlite` → `/var/lib/psalink/psalink.key`.
    static func besideDatabase(_ databasePath: String) -> String {
        let folder = (databasePath as NSString).deletingLastPathComponent
        let base = ((databasePath as NSString).lastPathComponent as NSString).deletingPathExtension
        return (folder as NSString).appendingPathComponent((base.isEmpty ? "psalink" : base) + ".key")
    }
}
