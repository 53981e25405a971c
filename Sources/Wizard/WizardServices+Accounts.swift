import Foundation
import PSACore

/// The Nerdio accounts sync form of the home screen (key n): the stored settings, and the
/// sync itself, which stores them only when it succeeds.
extension WizardServices {
    /// The stored sync (settings, last sync and its result); nil before the first success.
    func storedNerdioSync() -> Result<NerdioSyncRecord?, WizardFailure> {
        do throws(StoreError) {
            return .success(try store.nerdioSync())
        } catch {
            return .failure(WizardFailure(error.description))
        }
    }

    /// Syncs, and says what changed in one line.
    func syncAccounts(_ settings: NerdioSyncSettings) async -> Result<String, WizardFailure> {
        do throws(NerdioSync.Failure) {
            let outcome = try await NerdioSync.run(NerdioClient(settings: settings, client: client), store: store)
            let summary = outcome.summary
            return .success(
                "\(outcome.accounts) accounts, \(summary.added) added, \(summary.updated) updated, "
                    + "\(summary.markedMissing) flagged missing")
        } catch {
            return .failure(WizardFailure(error.description))
        }
    }
}
