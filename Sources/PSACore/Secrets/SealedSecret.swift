import Crypto
import Foundation

/// A secret value as the database keeps it: a marker, the id of the key that sealed it, and
/// ChaCha20-Poly1305's nonce, ciphertext and tag. The context (which column it belongs to) is
/// authenticated, so a sealed value copied into another column does not open.
enum SealedSecret {
    private static let marker = Data("psk1".utf8)

    static func isSealed(_ data: Data) -> Bool { data.starts(with: marker) }

    /// The id of the key `data` was sealed with, or nil for a value that is not sealed.
    static func keyID(of data: Data) -> String? {
        guard isSealed(data), data.count >= marker.count + SecretKey.idLength else { return nil }
        return data.dropFirst(marker.count).prefix(SecretKey.idLength).map { String(format: "%02x", $0) }.joined()
    }

    static func seal(_ plaintext: Data, with key: SecretKey, context: String) throws -> Data {
        let box = try ChaChaPoly.seal(plaintext, using: key.value, authenticating: Data(context.utf8))
        return marker + key.idBytes + box.combined
    }

    static func open(_ data: Data, with key: SecretKey, context: String) throws -> Data {
        let box = try ChaChaPoly.SealedBox(combined: data.dropFirst(marker.count + SecretKey.idLength))
        return try ChaChaPoly.open(box, using: key.value, authenticating: Data(context.utf8))
    }
}
