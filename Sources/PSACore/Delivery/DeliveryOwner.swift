import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Who holds an event's lease: this process, as "pid@host". A lease whose process on this
/// host is gone (killed, crashed) is released at once instead of when it runs out.
public enum DeliveryOwner {
    public static let current = "\(getpid())@\(ProcessInfo.processInfo.hostName)"

    public static func isGone(_ owner: String) -> Bool {
        let parts = owner.split(separator: "@", maxSplits: 1)
        guard parts.count == 2, String(parts[1]) == ProcessInfo.processInfo.hostName, let pid = pid_t(parts[0]) else {
            return false
        }
        if owner == current { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}
