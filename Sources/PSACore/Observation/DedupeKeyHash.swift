import Crypto
import Foundation

/// How a log names a dedupe key without showing it (it holds account and resource names): the
/// first 16 hex digits of its SHA-256, enough to follow one key's events through the log.
public enum DedupeKeyHash {
    public static func of(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).prefix(8).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
