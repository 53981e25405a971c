import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The key that seals the PSA and Nerdio secrets in the database: 32 random bytes, kept in a
/// file outside the database as one line of base64 (so that it can be copied, pasted into a
/// password manager or handed to systemd as a credential).
public struct SecretKey: Sendable {
    let value: SymmetricKey
    /// Names the key without revealing it: sealed values carry it, so that a database opened with
    /// another key is refused before anything is decrypted or rewritten.
    public var id: String { idBytes.map { String(format: "%02x", $0) }.joined() }
    /// `id` as sealed values carry it.
    let idBytes: Data

    init(bytes: Data) {
        value = SymmetricKey(data: bytes)
        let mac = HMAC<SHA256>.authenticationCode(for: Data("psalink secrets key id".utf8), using: value)
        idBytes = Data(Data(mac).prefix(SecretKey.idLength))
    }

    static let byteCount = 32
    static let idLength = 8

    /// Reads the key at `path`, refusing a file that other users may read or that does not hold
    /// exactly one key. `groupMayRead`: systemd gives a service its credentials through an ACL
    /// entry where the file system has ACLs, and `stat` shows the ACL's mask as group bits, so
    /// its credential reads 0440 while only the service user can read it.
    static func load(from path: String, groupMayRead: Bool = false) throws(SecretKeyProblem) -> SecretKey {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW)
        guard descriptor >= 0 else {
            let error = errno
            if error == ENOENT { throw .missing(path: path) }
            if error == ELOOP { throw .notRegularFile(path: path) }
            throw .unreadable(path: path, reason: String(cString: strerror(error)))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw .notRegularFile(path: path)
        }
        guard info.st_mode & 0o077 & ~(groupMayRead ? 0o040 : 0) == 0 else {
            throw .tooOpen(path: path, mode: info.st_mode & 0o777)
        }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = read(descriptor, &buffer, buffer.count)
        guard count >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        let text = String(decoding: buffer.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard count < buffer.count, let bytes = Data(base64Encoded: text), bytes.count == byteCount else {
            throw .malformed(path: path)
        }
        return SecretKey(bytes: bytes)
    }

    /// Creates a new random key at `path` (0600), or reads the one another psalink process
    /// created there a moment ago.
    static func create(at path: String) throws(SecretKeyProblem) -> SecretKey {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            let error = errno
            if error == EEXIST { return try load(from: path) }
            throw .cannotCreate(path: path, reason: String(cString: strerror(error)))
        }
        let key = SymmetricKey(size: .bits256)
        let line = Data(key.withUnsafeBytes { Data($0) }.base64EncodedString().utf8) + Data("\n".utf8)
        // The umask may have removed owner bits; the file must never be wider than 0600.
        _ = fchmod(descriptor, 0o600)
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == line.count, synced else {
            unlink(path)
            throw .cannotCreate(path: path, reason: "the key could not be written")
        }
        return SecretKey(bytes: key.withUnsafeBytes { Data($0) })
    }
}
