import Crypto
import Foundation

/// The shared secret `serve` expects in `Authorization: Bearer …`. Compared in constant
/// time: both sides are hashed to 32 bytes first, so neither the position of the first
/// difference nor the token's length shows in the time taken.
public struct BearerToken: Sendable {
    private let digest: [UInt8]

    public init(_ token: String) {
        digest = Array(SHA256.hash(data: Data(token.utf8)))
    }

    /// Whether an `Authorization` header value carries this token.
    public func accepts(authorization header: String?) -> Bool {
        let given = header.flatMap { value -> Substring? in
            let trimmed = value.drop { $0 == " " }
            guard trimmed.count > 7, trimmed.prefix(7).lowercased() == "bearer " else { return nil }
            return trimmed.dropFirst(7)
        }
        let candidate = Array(SHA256.hash(data: Data((given ?? "").utf8)))
        var difference: UInt8 = given == nil ? 1 : 0
        for (a, b) in zip(candidate, digest) { difference |= a ^ b }
        return difference == 0
    }
}
