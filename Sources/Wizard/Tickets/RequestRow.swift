import Foundation
import PSACore
import TerminalUI

/// One PSA request in a ticket's detail, one line; texts made safe here.
struct RequestRow: Sendable {
    var id: Int64
    var time: String
    var method: String
    var path: String
    var status: String
    var duration: String
    /// The start of the PSA's error text, or why no answer came; empty for a success.
    var error: String
    /// No answer, or an answer that is not a success.
    var isFailed: Bool

    init(_ entry: RequestLogEntry) {
        let request = entry.request
        id = entry.id
        time = RequestRow.time(request.startedAt)
        method = TerminalSafeText.escaped(request.method)
        path = TerminalSafeText.escaped(request.path)
        status = request.status.map(String.init) ?? "no answer"
        let (seconds, attoseconds) = request.duration.components
        duration = "\(seconds * 1_000 + attoseconds / 1_000_000_000_000_000) ms"
        error = TerminalSafeText.escaped(request.failure ?? "")
        isFailed = request.status.map { !(200..<400).contains($0) } ?? true
    }

    /// "11-29 10:04:05" in UTC: requests come in bursts, the seconds tell them apart.
    static func time(_ date: Date) -> String {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))"
    }

    static let columns: [TableColumn<RequestRow>] = [
        TableColumn("Time (UTC)", width: .fixed(14), text: { $0.time }),
        TableColumn("Method", width: .fixed(6), text: { $0.method }),
        {
            var status = TableColumn<RequestRow>("Status", width: .fixed(9), text: { $0.status })
            status.role = { $0.isFailed ? .error : nil }
            return status
        }(),
        TableColumn("Took", width: .fixed(8), alignment: .trailing, text: { $0.duration }),
        TableColumn("Path", width: .fill(3), text: { $0.path }),
        TableColumn("PSA error", width: .fill(2), text: { $0.error }),
    ]
}
