import Crypto
import Foundation

/// What a PSA ticket carries (ConnectWise `externalXRef`, Autotask `externalID`, HaloPSA
/// `third_party_id_string`) so that psalink can find it again after a crash: the dedupe key,
/// hashed to a fixed 40 characters. The key itself can be longer than those fields hold
/// (Autotask's `externalID` takes 50) and contains customer text; the hash does neither.
public enum ExternalReference {
    public static let prefix = "psalink:"

    public static func forKey(_ dedupeKey: String) -> String {
        let digest = SHA256.hash(data: Data(dedupeKey.utf8))
        return prefix + digest.prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
