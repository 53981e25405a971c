import Foundation
import PSACore

/// `serve --sync-every HOURS`: runs `SyncRun` once every period, the first one period after
/// the start, never two at once. A round whose turn comes while another sync holds the lock
/// (a `psalink sync` from cron, another `serve`) is skipped; the next round comes a period later.
/// Cancelling the task stops the wait at once and the sync in progress between requests.
struct SyncSchedule: Sendable {
    let sync: SyncRun
    let period: Duration
    /// Where each round says how it went: the service's log and metrics.
    let report: @Sendable (Round) -> Void

    /// How one round went.
    enum Round: Sendable {
        /// The sync ran; each integration's summary says whether a step failed.
        case finished([SyncRun.IntegrationSummary])
        /// Another sync held the lock.
        case skipped(String)
        /// The store could not start the sync.
        case couldNotStart(String)
    }

    func run() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: period)
            } catch {
                return
            }
            await round()
        }
    }

    /// One sync; its summary is in the audit log and `sync_state` whatever happens here.
    func round() async {
        do {
            report(.finished(try await sync.run()))
        } catch {
            switch error {
            case .busy: report(.skipped("sync skipped this round: \(error.description)"))
            case .store(let failure): report(.couldNotStart("sync could not start: \(failure.description)"))
            }
        }
    }

    /// The most `--sync-every` takes: a year.
    static let maximumHours = 8_760.0

    /// The period for `hours` (at least a second), or nil for 0: periodic sync off.
    static func period(hours: Double) -> Duration? {
        guard hours > 0 else { return nil }
        return .milliseconds(max(1_000, Int64((min(hours, maximumHours) * 3_600_000).rounded())))
    }
}
