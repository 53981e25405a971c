import Foundation

/// Why the key that seals the database's secrets cannot be used. Every description names the
/// file and what to do, and never the key.
public enum SecretKeyProblem: Error, Equatable, Sendable {
    case missing(path: String)
    case notRegularFile(path: String)
    case tooOpen(path: String, mode: mode_t)
    case malformed(path: String)
    case unreadable(path: String, reason: String)
    case cannotCreate(path: String, reason: String)
    /// The database's secrets were sealed with another key than the one at `path`.
    case wrongKey(path: String, sealedWith: String, keyID: String)
    /// The database holds sealed secrets and no key file was found where psalink looks.
    case sealedWithoutKey(path: String, sealedWith: String)
}

extension SecretKeyProblem: CustomStringConvertible {
    public var description: String {
        switch self {
        case .missing(let path):
            return "the secrets key file \(path) does not exist"
        case .notRegularFile(let path):
            return "the secrets key file \(path) is not a regular file"
        case .tooOpen(let path, let mode):
            return "the secrets key file \(path) can be read or written by other users (mode "
                + String(mode, radix: 8) + "); run chmod 600 \(path)"
        case .malformed(let path):
            return "\(path) is not a psalink secrets key (one line of base64 holding 32 bytes)"
        case .unreadable(let path, let reason):
            return "cannot read the secrets key file \(path) (\(reason))"
        case .cannotCreate(let path, let reason):
            return "cannot create the secrets key file \(path) (\(reason))"
        case .wrongKey(let path, let sealedWith, let keyID):
            return "the secrets in this database were encrypted with another key (id \(sealedWith)) than "
                + "\(path) (id \(keyID)); use the key file they were encrypted with (PSALINK_KEY_FILE)"
        case .sealedWithoutKey(let path, let sealedWith):
            return "the secrets in this database were encrypted with a key (id \(sealedWith)) that is not at "
                + "\(path); restore that key file there, or name it with PSALINK_KEY_FILE"
        }
    }
}
