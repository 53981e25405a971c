import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `doctor` knows about the database file and its companions (`-wal`, `-shm`).
public struct DatabaseFacts: Sendable, Equatable {
    public var path: String
    /// Permission bits of each file that exists, by path, read before psalink opened the
    /// database: opening tightens the main file (`Store.open`), which would hide that it was
    /// readable by others until then.
    public var modesBeforeOpen: [String: UInt32]
    /// The same after opening.
    public var modes: [String: UInt32]
    /// Whether this user may write the file and create files next to it.
    public var writable: Bool
    /// The write-ahead log's size; nil when there is none.
    public var walBytes: Int64?
    /// `PRAGMA integrity_check`'s rows ("ok" alone when the file is sound); nil when the store
    /// could not be opened at all.
    public var integrity: [String]?
    /// Why the store could not be opened.
    public var openError: String?
    /// False when there is no file at `path`: psalink was set up elsewhere (another user,
    /// another database path), and opening would only create an empty database.
    public var exists: Bool

    public init(
        path: String, modesBeforeOpen: [String: UInt32], modes: [String: UInt32], writable: Bool, walBytes: Int64?,
        integrity: [String]?, openError: String? = nil, exists: Bool = true
    ) {
        self.path = path
        self.modesBeforeOpen = modesBeforeOpen
        self.modes = modes
        self.writable = writable
        self.walBytes = walBytes
        self.integrity = integrity
        self.openError = openError
        self.exists = exists
    }

    /// The database and its companions, in the order messages name them.
    public static func files(of path: String) -> [String] { [path, path + "-wal", path + "-shm"] }

    /// Permission bits of the files among `files(of:)` that exist.
    public static func modes(of path: String) -> [String: UInt32] {
        var modes: [String: UInt32] = [:]
        for file in files(of: path) {
            var info = stat()
            if stat(file, &info) == 0 { modes[file] = UInt32(info.st_mode) & 0o7777 }
        }
        return modes
    }

    /// Whether the file is writable and its folder lets SQLite create its journal files.
    public static func isWritable(_ path: String) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent
        return access(path, W_OK) == 0 && access(folder.isEmpty ? "." : folder, W_OK | X_OK) == 0
    }

    public static func walSize(of path: String) -> Int64? {
        var info = stat()
        guard stat(path + "-wal", &info) == 0 else { return nil }
        return Int64(info.st_size)
    }
}
