import Foundation

/// The key that seals the database's secrets: usable, and kept apart from the database's backup.
public enum SecretsKeyCheck {
    static let name = "secrets key"

    /// `sealedWith`: the key id the stored secrets carry, nil while none is stored.
    public static func evaluate(location: SecretKeyLocation, sealedWith: String?) -> DoctorCheck {
        let source =
            switch location.origin {
            case .environment: "named by PSALINK_KEY_FILE"
            case .systemdCredential: "from the systemd credential"
            case .besideDatabase: "beside the database"
            }
        guard let sealedWith else {
            return DoctorCheck(
                name: name, status: .ok,
                detail: "no secret stored yet; the first one creates the key \(source) at \(location.path)")
        }
        let found = "secrets sealed with key \(sealedWith), \(source) at \(location.path)"
        guard location.origin == .besideDatabase else { return DoctorCheck(name: name, status: .ok, detail: found) }
        return DoctorCheck(
            name: name, status: .warn, detail: found + "; a backup of the folder holds both the secrets and their key",
            advice: [.keepSecretsKeyApart(path: location.path)])
    }

    /// The store refused to open: the key is missing, wrong or unusable.
    public static func refused(_ problem: SecretKeyProblem) -> DoctorCheck {
        DoctorCheck(name: name, status: .fail, detail: problem.description, advice: [.restoreSecretsKey])
    }
}
