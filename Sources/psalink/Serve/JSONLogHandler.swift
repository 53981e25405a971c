import Foundation
import Logging
import PSACore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `serve`'s log: one JSON object per line on standard error (see `JSONLogLine`), for journald
/// and log shippers. Each line is written with one call under a process-wide lock, so lines
/// from concurrent tasks never interleave.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    private let descriptor: Int32

    init(label: String, level: Logger.Level, descriptor: Int32 = STDERR_FILENO) {
        self.label = label
        logLevel = level
        self.descriptor = descriptor
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let own = event.metadata { merged.merge(own) { $1 } }
        let line = JSONLogLine(
            date: Date(), level: event.level.rawValue, label: label, message: event.message.description,
            fields: merged.mapValues(Self.value))
        Self.emit(line.text, to: descriptor)
    }

    static func value(_ metadata: Logger.MetadataValue) -> JSONLogLine.Value {
        switch metadata {
        case .string(let text): return .string(text)
        case .stringConvertible(let convertible):
            switch convertible {
            case let number as Int: return .integer(Int64(number))
            case let number as Int64: return .integer(number)
            case let number as Double: return .double(number)
            case let flag as Bool: return .bool(flag)
            default: return .string(convertible.description)
            }
        case .array(let items): return .array(items.map(value))
        case .dictionary(let entries): return .object(entries.mapValues(value))
        }
    }

    private static let writing = Mutex<Void>(())

    private static func emit(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)
        writing.withLock { _ in
            bytes.withUnsafeMutableBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0, errno == EINTR { continue }
                    // A closed or full log cannot be reported anywhere else; the line is dropped.
                    guard written > 0 else { return }
                    offset += written
                }
            }
        }
    }
}
