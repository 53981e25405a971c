import Foundation
import Synchronization

/// The store's secrets key: found where `SecretKeyLocation` says, read once, and created only
/// when a secret is first sealed into a database that has none sealed yet.
final class SecretVault: Sendable {
    let location: SecretKeyLocation
    private let loaded = Mutex<SecretKey?>(nil)

    init(location: SecretKeyLocation) {
        self.location = location
    }

    /// The key, or nil when its file does not exist (yet).
    func existingKey() throws(SecretKeyProblem) -> SecretKey? {
        if let key = loaded.withLock({ $0 }) { return key }
        do {
            let key = try SecretKey.load(from: location.path, groupMayRead: location.origin == .systemdCredential)
            loaded.withLock { $0 = key }
            return key
        } catch .missing {
            return nil
        }
    }

    /// The key to seal with: the existing one, else a new one where the location allows it.
    /// `sealedWith` is the key id the database's secrets already carry, if any.
    func keyForSealing(sealedWith: String?) throws(SecretKeyProblem) -> SecretKey {
        if let key = try existingKey() {
            if let sealedWith, sealedWith != key.id {
                throw .wrongKey(path: location.path, sealedWith: sealedWith, keyID: key.id)
            }
            return key
        }
        if let sealedWith { throw .sealedWithoutKey(path: location.path, sealedWith: sealedWith) }
        guard location.mayCreate else { throw .missing(path: location.path) }
        let key = try SecretKey.create(at: location.path)
        loaded.withLock { $0 = key }
        return key
    }
}
