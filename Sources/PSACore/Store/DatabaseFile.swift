import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The database file on disk, made ready before SQLite opens it so that the secrets it will hold
/// are never in a file or folder that other users can read, not even for a moment.
enum DatabaseFile {
    static let folderMode: mode_t = 0o700
    static let fileMode: mode_t = 0o600

    /// Creates the missing folders (0700) and, if absent, an empty file (0600), and checks that
    /// an existing file can be written. Folders and files that already exist keep their modes.
    static func prepare(at path: String) throws(StoreError) {
        try createMissingFolders(of: path)
        try createOrCheckFile(at: path)
    }

    /// Tightens an existing file that group or others can read or write to 0600.
    ///
    /// The file holds credentials, and a wider mode is most likely left from a copy or an editor;
    /// silently keeping it would leave the secrets exposed. Called only once the file is known to
    /// be psalink's, so that another application's file never has its mode changed. Failure
    /// (the file belongs to another user) is not fatal: the database still works.
    ///
    /// SQLite gives the write-ahead log and its index the main file's mode when it creates them,
    /// which the first read already did; they are tightened too.
    static func restrictPermissions(at path: String) {
        for file in [path, path + "-wal", path + "-shm"] {
            var info = stat()
            guard stat(file, &info) == 0, info.st_mode & 0o077 != 0 else { continue }
            _ = chmod(file, fileMode)
        }
    }

    /// `path` made absolute against the current directory, so that messages name the real file.
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let current = FileManager.default.currentDirectoryPath
        return current.hasSuffix("/") ? current + path : current + "/" + path
    }

    private static func createMissingFolders(of path: String) throws(StoreError) {
        var missing: [String] = []
        var folder = parent(of: path)
        while true {
            var info = stat()
            if stat(folder, &info) == 0 {
                guard info.st_mode & S_IFMT == S_IFDIR else {
                    throw .cannotCreate(path: missing.last ?? path, reason: reason(ENOTDIR))
                }
                break
            }
            let error = errno
            guard error == ENOENT else { throw .cannotCreate(path: folder, reason: reason(error)) }
            missing.append(folder)
            let next = parent(of: folder)
            if next == folder { break }
            folder = next
        }
        for folder in missing.reversed() {
            guard mkdir(folder, folderMode) == 0 else {
                let error = errno
                // Another psalink process may have created it a moment ago.
                if error == EEXIST, isDirectory(folder) { continue }
                throw folderError(parent(of: folder), error, creating: folder)
            }
            // mkdir's mode passes through the umask, which may have removed owner bits.
            _ = chmod(folder, folderMode)
        }
    }

    private static func createOrCheckFile(at path: String) throws(StoreError) {
        // O_EXCL makes creation and the 0600 mode one step, so there is no window in which a
        // wider mode applies; O_NONBLOCK keeps a FIFO at `path` from hanging the open.
        let created = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NONBLOCK, fileMode)
        if created >= 0 {
            // The umask may have removed owner bits that open was asked for.
            _ = fchmod(created, fileMode)
            close(created)
            return
        }
        let creationError = errno
        guard creationError == EEXIST else {
            throw folderError(parent(of: path), creationError, creating: path)
        }

        let existing = open(path, O_RDWR | O_CLOEXEC | O_NONBLOCK)
        guard existing >= 0 else {
            let error = errno
            switch error {
            case EACCES, EPERM, EROFS: throw .readOnly(path: path, reason: reason(error))
            default: throw .cannotCreate(path: path, reason: reason(error))
            }
        }
        defer { close(existing) }
        var info = stat()
        guard fstat(existing, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw .cannotCreate(path: path, reason: "not a regular file")
        }
        // SQLite writes its rollback journal next to the database.
        let folder = parent(of: path)
        guard access(folder, W_OK | X_OK) == 0 else {
            throw .readOnly(path: folder, reason: reason(errno))
        }
    }

    /// The error for a folder that refused the creation of `path` (a folder or the file in it).
    private static func folderError(_ folder: String, _ error: Int32, creating path: String? = nil)
        -> StoreError
    {
        switch error {
        case EACCES, EPERM, EROFS: return .readOnly(path: folder, reason: reason(error))
        default: return .cannotCreate(path: path ?? folder, reason: reason(error))
        }
    }

    private static func parent(of path: String) -> String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "/" : parent
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    private static func reason(_ error: Int32) -> String {
        String(cString: strerror(error))
    }
}
