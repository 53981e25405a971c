import Foundation

/// `psalink accounts sync`: reads every account from Nerdio Manager, then applies the list
/// with `importAccounts` (new ones added, renamed ones updated with their mappings kept,
/// vanished ones flagged missing) and keeps the settings that worked. A failure anywhere
/// before the import changes nothing.
public enum NerdioSync {
    public struct Outcome: Sendable, Equatable {
        /// Accounts Nerdio Manager returned.
        public var accounts: Int
        public var summary: AccountImportSummary
        public var syncedAt: Date
    }

    /// Why a sync failed: Nerdio Manager's side, or the store's.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        case nerdio(NerdioSyncError)
        case store(StoreError)

        public var description: String {
            switch self {
            case .nerdio(let error): return error.description
            case .store(let error): return error.description
            }
        }
    }

    public static func run(_ client: NerdioClient, store: Store, now: Date = Date()) async throws(Failure)
        -> Outcome
    {
        let accounts: [NerdioAccount]
        do {
            accounts = try await client.fetchAccounts()
        } catch {
            throw .nerdio(error)
        }
        do {
            let summary = try store.importAccounts(accounts)
            try store.saveNerdioSync(
                client.settings.normalized, syncedAt: now, result: resultText(accounts: accounts.count, summary))
            return Outcome(accounts: accounts.count, summary: summary, syncedAt: now)
        } catch {
            throw .store(error)
        }
    }

    /// The `last_result` line: what the sync changed.
    static func resultText(accounts: Int, _ summary: AccountImportSummary) -> String {
        "\(accounts) accounts: \(summary.added) added, \(summary.updated) updated, \(summary.unchanged) unchanged, "
            + "\(summary.returned) back, \(summary.markedMissing) flagged missing"
    }
}
